#include "rules/rule.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <set>

#include "base/date.h"
#include "base/utf8.h"
#include "rules/ast.h"
#include "rules/eval.h"
#include "rules/lexer.h"

namespace kikan::rules {

// ---------------------------------------------------------------------------------------------
// Value

Value Value::Bool(bool v) {
  Value x;
  x.kind = Kind::kBool;
  x.b = v;
  return x;
}
Value Value::Int(int64_t v) {
  Value x;
  x.kind = Kind::kInt;
  x.i = v;
  return x;
}
Value Value::Decimal(int64_t scaled) {
  Value x;
  x.kind = Kind::kDecimal;
  x.i = scaled;
  return x;
}
Value Value::Text(std::string v) {
  Value x;
  x.kind = Kind::kText;
  x.text = std::move(v);
  return x;
}
Value Value::Date(int32_t days) {
  Value x;
  x.kind = Kind::kDate;
  x.i = days;
  return x;
}
Value Value::Ratio(int64_t part, int64_t whole) {
  Value x;
  x.kind = Kind::kRatio;
  x.i = part;
  x.whole = whole;
  return x;
}
Value Value::Quotient(int64_t sum, int64_t count) {
  Value x = Ratio(sum, count);
  x.kind = Kind::kQuotient;
  return x;
}

namespace {

std::string Grouped(uint64_t v) {
  std::string digits = std::to_string(v);
  std::string out;
  int k = static_cast<int>(digits.size());
  for (char c : digits) {
    out.push_back(c);
    --k;
    if (k > 0 && k % 3 == 0) out.push_back(',');
  }
  return out;
}

uint64_t Abs(int64_t v) { return v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v); }

std::string DecimalString(int64_t scaled, bool group) {
  uint64_t a = Abs(scaled);
  uint64_t ip = a / kDecimalScale, fp = a % kDecimalScale;
  std::string s = scaled < 0 ? "-" : "";
  s += group ? Grouped(ip) : std::to_string(ip);
  if (fp != 0) {
    std::string f = fmt::format("{:04}", fp);
    while (!f.empty() && f.back() == '0') f.pop_back();
    s += "." + f;
  }
  return s;
}

// part / whole as a percentage with two decimals, rounded toward zero: "5.25%".
std::string Percent(int64_t part, int64_t whole) {
  if (whole == 0) return "null";
  __int128 q = static_cast<__int128>(part) * 10'000 / whole;  // hundredths of a percent
  bool neg = q < 0;
  if (neg) q = -q;
  auto hundredths = static_cast<uint64_t>(q);
  return fmt::format("{}{}.{:02}%", neg ? "-" : "", hundredths / 100, hundredths % 100);
}

// sum / count as a number: exact when it has at most 4 decimals, else truncated to 4 with "…".
std::string QuotientString(int64_t sum, int64_t count, bool group) {
  if (count <= 0) return "null";
  const __int128 scaled = static_cast<__int128>(sum) * kDecimalScale;
  const __int128 q = scaled / count;  // toward zero
  if (q > INT64_MAX || q < INT64_MIN) return "null";
  std::string s = DecimalString(static_cast<int64_t>(q), group);
  if (scaled % count != 0) s += "…";
  return s;
}

std::string JsonEscape(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          out += fmt::format("\\u{:04x}", c);
        } else {
          out.push_back(ch);
        }
    }
  }
  out += "\"";
  return out;
}

std::string ValueJson(const Value& v) {
  switch (v.kind) {
    case Value::Kind::kNull:
      return "null";
    case Value::Kind::kBool:
      return v.b ? "true" : "false";
    case Value::Kind::kInt:
      return fmt::format("{{\"int\":{}}}", v.i);
    case Value::Kind::kDecimal: {
      uint64_t a = Abs(v.i);
      return fmt::format("{{\"decimal\":\"{}{}.{:04}\"}}", v.i < 0 ? "-" : "", a / kDecimalScale,
                         a % kDecimalScale);
    }
    case Value::Kind::kRatio:
      return fmt::format("{{\"ratio\":[{},{}],\"percent\":\"{}\"}}", v.i, v.whole,
                         Percent(v.i, v.whole));
    case Value::Kind::kQuotient:
      return fmt::format("{{\"quotient\":[{},{}],\"decimal\":\"{}\"}}", v.i, v.whole,
                         QuotientString(v.i, v.whole, false));
    case Value::Kind::kText:
      return fmt::format("{{\"text\":{}}}", JsonEscape(v.text));
    case Value::Kind::kDate:
      return fmt::format("{{\"date\":\"{}\"}}",
                         base::Date::FromDays(static_cast<int32_t>(v.i)).ToIso());
    case Value::Kind::kList: {
      std::string s = "{\"list\":[";
      for (size_t k = 0; k < v.list.size(); ++k) {
        if (k > 0) s += ",";
        s += ValueJson(v.list[k]);
      }
      return s + "]}";
    }
  }
  return "null";
}

void NodeJson(const ExplainNode& n, std::string& out) {
  out += fmt::format(
      "{{\"source\":{},\"loc\":{{\"line\":{},\"column\":{}}},\"citation\":{},"
      "\"value\":{},\"children\":[",
      JsonEscape(n.source), n.loc.line, n.loc.column, JsonEscape(n.citation), ValueJson(n.value));
  for (size_t k = 0; k < n.children.size(); ++k) {
    if (k > 0) out += ",";
    NodeJson(n.children[k], out);
  }
  out += "]}";
}

void NodeText(const ExplainNode& n, const std::string& parent_citation, int depth,
              std::string& out) {
  out.append(static_cast<size_t>(depth) * 2, ' ');
  const bool is_bool = n.value.kind == Value::Kind::kBool;
  const bool unknown = n.boolean && n.value.kind == Value::Kind::kNull;  // Kleene's third value
  out += is_bool ? (n.value.b ? "✓ " : "✗ ") : unknown ? "? " : "= ";
  // Sources may span lines; show them on one.
  std::string src;
  for (char c : n.source) {
    const bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (space && (src.empty() || src.back() == ' ')) continue;
    src.push_back(space ? ' ' : c);
  }
  if (!src.empty() && src.back() == ' ') src.pop_back();
  out += src;
  if (!is_bool && !unknown) out += fmt::format("  ({})", n.value.ToString());
  if (!n.citation.empty() && n.citation != parent_citation)
    out += fmt::format("  [{}]", n.citation);
  out += "\n";
  for (const auto& c : n.children) NodeText(c, n.citation, depth + 1, out);
}

}  // namespace

std::string Value::ToString() const {
  switch (kind) {
    case Kind::kNull:
      return "null";
    case Kind::kBool:
      return b ? "true" : "false";
    case Kind::kInt:
      return (i < 0 ? "-" : "") + Grouped(Abs(i));
    case Kind::kDecimal:
      return DecimalString(i, true);
    case Kind::kRatio:
      return Percent(i, whole);
    case Kind::kQuotient:
      return QuotientString(i, whole, true);
    case Kind::kText:
      return "\"" + text + "\"";
    case Kind::kDate:
      return base::Date::FromDays(static_cast<int32_t>(i)).ToIso();
    case Kind::kList: {
      std::string s = "[";
      for (size_t k = 0; k < list.size(); ++k) {
        if (k > 0) s += ", ";
        s += list[k].ToString();
      }
      return s + "]";
    }
  }
  return "null";
}

// ---------------------------------------------------------------------------------------------
// Diagnostic

std::string Diagnostic::Render(std::string_view source, std::string_view file,
                               base::Lang lang) const {
  std::string out = file.empty() ? fmt::format("{}:{}: ", loc.line, loc.column)
                                 : fmt::format("{}:{}:{}: ", file, loc.line, loc.column);
  out += message.In(lang);
  const Location at = source_loc.line > 0 ? source_loc : loc;
  // Find the line.
  size_t begin = 0;
  for (int l = 1; l < at.line && begin != std::string_view::npos; ++l) {
    begin = source.find('\n', begin);
    if (begin != std::string_view::npos) ++begin;
  }
  if (begin == std::string_view::npos || begin > source.size()) return out;
  size_t end = source.find('\n', begin);
  if (end == std::string_view::npos) end = source.size();
  std::string_view raw = source.substr(begin, end - begin);
  if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
  // Invalid UTF-8 is shown as U+FFFD, one code point per bad byte.
  std::string clean;
  for (size_t k = 0; k < raw.size();) {
    const base::Utf8Char c = base::DecodeUtf8(raw, k);
    if (c.valid) {
      clean.append(raw.substr(k, c.length));
    } else {
      clean += "\xEF\xBF\xBD";
    }
    k += c.length;
  }
  std::string_view line = clean;
  out += "\n  ";
  out += line;
  out += "\n  ";
  // Under each code point before the column: a tab where it has one, else as many spaces as the
  // cells it takes (base::CodePointWidth, as the pack loader's carets), so the carets line up
  // under Japanese text; then one caret per cell of the `length` code points underlined.
  int col = 1;
  size_t k = 0;
  while (col < at.column && k < line.size()) {
    const base::Utf8Char c = base::DecodeUtf8(line, k);
    if (c.code_point == '\t') {
      out.push_back('\t');
    } else {
      out.append(static_cast<size_t>(std::max(1, base::CodePointWidth(c.code_point))), ' ');
    }
    k += c.length;
    ++col;
  }
  size_t cells = 0;
  for (int n = 0; n < length && k < line.size(); ++n) {
    const base::Utf8Char c = base::DecodeUtf8(line, k);
    cells += static_cast<size_t>(
        c.code_point == '\t' ? 1 : std::max(1, base::CodePointWidth(c.code_point)));
    k += c.length;
  }
  out.append(std::max<size_t>(1, cells), '^');
  return out;
}

// ---------------------------------------------------------------------------------------------
// Explanation

std::string Explanation::ToText(base::Lang lang) const {
  std::string out;
  std::string who =
      subject_name.empty() ? subject_id : fmt::format("{} ({})", subject_name, subject_id);
  if (lang == base::Lang::kEn) {
    out += fmt::format("{}: {}\n", who,
                       !determined ? "undetermined (a value the criteria need is missing)"
                       : result    ? "meets the criteria"
                                   : "does not meet the criteria");
  } else {
    out += fmt::format("{}: {}\n", who,
                       !determined ? "判定不能（基準に必要な値が欠けています）"
                       : result    ? "基準に該当"
                                   : "基準に該当しない");
  }
  NodeText(root, std::string(), 0, out);
  return out;
}

std::string Explanation::ToJson() const {
  std::string out = fmt::format(
      "{{\"schema_version\":{},\"subject\":{{\"id\":{},\"name\":{}}},\"result\":{},"
      "\"determined\":{},\"root\":",
      kSchemaVersion, JsonEscape(subject_id), JsonEscape(subject_name), result ? "true" : "false",
      determined ? "true" : "false");
  NodeJson(root, out);
  out += "}";
  return out;
}

namespace {

void CollectMissing(const ExplainNode& n, std::vector<std::string>& out) {
  bool below = false;
  for (const auto& c : n.children) {
    if (c.value.kind != Value::Kind::kNull) continue;
    below = true;
    CollectMissing(c, out);
  }
  if (below) return;
  std::string src;  // on one line, as NodeText shows it
  for (char c : n.source) {
    const bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (space && (src.empty() || src.back() == ' ')) continue;
    src.push_back(space ? ' ' : c);
  }
  if (!src.empty() && src.back() == ' ') src.pop_back();
  if (std::find(out.begin(), out.end(), src) == out.end()) out.push_back(std::move(src));
}

}  // namespace

std::vector<std::string> Explanation::MissingInputs() const {
  std::vector<std::string> out;
  if (!determined) CollectMissing(root, out);
  return out;
}

// ---------------------------------------------------------------------------------------------
// CompiledRule

struct CompiledRule::Impl {
  std::string source;
  std::string subject;
  Location origin;
  std::string citation;
  std::unique_ptr<internal::Node> root;
  std::vector<std::string> fields_read;
  std::vector<std::string> year_columns_read;
};

CompiledRule::CompiledRule(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CompiledRule::CompiledRule(CompiledRule&&) noexcept = default;
CompiledRule& CompiledRule::operator=(CompiledRule&&) noexcept = default;
CompiledRule::~CompiledRule() = default;

const std::vector<std::string>& CompiledRule::fields_read() const { return impl_->fields_read; }
const std::vector<std::string>& CompiledRule::year_columns_read() const {
  return impl_->year_columns_read;
}
const std::string& CompiledRule::subject() const { return impl_->subject; }

base::Result<std::vector<uint8_t>> CompiledRule::EvaluateAll(const Population& population) const {
  KIKAN_ASSIGN_OR_RETURN(Verdicts v, EvaluateVerdicts(population));
  return std::move(v.holds);
}

base::Result<CompiledRule::Verdicts> CompiledRule::EvaluateVerdicts(
    const Population& population) const {
  internal::VecEvaluator ev(population);
  KIKAN_ASSIGN_OR_RETURN(const Table* tab, ev.TableOf(impl_->subject));
  KIKAN_ASSIGN_OR_RETURN(internal::Vec v, ev.Eval(*impl_->root, *tab));
  const size_t rows = tab->size();
  Verdicts out;
  if (v.is_const) {
    out.holds.assign(rows, v.c != 0 ? 1 : 0);
    return out;
  }
  if (!v.b_own.empty()) {
    out.holds = std::move(v.b_own);
  } else {
    out.holds.assign(v.b, v.b + rows);
  }
  // The validity is exposed only when some row is unknown; moved when the Vec owns it.
  if (v.valid != nullptr && rows > 0 && std::memchr(v.valid, 0, rows) != nullptr) {
    if (!v.valid_own.empty() && v.valid == v.valid_own.data()) {
      out.known = std::move(v.valid_own);
    } else {
      out.known.assign(v.valid, v.valid + rows);
    }
  }
  return out;
}

base::Result<Explanation> CompiledRule::Explain(const Population& population, size_t row) const {
  KIKAN_ASSIGN_OR_RETURN(auto v, ExplainRows(population, {row}));
  return std::move(v[0]);
}

base::Result<std::vector<Explanation>> CompiledRule::ExplainRows(
    const Population& population, const std::vector<size_t>& rows) const {
  return internal::ExplainRowsOf(*impl_->root, impl_->source, impl_->subject, impl_->origin,
                                 impl_->citation, population, rows);
}

namespace {

// The fields a rule reads ("kind.field"), and apart the window columns of other years
// ("operator.deposits_jpy@-1"), whose base field is also among the fields.
void CollectFields(const internal::Node& n, std::set<std::string>& out,
                   std::set<std::string>& years) {
  for (const auto& s : n.steps) {
    const std::string_view base = internal::BaseField(s.field);
    if (base.size() != s.field.size()) years.insert(s.owner_kind + "." + s.field);
    out.insert(s.owner_kind + "." + std::string(base));
  }
  for (const auto& k : n.kids) CollectFields(*k, out, years);
  if (n.by) CollectFields(*n.by, out, years);
}

}  // namespace

base::Result<CompiledRule> Compile(std::string_view source, const CompileOptions& options,
                                   std::vector<Diagnostic>* diagnostics) {
  std::vector<Diagnostic> diags;
  std::unique_ptr<internal::Node> root;
  if (options.schema == nullptr) {
    return base::InvalidArgument(
        {.ja = "Compile にはスキーマが必要です", .en = "Compile needs a schema"});
  }
  auto tokens = internal::Lex(source, &diags);
  if (diags.empty()) root = internal::Parse(source, tokens, &diags);
  if (diags.empty() && root) {
    internal::Check(root.get(), *options.schema, options.subject, options.params, &diags, source);
  }
  if (diags.empty() && !root) {
    Diagnostic d;
    d.message = base::Text{.ja = "ルールを解析できません", .en = "the rule cannot be parsed"};
    diags.push_back(d);
  }
  if (!diags.empty()) {
    std::string en, ja;
    for (auto& d : diags) {
      d.source_loc = d.loc;
      d.loc = d.loc.line == 1
                  ? Location{options.origin.line, options.origin.column + d.loc.column - 1}
                  : Location{options.origin.line + d.loc.line - 1, d.loc.column};
      if (!en.empty()) {
        en += "\n";
        ja += "\n";
      }
      en += d.Render(source, "", base::Lang::kEn);
      ja += d.Render(source, "", base::Lang::kJa);
    }
    if (diagnostics != nullptr) diagnostics->insert(diagnostics->end(), diags.begin(), diags.end());
    return base::InvalidArgument({.ja = std::move(ja), .en = std::move(en)});
  }
  auto impl = std::make_unique<CompiledRule::Impl>();
  impl->source = std::string(source);
  impl->subject = options.subject;
  impl->origin = options.origin;
  impl->citation = options.citation;
  std::set<std::string> fields, years;
  CollectFields(*root, fields, years);
  impl->fields_read.assign(fields.begin(), fields.end());
  impl->year_columns_read.assign(years.begin(), years.end());
  impl->root = std::move(root);
  return CompiledRule(std::move(impl));
}

}  // namespace kikan::rules
