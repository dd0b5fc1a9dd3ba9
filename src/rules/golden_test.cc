// Golden tests of the rules language: every folder under tests/golden/rules/ is one case.
//   rule.kikan   the rule
//   schema.toml  `subject = "operator"` (default), optional `citation`, and `[kinds.KIND]`
//                tables of `field = "type"` (int, decimal, bool, text, date, ref:K, refs:K) or
//                `field = { type = "int", missing = "unknown" }` (the pack's missing policy)
//   data/*.csv   one table per kind: id,name,fields...; empty cell = missing; refs `a;b`
//   params.toml  optional: `name = 5000`, `name = true`, `name = "text"`, `name = 2025-04-01`,
//                `name = { decimal = "0.05" }`
//   expected.txt per row "== ID RESULT" (true, false or unknown) and its explanation
//                (Japanese text form), plus the JSON of the first row; for a rule that does
//                not compile, the rendered diagnostics.
// KIKAN_UPDATE_GOLDEN=1 rewrites expected.txt. The runner is self-contained (its own tiny CSV
// reader) so it does not depend on the dataset loader.
#include <gtest/gtest.h>
#include <toml++/toml.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/date.h"
#include "rules/ast.h"
#include "rules/rule.h"

namespace kikan::rules {
namespace {

namespace fs = std::filesystem;

fs::path GoldenDir() {
  if (const char* d = std::getenv("KIKAN_SOURCE_DIR")) return fs::path(d) / "tests/golden/rules";
  return fs::path(KIKAN_GOLDEN_DIR);
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> SplitCsvLine(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (size_t k = 0; k < line.size(); ++k) {
    char c = line[k];
    if (quoted) {
      if (c == '"' && k + 1 < line.size() && line[k + 1] == '"') {
        cur.push_back('"');
        ++k;
      } else if (c == '"') {
        quoted = false;
      } else {
        cur.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.push_back(cur);
      cur.clear();
    } else if (c != '\r') {
      cur.push_back(c);
    }
  }
  out.push_back(cur);
  return out;
}

int64_t ParseDecimal(const std::string& s) {
  bool neg = !s.empty() && s[0] == '-';
  std::string t = neg ? s.substr(1) : s;
  size_t dot = t.find('.');
  std::string ip = dot == std::string::npos ? t : t.substr(0, dot);
  std::string fp = dot == std::string::npos ? "" : t.substr(dot + 1);
  fp.resize(4, '0');
  int64_t v = std::stoll(ip.empty() ? "0" : ip) * kDecimalScale + std::stoll(fp);
  return neg ? -v : v;
}

struct Case {
  std::string name;
  fs::path dir;
};

std::vector<Case> Cases() {
  std::vector<Case> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(GoldenDir(), ec)) {
    if (e.is_directory()) out.push_back({e.path().filename().string(), e.path()});
  }
  std::sort(out.begin(), out.end(), [](const Case& a, const Case& b) { return a.name < b.name; });
  return out;
}

struct Loaded {
  Schema schema;
  std::string subject = "operator";
  std::string citation;
  Population pop;
  std::map<std::string, Value, std::less<>> params;
};

// Loads schema, data and params; failures are test failures (the case is broken, not the code).
bool Load(const fs::path& dir, Loaded& out, std::string& err) {
  toml::table st;
  try {
    st = toml::parse_file((dir / "schema.toml").string());
  } catch (const toml::parse_error& e) {
    err = std::string(e.description());
    return false;
  }
  if (auto s = st["subject"].value<std::string>()) out.subject = *s;
  if (auto s = st["citation"].value<std::string>()) out.citation = *s;
  // The judged fiscal year, for the explanations of business-year windows.
  if (auto y = st["fiscal_year"].value<int64_t>()) out.pop.fiscal_year = static_cast<int>(*y);
  const toml::table* kinds = st["kinds"].as_table();
  if (kinds == nullptr) {
    err = "schema.toml has no [kinds.*]";
    return false;
  }
  for (const auto& [kname, kval] : *kinds) {
    EntityKind k;
    k.name = std::string(kname.str());
    for (const auto& [fname, fval] : *kval.as_table()) {
      FieldDef f;
      f.name = std::string(fname.str());
      std::string spelling = fval.value<std::string>().value_or("?");
      if (const toml::table* ft_table = fval.as_table()) {
        spelling = (*ft_table)["type"].value_or(std::string("?"));
        const std::string missing = (*ft_table)["missing"].value_or(std::string("skip"));
        auto policy = ParseMissingPolicy(missing);
        if (!policy) {
          err = "unknown missing policy " + missing;
          return false;
        }
        f.missing = *policy;
      }
      auto ft = FieldType::Parse(spelling);
      if (!ft.has_value()) {
        err = ft.status().ToString();
        return false;
      }
      f.type = *ft;
      k.fields.push_back(f);
    }
    if (!out.schema.AddKind(k).ok()) return false;
  }
  // Tables: first ids and raw cells, then typed columns (refs need every table's ids).
  struct Raw {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
  };
  std::map<std::string, Raw> raw;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir / "data", ec)) {
    if (e.path().extension() != ".csv") continue;
    std::istringstream in(ReadFile(e.path()));
    std::string line;
    Raw r;
    bool first = true;
    while (std::getline(in, line)) {
      if (line.empty() || line == "\r") continue;
      auto cells = SplitCsvLine(line);
      if (first) {
        r.header = cells;
        first = false;
      } else {
        cells.resize(r.header.size());
        r.rows.push_back(cells);
      }
    }
    raw[e.path().stem().string()] = std::move(r);
  }
  for (const auto& [kind, r] : raw) {
    Table t;
    t.kind = kind;
    for (const auto& row : r.rows) {
      t.ids.push_back(row[0]);
      t.names.push_back(r.header.size() > 1 && r.header[1] == "name" ? row[1] : "");
    }
    t.BuildIndex();
    out.pop.Add(std::move(t));
  }
  for (const auto& [kind, r] : raw) {
    const EntityKind* ek = out.schema.Find(kind);
    Table* t = out.pop.FindMutable(kind);
    if (ek == nullptr) {
      err = "data/" + kind + ".csv: no such kind in schema.toml";
      return false;
    }
    for (size_t c = 2; c < r.header.size(); ++c) {
      // A window's column of another year ("x@-1", "x@FY2019", "x@total-2") has its field's type.
      const FieldDef* f = ek->Find(internal::BaseField(r.header[c]));
      if (f == nullptr) {
        err = "data/" + kind + ".csv: unknown column " + r.header[c];
        return false;
      }
      Column col;
      col.type = f->type;
      bool any_missing = false;
      const Table* target = f->type.target.empty() ? nullptr : out.pop.Find(f->type.target);
      if (col.type.kind == TypeKind::kRefs) col.refs_offsets.push_back(0);
      for (const auto& row : r.rows) {
        const std::string& cell = row[c];
        bool present = !cell.empty();
        any_missing = any_missing || !present;
        col.valid.push_back(present ? 1 : 0);
        switch (f->type.kind) {
          case TypeKind::kInt:
            col.i64.push_back(present ? std::stoll(cell) : 0);
            break;
          case TypeKind::kDecimal:
            col.i64.push_back(present ? ParseDecimal(cell) : 0);
            break;
          case TypeKind::kDate:
            col.i64.push_back(present ? base::Date::ParseIso(cell)->days_since_epoch() : 0);
            break;
          case TypeKind::kBool:
            col.b.push_back(cell == "true" || cell == "1");
            break;
          case TypeKind::kText:
            col.text.push_back(cell);
            break;
          case TypeKind::kRef: {
            auto row_of = target && present ? target->RowOf(cell) : std::nullopt;
            col.ref.push_back(row_of ? static_cast<int32_t>(*row_of) : kNoRow);
            break;
          }
          case TypeKind::kRefs: {
            std::stringstream ss(cell);
            std::string id;
            while (std::getline(ss, id, ';')) {
              if (id.empty()) continue;
              auto row_of = target ? target->RowOf(id) : std::nullopt;
              col.refs_targets.push_back(row_of ? static_cast<int32_t>(*row_of) : kNoRow);
            }
            col.refs_offsets.push_back(static_cast<uint32_t>(col.refs_targets.size()));
            break;
          }
        }
      }
      if (!any_missing) col.valid.clear();
      t->columns[r.header[c]] = std::move(col);
    }
  }
  if (fs::exists(dir / "params.toml")) {
    toml::table params;
    try {
      params = toml::parse_file((dir / "params.toml").string());
    } catch (const toml::parse_error& e) {
      err = std::string(e.description());
      return false;
    }
    for (const auto& [k, v] : params) {
      std::string name(k.str());
      if (auto i = v.value_exact<int64_t>()) {
        out.params[name] = Value::Int(*i);
      } else if (auto b = v.value_exact<bool>()) {
        out.params[name] = Value::Bool(*b);
      } else if (auto s = v.value_exact<std::string>()) {
        out.params[name] = Value::Text(*s);
      } else if (auto d = v.value_exact<toml::date>()) {
        out.params[name] =
            Value::Date(base::Date::Ymd(d->year, d->month, d->day).days_since_epoch());
      } else if (const toml::table* t = v.as_table()) {
        out.params[name] = Value::Decimal(ParseDecimal((*t)["decimal"].value_or(std::string("0"))));
      }
    }
  }
  return true;
}

std::string RunCase(const Case& c) {
  Loaded l;
  std::string err;
  if (!Load(c.dir, l, err)) {
    ADD_FAILURE() << c.name << ": broken case: " << err;
    return {};
  }
  std::string source = ReadFile(c.dir / "rule.kikan");
  CompileOptions o;
  o.schema = &l.schema;
  o.subject = l.subject;
  o.params = l.params;
  o.citation = l.citation;
  std::vector<Diagnostic> diags;
  auto rule = Compile(source, o, &diags);
  std::string out;
  if (!rule.has_value()) {
    for (const auto& d : diags) {
      out += d.Render(source, "rule.kikan", base::Lang::kEn) + "\n";
      out += d.Render(source, "rule.kikan", base::Lang::kJa) + "\n";
    }
    return out;
  }
  auto verdicts = rule->EvaluateVerdicts(l.pop);
  if (!verdicts.has_value()) return "EvaluateAll error: " + verdicts.status().ToString() + "\n";
  const std::vector<uint8_t>* all = &verdicts->holds;
  const Table* subject = l.pop.Find(l.subject);
  std::vector<size_t> rows(subject->size());
  for (size_t r = 0; r < rows.size(); ++r) rows[r] = r;
  auto ex = rule->ExplainRows(l.pop, rows);
  if (!ex.has_value()) return "ExplainRows error: " + ex.status().ToString() + "\n";
  for (size_t r = 0; r < rows.size(); ++r) {
    EXPECT_EQ((*ex)[r].result, (*all)[r] != 0)
        << c.name << ": EvaluateAll and Explain disagree on row " << subject->ids[r];
    EXPECT_EQ((*ex)[r].determined, verdicts->Known(r))
        << c.name << ": EvaluateVerdicts and Explain disagree on row " << subject->ids[r];
    out += "== " + subject->ids[r] + " " +
           (!verdicts->Known(r) ? "unknown"
            : (*all)[r]         ? "true"
                                : "false") +
           "\n";
    out += (*ex)[r].ToText(base::Lang::kJa);
  }
  if (!ex->empty()) out += "-- json of the first row\n" + (*ex)[0].ToJson() + "\n";
  return out;
}

class GoldenTest : public ::testing::TestWithParam<Case> {};

TEST_P(GoldenTest, MatchesExpected) {
  const Case& c = GetParam();
  std::string got = RunCase(c);
  fs::path expected = c.dir / "expected.txt";
  const char* update = std::getenv("KIKAN_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(expected, std::ios::binary) << got;
    return;
  }
  ASSERT_TRUE(fs::exists(expected))
      << c.name << ": no expected.txt (run with KIKAN_UPDATE_GOLDEN=1)";
  EXPECT_EQ(got, ReadFile(expected)) << c.name;
}

INSTANTIATE_TEST_SUITE_P(Rules, GoldenTest, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<Case>& i) {
                           std::string n = i.param.name;
                           for (char& ch : n)
                             if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return n;
                         });

TEST(GoldenSuite, HasEnoughCases) { EXPECT_GE(Cases().size(), 25u); }

}  // namespace
}  // namespace kikan::rules
