// libFuzzer target for SBOM/HBOM documents (supply::ParseDocument, src/supply/document.h): feeds
// arbitrary bytes as a document and checks the header's contract:
//   - a refusal is kInvalidArgument with a message in both languages, valid UTF-8, and at most
//     kMaxProblems field errors, each at a JSON pointer (syntax: "" or "/…");
//   - an accepted document respects the bounds (at most kMaxComponents components and
//     kMaxServices services), its component refs are unique and each parent names an earlier
//     component; and export → import gives the same inventory (supply::ExportCycloneDx), whose
//     export is the same bytes again.
// Must never crash, leak or trip UBSan. Built and run by fuzz/run.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include "base/status.h"
#include "base/utf8.h"
#include "supply/document.h"

namespace {

[[noreturn]] void Fail(const char* what, std::string_view input) {
  std::fprintf(stderr, "supply_document_fuzz: %s\ninput (%zu bytes): %.*s\n", what, input.size(),
               static_cast<int>(input.size() > 2000 ? 2000 : input.size()), input.data());
  std::abort();
}

bool IsPointerSyntax(std::string_view p) {
  if (p.empty()) return true;
  if (p[0] != '/') return false;
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '~' && (i + 1 == p.size() || (p[i + 1] != '0' && p[i + 1] != '1'))) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace kikan;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto parsed = supply::ParseDocument(input);
  if (!parsed) {
    const base::Status& s = parsed.error();
    if (s.code() != base::StatusCode::kInvalidArgument) Fail("refused with another code", input);
    if (s.ja().empty() || s.en().empty() || !base::IsValidUtf8(s.ja()) ||
        !base::IsValidUtf8(s.en())) {
      Fail("a refusal without a valid message in both languages", input);
    }
    if (s.fields().size() > supply::kMaxProblems)
      Fail("more field errors than kMaxProblems", input);
    for (const auto& f : s.fields()) {
      if (!IsPointerSyntax(f.pointer)) Fail("a field error not at a JSON pointer", input);
      if (!base::IsValidUtf8(f.message.ja) || !base::IsValidUtf8(f.message.en))
        Fail("a field error's message is not UTF-8", input);
    }
    return 0;
  }
  const supply::Inventory& inv = parsed->inventory;
  if (inv.components.size() > supply::kMaxComponents || inv.services.size() > supply::kMaxServices)
    Fail("an accepted document over the bounds", input);
  std::set<std::string> refs;
  for (const auto& c : inv.components) {
    if (!c.parent.empty() && refs.count(c.parent) == 0) Fail("a parent after its child", input);
    if (!refs.insert(c.ref).second) Fail("a duplicate component ref", input);
  }
  std::string exported = supply::ExportCycloneDx(inv, {});
  auto again = supply::ParseDocument(exported);
  if (!again) Fail("the export of an accepted document is refused", input);
  if (!(again->inventory == inv)) Fail("export → import changed the inventory", input);
  if (supply::ExportCycloneDx(again->inventory, {}) != exported)
    Fail("the export is not stable", input);
  return 0;
}
