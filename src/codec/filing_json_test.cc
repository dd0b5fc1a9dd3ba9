#include "codec/filing_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "filings/validate.h"
#include "regime/regime.h"

namespace kikan::codec {
namespace {

namespace json = boost::json;
using ::testing::HasSubstr;

std::string SourceDir() {
  const char* root = std::getenv("KIKAN_SOURCE_DIR");
  return root != nullptr ? root : ".";
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Dump(const std::vector<FieldError>& errors) {
  std::string s;
  for (const FieldError& e : errors) s += e.pointer + ": " + e.message.en + "\n";
  return s;
}

std::string Dump(const std::vector<filings::MissingItem>& items) {
  std::string s;
  for (const auto& m : items) s += m.pointer + " " + m.item + ": " + m.message.en + "\n";
  return s;
}

class FilingJsonTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::vector<regime::PackProblem> problems;
    auto r = regime::Load({SourceDir() + "/data/regime/ports.toml"}, &problems);
    ASSERT_TRUE(r.has_value()) << r.status().ToString();
    regime_ = std::make_unique<regime::Regime>(std::move(*r));
  }
  static void TearDownTestSuite() { regime_.reset(); }

  static const regime::Pack& pack() { return regime_->packs().at(0); }
  static const regime::Form& form() {
    return *pack().FindForm(regime::FilingKind::kInstallationPlan, base::Date::Ymd(2025, 11, 4));
  }
  static json::value Golden() {
    return json::parse(ReadFile(SourceDir() + "/tests/golden/api/filing-complete.json"));
  }
  // The errors of decoding `text` (expects failure).
  static std::vector<FieldError> Errors(std::string_view text) {
    auto r = DecodeFilingText(text);
    EXPECT_FALSE(r.has_value()) << text;
    return r.has_value() ? std::vector<FieldError>{} : r.error();
  }

  static inline std::unique_ptr<regime::Regime> regime_;
};

TEST_F(FilingJsonTest, GoldenCompleteFilingDecodesAndIsComplete) {
  auto f = DecodeFiling(Golden());
  ASSERT_TRUE(f.has_value()) << Dump(f.error());
  EXPECT_EQ(f->kind, regime::FilingKind::kInstallationPlan);
  EXPECT_EQ(f->filer.corporate_number, "6140001006951");
  EXPECT_EQ(f->equipment.definition, "tos");
  ASSERT_EQ(f->suppliers.size(), 3u);
  EXPECT_EQ((*f->suppliers[0].shareholders)[1].voting_share.millionths, 72'500);
  EXPECT_TRUE(f->suppliers[2].shareholders->empty());  // stated: none at or above the line
  EXPECT_THAT(f->note, HasSubstr("例示"));
  auto missing = filings::CheckComplete(*f, form());
  EXPECT_TRUE(missing.empty()) << Dump(missing);
  // Filed on 2026-11-30 (the API tests' day): the 登記事項証明書 of 2026-11-02 is within three
  // months, the foreign-government test's year ended by 2026-09-30.
  filings::ValueContext ctx{&pack(), base::Date::Ymd(2026, 11, 30)};
  auto values = filings::CheckValues(*f, form(), ctx);
  EXPECT_TRUE(values.empty()) << Dump(values);
}

TEST_F(FilingJsonTest, RoundTrip) {
  auto f = DecodeFiling(Golden());
  ASSERT_TRUE(f.has_value());
  json::object encoded = EncodeFiling(*f);
  EXPECT_EQ(json::value(encoded), Golden());  // object equality ignores key order
  auto again = DecodeFilingText(EncodeFilingText(*f));
  ASSERT_TRUE(again.has_value()) << Dump(again.error());
  EXPECT_EQ(*again, *f);
  EXPECT_EQ(EncodeFilingText(*again), EncodeFilingText(*f));  // deterministic text
}

// Removing each required item of the form from the golden JSON is reported at its pointer.
TEST_F(FilingJsonTest, RemovingEachRequiredItemIsReported) {
  int checked = 0;
  auto check = [&](const std::vector<std::string>& remove, const std::string& expected) {
    json::value doc = Golden();
    for (const std::string& ptr : remove) {
      // Erase the last token of `ptr` from its parent object.
      size_t cut = ptr.rfind('/');
      boost::system::error_code ec;
      json::value* parent = cut == 0 ? &doc : doc.find_pointer(ptr.substr(0, cut), ec);
      ASSERT_NE(parent, nullptr) << ptr;
      ASSERT_TRUE(parent->is_object()) << ptr;
      ASSERT_EQ(parent->get_object().erase(ptr.substr(cut + 1)), 1u) << ptr;
    }
    auto f = DecodeFiling(doc);
    ASSERT_TRUE(f.has_value()) << Dump(f.error());
    auto missing = filings::CheckComplete(*f, form());
    ASSERT_EQ(missing.size(), 1u) << expected << "\n" << Dump(missing);
    EXPECT_EQ(missing[0].pointer, expected);
    ++checked;
  };
  for (const std::string& item : form().items) {
    if (item == "risk_measures.*") {
      for (const regime::ChecklistItem& c : form().checklist) {
        check({"/risk_measures/" + c.id}, "/risk_measures/" + c.id);
      }
      continue;
    }
    std::string ptr = "/" + item;
    for (size_t i; (i = ptr.find("[]")) != std::string::npos;) ptr.replace(i, 2, "/0");
    for (char& c : ptr) c = c == '.' ? '/' : c;
    if (item == "suppliers[].corporate_number_or_foreign_registration") {
      check({"/suppliers/1/foreign_registration"}, "/suppliers/1/corporate_number");
      check({"/suppliers/0/corporate_number"}, "/suppliers/0/corporate_number");
      continue;
    }
    check({ptr}, ptr);
  }
  // Without attachments: s2's 登記事項証明書 and the three suppliers' officers' identity documents.
  json::value bare = Golden();
  bare.get_object().erase("attachments");
  auto f = DecodeFiling(bare);
  ASSERT_TRUE(f.has_value());
  auto missing = filings::CheckComplete(*f, form());
  ASSERT_EQ(missing.size(), 4u) << Dump(missing);
  for (const filings::MissingItem& m : missing) EXPECT_EQ(m.pointer, "/attachments");
  EXPECT_EQ(missing[0].item, "attachments.registry_certificate");
  EXPECT_EQ(missing[3].item, "attachments.officer_identity_documents");
  EXPECT_EQ(checked, static_cast<int>(form().items.size()) - 1 + 8 + 1);
}

TEST_F(FilingJsonTest, EveryFieldErrorIsReported) {
  auto errors = Errors(R"({
    "kind": "installation_plan", "business": "general_port_transport",
    "colour": "red",
    "equipment": {"name": 7, "functions": ["yard_planning", 3], "locaton": "x"},
    "installation": {"planned_date": "2025-02-30", "period": {"from": "2026-01-01"}},
    "suppliers": [{"id": "s1", "registered_in_japan": "yes",
                   "shareholders": [{"name": "A", "voting_share": 12.5},
                                    {"name": "B", "voting_share": "120%"}],
                   "foreign_government_dealings": {"description": "x"}},
                  "s2"],
    "risk_measures": {"access_control": true, "logging_monitoring": {"implemented": true, "x": 1}},
    "attachments": [{"size": -1.5}],
    "emergency": {"installed_on": 20251104}
  })");
  std::vector<std::string> ptrs;
  for (const FieldError& e : errors) ptrs.push_back(e.pointer);
  EXPECT_THAT(ptrs,
              ::testing::UnorderedElementsAre(
                  "/colour", "/equipment/name", "/equipment/functions/1", "/equipment/locaton",
                  "/installation/planned_date", "/installation/period/to",
                  "/suppliers/0/registered_in_japan", "/suppliers/0/shareholders/0/voting_share",
                  "/suppliers/0/shareholders/1/voting_share",
                  "/suppliers/0/foreign_government_dealings/exists", "/suppliers/1",
                  "/risk_measures/access_control", "/risk_measures/logging_monitoring/x",
                  "/attachments/0/size", "/emergency/installed_on"))
      << Dump(errors);
  for (const FieldError& e : errors) {
    EXPECT_FALSE(e.message.ja.empty()) << e.pointer;
    if (e.pointer == "/equipment/name") {
      EXPECT_EQ(e.message.en, "expected a string, got number");
      EXPECT_THAT(e.message.ja, HasSubstr("文字列で書いてください"));
    }
    if (e.pointer == "/colour") {
      EXPECT_EQ(e.message.en, "unknown field `colour`");
    }
    if (e.pointer == "/installation/planned_date") {
      EXPECT_THAT(e.message.en, HasSubstr("2025-02-30"));
    }
  }
}

TEST_F(FilingJsonTest, KindAndBusinessAreRequired) {
  auto errors = Errors(R"({"note": "x"})");
  ASSERT_EQ(errors.size(), 2u) << Dump(errors);
  EXPECT_EQ(errors[0].pointer, "/kind");
  EXPECT_EQ(errors[1].pointer, "/business");
  errors = Errors(R"({"kind": "approval", "business": "b"})");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0].message.en, HasSubstr("unknown kind \"approval\""));
  errors = Errors("[1, 2]");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].pointer, "");
}

TEST_F(FilingJsonTest, SyntaxError) {
  auto errors = Errors(R"({"kind": "installation_plan",)");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].pointer, "");
  EXPECT_THAT(errors[0].message.en, HasSubstr("JSON syntax error"));
  errors = Errors(R"({"kind": "installation_plan", "business": "b"} x)");
  ASSERT_EQ(errors.size(), 1u);
}

TEST_F(FilingJsonTest, WarekiDatesAndNulls) {
  auto f = DecodeFilingText(R"({"kind": "after_the_fact", "business": "general_port_transport",
      "emergency": {"reason": "障害", "installed_on": "令和7年11月4日"},
      "installation": {"planned_date": null, "period": {"from": "R7.11.1", "to": "2025-11-03"}},
      "changes_to": null})");
  ASSERT_TRUE(f.has_value()) << Dump(f.error());
  EXPECT_EQ(f->emergency->installed_on, base::Date::Ymd(2025, 11, 4));
  EXPECT_EQ(f->installation.timing.period->from, base::Date::Ymd(2025, 11, 1));
  EXPECT_FALSE(f->installation.timing.planned_date.has_value());
  EXPECT_EQ(EncodeFiling(*f).at("emergency").at("installed_on"), "2025-11-04");
  auto bad = Errors(R"({"kind": "after_the_fact", "business": "b",
      "emergency": {"installed_on": "令和元年4月30日"}})");
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_EQ(bad[0].pointer, "/emergency/installed_on");
}

TEST_F(FilingJsonTest, PointerTokensAreEscaped) {
  EXPECT_EQ(EscapePointerToken("a/b~c"), "a~1b~0c");
  auto errors = Errors(R"({"kind": "installation_plan", "business": "b", "a/b": 1})");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].pointer, "/a~1b");
}

TEST_F(FilingJsonTest, FindingsAndDeadlinesEncode) {
  filings::MissingItem m{"/suppliers/0/name",
                         "suppliers[].name",
                         {.ja = "名称がありません", .en = "missing"},
                         filings::MissingItem::Kind::kMissing};
  json::array a = EncodeFindings({m});
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].at("kind"), "missing");
  EXPECT_EQ(a[0].at("message").at("ja"), "名称がありません");
  filings::FilingRecord r = filings::FilingRecord::New(
      filings::FilingId("f"), regime::FilingKind::kInstallationPlan, "general_port_transport",
      "kamigumi", "mlit", filings::UserId("u"));
  r.received_on = base::Date::Ymd(2025, 11, 4);
  auto d = filings::ComputeDeadlines(r);
  ASSERT_TRUE(d.has_value());
  json::object o = EncodeDeadlines(*d);
  const json::array& items = o.at("items").as_array();
  ASSERT_EQ(items.size(), 5u);
  EXPECT_EQ(items[0].at("key"), "waiting_period_end");
  EXPECT_EQ(items[0].at("date"), "2025-12-03");
  EXPECT_EQ(items[4].at("key"), "order_limit");  // Art. 52(10) proviso
  EXPECT_EQ(items[4].at("date"), "2025-12-03");
  EXPECT_FALSE(items[0].at("rules").as_array().empty());
}

}  // namespace
}  // namespace kikan::codec
