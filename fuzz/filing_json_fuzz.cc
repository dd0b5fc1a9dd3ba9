// libFuzzer target for the filing JSON codec (src/codec/filing_json.h) and the filing checks
// (src/filings/validate.h). Feeds arbitrary bytes to codec::DecodeFilingText and asserts:
//   - a rejection has at least one FieldError, each with a well-formed JSON pointer ("" or
//     "/..." with every '~' escaped as ~0 / ~1) and a message in both languages that is valid
//     UTF-8 (it is sent in a problem+json body); when the bytes are valid JSON, each pointer
//     names a value of the document or a field of one of its objects (a missing required field);
//   - an accepted filing round-trips: DecodeFilingText(EncodeFilingText(f)) == f, and encoding
//     that again gives the same text (the encoding is canonical);
//   - filings::CheckFiling against the ports pack's forms (loaded once from
//     data/regime/ports.toml in LLVMFuzzerInitialize) gives findings with well-formed pointers
//     and valid UTF-8 messages, and EncodeFindings renders them.
// Must never crash, leak or trip UBSan. Built and run by fuzz/run. The regime pack is found at
// $KIKAN_FUZZ_PORTS_TOML, else <binary>/../data/regime/ports.toml, else
// data/regime/ports.toml (the fuzzer exits at start-up when none loads).
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/utf8.h"
#include "codec/filing_json.h"
#include "filings/model.h"
#include "filings/validate.h"
#include "regime/regime.h"

namespace {

namespace json = boost::json;
using kikan::codec::FieldError;
using kikan::filings::Filing;
using kikan::regime::FilingKind;

struct Ports {
  kikan::regime::Regime regime;
  const kikan::regime::Pack* pack = nullptr;
};
const Ports* g_ports = nullptr;  // set once by LLVMFuzzerInitialize, intentionally leaked

// A fixed "today" for the date checks, so that runs are reproducible.
const kikan::base::Date kToday = kikan::base::Date::Ymd(2025, 11, 4);

[[noreturn]] void Fail(const char* what, std::string_view input, const std::string& detail) {
  std::fprintf(stderr,
               "filing_json_fuzz: %s\n--- input (%zu bytes) ---\n%.*s\n--- detail ---\n%s\n", what,
               input.size(), static_cast<int>(input.size()), input.data(), detail.c_str());
  std::abort();
}

bool IsText(const kikan::base::Text& t) {
  return !t.ja.empty() && !t.en.empty() && kikan::base::IsValidUtf8(t.ja) &&
         kikan::base::IsValidUtf8(t.en);
}

// RFC 6901 syntax: "" or a sequence of "/token" where '~' is only followed by '0' or '1'.
bool IsPointerSyntax(std::string_view p) {
  if (p.empty()) return true;
  if (p[0] != '/') return false;
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '~' && (i + 1 == p.size() || (p[i + 1] != '0' && p[i + 1] != '1'))) return false;
  }
  return true;
}

// Whether `pointer` names a value of `doc`, or a field of an object of `doc` (its parent is an
// object): what a decoding error may point at.
bool PointsIntoDocument(const json::value& doc, std::string_view pointer) {
  boost::system::error_code ec;
  if (doc.find_pointer(pointer, ec) != nullptr) return true;
  size_t cut = pointer.rfind('/');
  if (cut == std::string_view::npos) return false;
  ec.clear();
  const json::value* parent = doc.find_pointer(pointer.substr(0, cut), ec);
  return parent != nullptr && parent->is_object();
}

std::string Describe(const std::vector<FieldError>& errors) {
  std::string out;
  for (const FieldError& e : errors) out += "  " + e.pointer + ": " + e.message.en + "\n";
  return out;
}

void CheckAgainst(const Filing& filing, const kikan::regime::Form& form, std::string_view input) {
  kikan::filings::ValueContext context;
  context.pack = g_ports->pack;
  context.today = kToday;
  std::vector<kikan::filings::MissingItem> findings =
      kikan::filings::CheckFiling(filing, form, context);
  for (const kikan::filings::MissingItem& m : findings) {
    if (!IsPointerSyntax(m.pointer))
      Fail("a finding's pointer is not a JSON pointer", input, m.pointer);
    if (m.item.empty() || !IsText(m.message)) {
      Fail("a finding without item or valid UTF-8 message", input, m.pointer + " " + m.item);
    }
  }
  json::array rendered = kikan::codec::EncodeFindings(findings);
  if (rendered.size() != findings.size()) Fail("EncodeFindings lost findings", input, "");
  // Without a pack or today the checks needing them are skipped; they must still be sound.
  (void)kikan::filings::CheckFiling(filing, form, kikan::filings::ValueContext{});
  (void)kikan::filings::HasErrors(findings);
}

std::string LoadError(const std::vector<kikan::regime::PackProblem>& problems) {
  std::string out;
  for (const auto& p : problems) out += p.Render(kikan::base::Lang::kEn) + "\n";
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  std::vector<std::string> candidates;
  if (const char* env = std::getenv("KIKAN_FUZZ_PORTS_TOML")) candidates.emplace_back(env);
  if (argc != nullptr && *argc > 0) {
    std::filesystem::path self((*argv)[0]);
    candidates.push_back((self.parent_path() / ".." / "data" / "regime" / "ports.toml").string());
  }
  candidates.emplace_back("data/regime/ports.toml");
  std::string tried;
  for (const std::string& path : candidates) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
      tried += "  " + path + ": not found\n";
      continue;
    }
    std::vector<kikan::regime::PackProblem> problems;
    auto regime = kikan::regime::Load({path}, &problems);
    if (!regime) {
      tried += "  " + path + ": " + regime.status().en() + "\n" + LoadError(problems);
      continue;
    }
    auto* ports = new Ports{std::move(*regime), nullptr};
    if (ports->regime.FindBusiness("general_port_transport", &ports->pack) == nullptr ||
        ports->pack == nullptr) {
      tried += "  " + path + ": no business general_port_transport\n";
      delete ports;
      continue;
    }
    g_ports = ports;
    return 0;
  }
  std::fprintf(stderr, "filing_json_fuzz: cannot load the ports pack; tried:\n%s", tried.c_str());
  std::exit(1);
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto decoded = kikan::codec::DecodeFilingText(input);
  if (!decoded) {
    const std::vector<FieldError>& errors = decoded.error();
    if (errors.empty()) Fail("rejected without any FieldError", input, "");
    for (const FieldError& e : errors) {
      if (!IsPointerSyntax(e.pointer))
        Fail("an error's pointer is not a JSON pointer", input, Describe(errors));
      if (!IsText(e.message))
        Fail("an error without a valid UTF-8 message", input, Describe(errors));
    }
    boost::system::error_code ec;
    json::value doc = json::parse(input, ec);
    if (!ec) {
      for (const FieldError& e : errors) {
        if (!PointsIntoDocument(doc, e.pointer)) {
          Fail("an error points outside the document", input, Describe(errors));
        }
      }
    }
    return 0;
  }
  const Filing& filing = *decoded;

  // The round trip: decode(encode(f)) == f, and the encoding is canonical.
  const std::string text = kikan::codec::EncodeFilingText(filing);
  auto again = kikan::codec::DecodeFilingText(text);
  if (!again)
    Fail("the encoding of an accepted filing is rejected", input,
         text + "\n" + Describe(again.error()));
  if (!(*again == filing)) Fail("decode(encode(f)) != f", input, text);
  const std::string text2 = kikan::codec::EncodeFilingText(*again);
  if (text2 != text) Fail("encoding is not canonical", input, text + "\n" + text2);

  // The checks against the form of the filing's kind, and the installation plan's form (whose
  // kind check then fires for the other kinds).
  const kikan::regime::Pack& pack = *g_ports->pack;
  if (const kikan::regime::Form* form = pack.FindForm(filing.kind, kToday)) {
    CheckAgainst(filing, *form, input);
  }
  if (filing.kind != FilingKind::kInstallationPlan) {
    if (const kikan::regime::Form* form = pack.FindForm(FilingKind::kInstallationPlan, kToday)) {
      CheckAgainst(filing, *form, input);
    }
  }
  return 0;
}
