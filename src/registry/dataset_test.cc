#include "registry/dataset.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace kikan::registry {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

rules::FieldDef Field(std::string name, std::string_view type) {
  rules::FieldDef f;
  f.name = std::move(name);
  f.type = *rules::FieldType::Parse(type);
  return f;
}

// The ports schema of the agreed packs, plus a kind with every scalar type.
rules::Schema TestSchema() {
  rules::Schema s;
  EXPECT_TRUE(
      s.AddKind({"port", {Field("prefecture", "text"), Field("harbours", "refs:harbour")}}).ok());
  EXPECT_TRUE(s.AddKind({"harbour",
                         {Field("port", "ref:port"), Field("annual_teu", "int"),
                          Field("teu_year", "int"), Field("prefecture", "text")}})
                  .ok());
  EXPECT_TRUE(s.AddKind({"operator",
                         {Field("vehicles", "int"), Field("tonnage", "decimal"),
                          Field("nationwide", "bool"), Field("since", "date"),
                          Field("home", "ref:harbour")}})
                  .ok());
  return s;
}

class DatasetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("kikan_dataset_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    Write("dataset.toml", "name = \"t\"\nsynthetic = true\nbusinesses = [\"b\"]\n");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& file, const std::string& text) {
    std::ofstream out(dir_ / file, std::ios::binary);
    out << text;
  }
  void WritePorts() {
    Write("port.csv",
          "id,name,prefecture,harbours\nkeihin,京浜港,東京都,\"tokyo;yokohama\"\n"
          "nagoya,名古屋港,愛知県,nagoya-h\n");
    Write("harbour.csv",
          "id,name,port,annual_teu,teu_year,prefecture\n"
          "tokyo,東京港,keihin,4700000,2024,東京都\n"
          "yokohama,横浜港,keihin,3080000,2024,神奈川県\n"
          "nagoya-h,名古屋港,nagoya,,2024,愛知県\n");
  }
  base::Result<Dataset> Load() { return Dataset::Load(dir_.string(), TestSchema()); }
  std::string File(const std::string& name) const { return (dir_ / name).string(); }

  fs::path dir_;
};

TEST_F(DatasetTest, LoadsTypedRowsAndResolvesRefs) {
  WritePorts();
  auto ds = Load();
  ASSERT_TRUE(ds.has_value()) << ds.status().ToString();
  EXPECT_EQ(ds->manifest().name, "t");
  EXPECT_TRUE(ds->manifest().synthetic);
  EXPECT_EQ(ds->manifest().businesses, std::vector<base::BusinessId>{"b"});
  EXPECT_TRUE(ds->FiscalYears().empty());
  auto pop = ds->Snapshot(std::nullopt);
  ASSERT_TRUE(pop.has_value()) << pop.status().ToString();
  const rules::Table* ports = pop->Find("port");
  ASSERT_NE(ports, nullptr);
  ASSERT_EQ(ports->size(), 2u);
  EXPECT_EQ(ports->names[0], "京浜港");
  const rules::Column* harbours = ports->Find("harbours");
  ASSERT_NE(harbours, nullptr);
  EXPECT_EQ(harbours->refs_offsets, (std::vector<uint32_t>{0, 2, 3}));
  EXPECT_EQ(harbours->refs_targets, (std::vector<int32_t>{0, 1, 2}));
  const rules::Table* h = pop->Find("harbour");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->Find("port")->ref, (std::vector<int32_t>{0, 0, 1}));
  const rules::Column* teu = h->Find("annual_teu");
  EXPECT_EQ(teu->i64[1], 3080000);
  EXPECT_TRUE(teu->IsValid(1));
  EXPECT_FALSE(teu->IsValid(2));  // empty cell = missing
  EXPECT_EQ(h->Find("prefecture")->text[1], "神奈川県");
  // operator.csv absent: an empty table with the declared columns.
  const rules::Table* ops = pop->Find("operator");
  ASSERT_NE(ops, nullptr);
  EXPECT_EQ(ops->size(), 0u);
  EXPECT_NE(ops->Find("vehicles"), nullptr);
}

TEST_F(DatasetTest, ParsesEveryScalarType) {
  WritePorts();
  Write("operator.csv",
        "\xEF\xBB\xBFname,id,vehicles,tonnage,nationwide,since,home\r\n"
        "\"A, \"\"quoted\"\"\",a,12,1.5,true,2025-05-01,tokyo\r\n"
        "\r\n"
        "B,b,-3,-0.0001,0,1970-01-02,\r\n"
        "\"multi\nline\",c,,7,FALSE,,nagoya-h");
  auto ds = Load();
  ASSERT_TRUE(ds.has_value()) << ds.status().ToString();
  auto pop = ds->Snapshot(std::nullopt);
  ASSERT_TRUE(pop.has_value());
  const rules::Table* t = pop->Find("operator");
  ASSERT_EQ(t->size(), 3u);
  EXPECT_EQ(t->ids, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(t->names[0], "A, \"quoted\"");
  EXPECT_EQ(t->names[2], "multi\nline");
  EXPECT_EQ(t->Find("vehicles")->i64[1], -3);
  EXPECT_FALSE(t->Find("vehicles")->IsValid(2));
  EXPECT_EQ(t->Find("tonnage")->i64, (std::vector<int64_t>{15000, -1, 70000}));
  EXPECT_EQ(t->Find("nationwide")->b, (std::vector<uint8_t>{1, 0, 0}));
  EXPECT_EQ(t->Find("since")->i64[0], 20209);
  EXPECT_EQ(t->Find("since")->i64[1], 1);
  EXPECT_EQ(t->Find("home")->ref, (std::vector<int32_t>{0, rules::kNoRow, 2}));
  EXPECT_FALSE(t->Find("home")->IsValid(1));
}

// Loads, expects failure, returns the English message.
std::string LoadError(base::Result<Dataset> r) {
  EXPECT_FALSE(r.has_value());
  if (r.has_value()) return "";
  EXPECT_EQ(r.status().code(), base::StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().ja(), r.status().en());  // both languages
  return r.status().en();
}

TEST_F(DatasetTest, WrongTypeNamesFileLineColumn) {
  WritePorts();
  Write("operator.csv",
        "id,name,vehicles,tonnage,nationwide,since\n"
        "a,A,12a,1.5,true,2025-05-01\n"
        "b,B,1,1.23456,yes,2025-02-30\n");
  std::string msg = LoadError(Load());
  EXPECT_THAT(msg, HasSubstr(File("operator.csv") + ":2:3: expected an integer, got \"12a\""));
  EXPECT_THAT(msg, HasSubstr(File("operator.csv") + ":3:4: \"1.23456\" has more than 4 decimal"));
  EXPECT_THAT(msg, HasSubstr(File("operator.csv") + ":3:5: expected true or false, got \"yes\""));
  EXPECT_THAT(msg, HasSubstr(File("operator.csv") + ":3:6: expected a date"));
}

// Numbers follow base::ParseInt and base::ParseDecimal: no '+', no spaces, at most 4 places
// written, int64 range.
TEST_F(DatasetTest, NumberCellsAreExact) {
  WritePorts();
  Write("operator.csv",
        "id,name,vehicles,tonnage\n"
        "a,A,+5,1.50000\n"
        "b,B,9223372036854775808,922337203685477.5808\n"
        "c,C, 5,.5\n");
  std::string msg = LoadError(Load());
  EXPECT_THAT(msg, HasSubstr(File("operator.csv") + ":2:3: expected an integer, got \"+5\""));
  EXPECT_THAT(msg, HasSubstr(File("operator.csv") + ":2:4: \"1.50000\" has more than 4 decimal"));
  EXPECT_THAT(msg, HasSubstr(File("operator.csv") + ":3:3: expected an integer"));
  EXPECT_THAT(msg, HasSubstr(File("operator.csv") + ":3:4: \"922337203685477.5808\" is too large"));
  EXPECT_THAT(msg, HasSubstr(File("operator.csv") + ":4:3: expected an integer, got \" 5\""));
  EXPECT_THAT(msg, HasSubstr(File("operator.csv") + ":4:4: expected a decimal number, got \".5\""));
}

TEST_F(DatasetTest, NumberCellsAtTheBounds) {
  WritePorts();
  Write("operator.csv",
        "id,name,vehicles,tonnage\n"
        "a,A,-9223372036854775808,922337203685477.5807\n"
        "b,B,007,-0.0001\n");
  auto d = Load();
  ASSERT_TRUE(d.has_value()) << d.status().en();
  auto pop = d->Snapshot(std::nullopt);
  ASSERT_TRUE(pop.has_value());
  const rules::Table* t = pop->Find("operator");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->Find("vehicles")->i64, (std::vector<int64_t>{INT64_MIN, 7}));
  EXPECT_EQ(t->Find("tonnage")->i64, (std::vector<int64_t>{INT64_MAX, -1}));
}

// A long value in a message is cut at a UTF-8 boundary, never inside a character.
TEST_F(DatasetTest, LongValuesInMessagesAreCutBetweenCharacters) {
  WritePorts();
  std::string long_value = "x";
  for (int i = 0; i < 30; ++i) long_value += "漢";  // 1 + 90 bytes: byte 60 is inside a 漢
  Write("operator.csv", "id,name,vehicles\na,A," + long_value + "\n");
  std::string msg = LoadError(Load());
  EXPECT_THAT(msg, HasSubstr("got \"x" + std::string(long_value.substr(1, 57)) + "…\""));
}

TEST_F(DatasetTest, JapaneseMessage) {
  WritePorts();
  Write("operator.csv", "id,name,vehicles\na,A,12a\n");
  auto r = Load();
  ASSERT_FALSE(r.has_value());
  EXPECT_THAT(r.status().ja(),
              HasSubstr(File("operator.csv") + ":2:3: 整数が必要ですが「12a」が与えられました"));
}

TEST_F(DatasetTest, UnknownColumn) {
  WritePorts();
  Write("operator.csv", "id,name,vehicle\na,A,1\n");
  EXPECT_THAT(LoadError(Load()),
              HasSubstr(File("operator.csv") + ":1:3: unknown column \"vehicle\""));
}

TEST_F(DatasetTest, MissingIdOrNameColumn) {
  WritePorts();
  Write("operator.csv", "name,vehicles\nA,1\n");
  EXPECT_THAT(LoadError(Load()),
              HasSubstr(File("operator.csv") + ":1:1: the header has no \"id\" column"));
  Write("operator.csv", "id,vehicles\na,1\n");
  EXPECT_THAT(LoadError(Load()),
              HasSubstr(File("operator.csv") + ":1:1: the header has no \"name\" column"));
}

TEST_F(DatasetTest, DuplicateId) {
  WritePorts();
  Write("operator.csv", "id,name\na,A\nb,B\na,A2\n");
  EXPECT_THAT(LoadError(Load()),
              HasSubstr(File("operator.csv") + ":4:1: duplicate id \"a\" (first on line 2)"));
}

TEST_F(DatasetTest, DuplicateIdInSameFiscalYearOnly) {
  WritePorts();
  Write("operator.csv", "id,name,fiscal_year\na,A,2023\na,A,2024\nb,B,2024\na,A,2024\n");
  EXPECT_THAT(LoadError(Load()),
              HasSubstr(File("operator.csv") +
                        ":5:1: duplicate id \"a\" in fiscal year 2024 (first on line 3)"));
}

TEST_F(DatasetTest, DanglingReferenceNamesIdAndKind) {
  WritePorts();
  Write("operator.csv", "id,name,home\na,A,osaka\n");
  EXPECT_THAT(LoadError(Load()),
              HasSubstr(File("operator.csv") +
                        ":2:3: home refers to harbour \"osaka\", which does not exist"));
  Write("operator.csv", "id,name\n");
  Write("port.csv", "id,name,harbours\nkeihin,京浜港,tokyo;;yokohama\n");
  EXPECT_THAT(LoadError(Load()),
              HasSubstr(File("port.csv") + ":2:3: empty item in the list of harbours"));
}

TEST_F(DatasetTest, MalformedCsv) {
  WritePorts();
  Write("operator.csv", "id,name,vehicles\na,A\nb,B\"x,1\nc,\"C\"x,2\nd,\"D,3\n");
  std::string msg = LoadError(Load());
  EXPECT_THAT(msg, HasSubstr(File("operator.csv") + ":2:1: expected 3 fields as in the header, "
                                                    "got 2"));
  EXPECT_THAT(msg, HasSubstr(File("operator.csv") + ":3:2: a quote inside an unquoted field"));
  EXPECT_THAT(msg, HasSubstr(File("operator.csv") + ":4:2: unexpected character after a "
                                                    "closing quote"));
  EXPECT_THAT(msg, HasSubstr(File("operator.csv") + ":5:2: quoted field is not closed"));
}

TEST_F(DatasetTest, UndeclaredKind) {
  WritePorts();
  Write("terminal.csv", "id,name\nt,T\n");
  EXPECT_THAT(LoadError(Load()),
              HasSubstr(File("terminal.csv") + ":1:1: entity kind \"terminal\" is not declared"));
}

TEST_F(DatasetTest, ManifestErrors) {
  WritePorts();
  Write("dataset.toml", "name = \"t\"\nsynthetic = true\nsynthetik = 1\n");
  auto r = Load();
  ASSERT_FALSE(r.has_value());
  EXPECT_THAT(r.status().en(), HasSubstr("dataset.toml:3:1: unknown key \"synthetik\""));
  Write("dataset.toml", "name = \"t\"\n");
  r = Load();
  ASSERT_FALSE(r.has_value());
  EXPECT_THAT(r.status().en(), HasSubstr("the manifest needs \"synthetic\""));
  Write("dataset.toml",
        "name = \"t\"\nsynthetic = false\n[[sources]]\ntext = \"MLIT\"\nurl = \"https://x\"\n");
  auto m = ReadManifest(dir_.string());
  ASSERT_TRUE(m.has_value()) << m.status().ToString();
  ASSERT_EQ(m->citations.size(), 1u);
  EXPECT_EQ(m->citations[0].url, "https://x");
  EXPECT_EQ(m->sources[0], "MLIT <https://x>");
  fs::remove(dir_ / "dataset.toml");
  EXPECT_EQ(Load().status().code(), base::StatusCode::kNotFound);
  EXPECT_EQ(Dataset::Load((dir_ / "nope").string(), TestSchema()).status().code(),
            base::StatusCode::kNotFound);
}

TEST_F(DatasetTest, ManifestTotalsSayTheirYearBasisAndSource) {
  Write("dataset.toml",
        "name = \"t\"\nsynthetic = false\n[[totals]]\nmetric = \"harbour.annual_teu\"\n"
        "value = 21790000\nyear = 2024\nbasis = \"domestic_and_foreign\"\ntext = \"MLIT\"\n"
        "url = \"https://x\"\n");
  auto m = ReadManifest(dir_.string());
  ASSERT_TRUE(m.has_value()) << m.status().ToString();
  const Total* t = m->FindTotal("harbour.annual_teu");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->value, 21790000);
  EXPECT_EQ(t->year, 2024);
  EXPECT_EQ(TotalBasisLabel(t->basis).ja, "外内貿");
  EXPECT_EQ(t->source.url, "https://x");
  EXPECT_EQ(m->FindTotal("harbour.teu_year"), nullptr);
  // A basis other than the two, and a total lacking its year, are refused at their place.
  Write("dataset.toml",
        "name = \"t\"\nsynthetic = false\n[[totals]]\nmetric = \"m\"\nvalue = 1\nyear = 2024\n"
        "basis = \"all\"\ntext = \"x\"\n");
  auto bad = ReadManifest(dir_.string());
  ASSERT_FALSE(bad.has_value());
  EXPECT_THAT(bad.status().en(), HasSubstr("dataset.toml:7:9: totals.basis must be"));
  Write("dataset.toml",
        "name = \"t\"\nsynthetic = false\n[[totals]]\nmetric = \"m\"\nvalue = 1\n"
        "basis = \"foreign_only\"\ntext = \"x\"\n");
  bad = ReadManifest(dir_.string());
  ASSERT_FALSE(bad.has_value());
  EXPECT_THAT(bad.status().en(), HasSubstr("a total needs metric, value, year, basis and text"));
}

TEST_F(DatasetTest, ManifestFiguresNameTheirYearAndBasisColumns) {
  Write("dataset.toml",
        "name = \"t\"\nsynthetic = false\n[[figures]]\nfield = \"harbour.annual_teu\"\n"
        "year = \"harbour.teu_year\"\nbasis = \"harbour.teu_basis\"\n");
  auto m = ReadManifest(dir_.string());
  ASSERT_TRUE(m.has_value()) << m.status().ToString();
  ASSERT_EQ(m->figures.size(), 1u);
  EXPECT_EQ(m->figures[0].year, "harbour.teu_year");
  // The year of another kind's field is refused at the entry.
  Write("dataset.toml",
        "name = \"t\"\nsynthetic = false\n[[figures]]\nfield = \"harbour.annual_teu\"\n"
        "year = \"port.teu_year\"\n");
  auto bad = ReadManifest(dir_.string());
  ASSERT_FALSE(bad.has_value());
  EXPECT_THAT(bad.status().en(), HasSubstr("dataset.toml:3:1: a figure's field is"));
}

TEST_F(DatasetTest, YearlySnapshots) {
  WritePorts();
  Write("operator.csv",
        "id,name,fiscal_year,vehicles,home\n"
        "a,A,2023,10,tokyo\n"
        "b,B,2023,20,\n"
        "a,A,2024,11,yokohama\n"
        "c,C,2024,30,\n");
  auto ds = Load();
  ASSERT_TRUE(ds.has_value()) << ds.status().ToString();
  EXPECT_EQ(ds->FiscalYears(), (std::vector<int>{2023, 2024}));
  EXPECT_EQ(ds->RowCount("operator"), 4u);

  auto y23 = ds->Snapshot(2023);
  ASSERT_TRUE(y23.has_value());
  const rules::Table* t = y23->Find("operator");
  EXPECT_EQ(t->ids, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(t->Find("vehicles")->i64, (std::vector<int64_t>{10, 20}));
  EXPECT_EQ(t->Find("home")->ref[0], 0);
  EXPECT_EQ(y23->Find("harbour")->size(), 3u);  // not yearly: kept whole

  auto y24 = ds->Snapshot(2024);
  ASSERT_TRUE(y24.has_value());
  t = y24->Find("operator");
  EXPECT_EQ(t->ids, (std::vector<std::string>{"a", "c"}));
  EXPECT_EQ(t->Find("vehicles")->i64, (std::vector<int64_t>{11, 30}));
  EXPECT_EQ(t->Find("home")->ref[0], 1);

  auto latest = ds->Snapshot(std::nullopt);  // each id's latest observation, CSV order
  ASSERT_TRUE(latest.has_value());
  t = latest->Find("operator");
  EXPECT_EQ(t->ids, (std::vector<std::string>{"b", "a", "c"}));
  EXPECT_EQ(t->Find("vehicles")->i64, (std::vector<int64_t>{20, 11, 30}));

  auto none = ds->Snapshot(2030);
  ASSERT_TRUE(none.has_value());
  EXPECT_EQ(none->Find("operator")->size(), 0u);
}

TEST_F(DatasetTest, SnapshotRefToIdAbsentThatYear) {
  rules::Schema s;
  ASSERT_TRUE(s.AddKind({"owner", {}}).ok());
  ASSERT_TRUE(s.AddKind({"operator", {Field("owner", "ref:owner")}}).ok());
  Write("owner.csv", "id,name,fiscal_year\nx,X,2023\n");
  Write("operator.csv", "id,name,owner\na,A,x\n");
  auto ds = Dataset::Load(dir_.string(), s);
  ASSERT_TRUE(ds.has_value()) << ds.status().ToString();
  EXPECT_TRUE(ds->Snapshot(2023).has_value());
  auto r = ds->Snapshot(2024);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.status().code(), base::StatusCode::kFailedPrecondition);
  EXPECT_THAT(r.status().en(),
              HasSubstr(":2:3: operator \"a\" refers to owner \"x\", which has no observation "
                        "in fiscal year 2024"));
}

TEST_F(DatasetTest, RefsItemsAreTrimmedAndBoolSpellings) {
  WritePorts();
  Write("port.csv",
        "id,name,prefecture,harbours\nkeihin,京浜港,東京都,\" tokyo ; yokohama\"\n"
        "nagoya,名古屋港,愛知県,nagoya-h\n");
  Write("operator.csv", "id,name,nationwide\na,A,TRUE\nb,B,1\nc,C,FALSE\n");
  auto ds = Load();
  ASSERT_TRUE(ds.has_value()) << ds.status().ToString();
  auto pop = ds->Snapshot(std::nullopt);
  ASSERT_TRUE(pop.has_value());
  EXPECT_EQ(pop->Find("port")->Find("harbours")->refs_targets, (std::vector<int32_t>{0, 1, 2}));
  EXPECT_EQ(pop->Find("operator")->Find("nationwide")->b, (std::vector<uint8_t>{1, 1, 0}));
  // Declared fields without a column are all missing.
  EXPECT_FALSE(pop->Find("operator")->Find("vehicles")->IsValid(0));
}

TEST_F(DatasetTest, ManyErrorsAreCapped) {
  WritePorts();
  std::string csv = "id,name,vehicles\n";
  for (int i = 0; i < 150; ++i) csv += "o" + std::to_string(i) + ",O,x\n";
  Write("operator.csv", csv);
  std::string msg = LoadError(Load());
  EXPECT_THAT(msg, HasSubstr("... and 50 more problems"));
  EXPECT_EQ(std::count(msg.begin(), msg.end(), '\n'), 100);
}

TEST(FiscalYearOfTest, LatestDateJudgedOnIsTheLastDayOfTheFollowingYear) {
  base::Date d = LatestDateJudgedOn(2024);
  EXPECT_EQ(d.ToIso(), "2026-03-31");
  // On that day the latest ended fiscal year and the previous fiscal year are both 2024; a day
  // later both move on.
  EXPECT_EQ(FiscalYearOf(d.year(), d.month()) - 1, 2024);
  base::Date next = d.AddDays(1);
  EXPECT_EQ(FiscalYearOf(next.year(), next.month()) - 1, 2025);
}

TEST(FiscalYearOfTest, AprilToMarch) {
  EXPECT_EQ(FiscalYearOf(2025, 5), 2025);
  EXPECT_EQ(FiscalYearOf(2026, 3), 2025);
  EXPECT_EQ(FiscalYearOf(2025, 4), 2025);
  EXPECT_EQ(FiscalYearOf(2025, 1), 2024);
}

// The bundled datasets load against their agreed schemas (written here, since the packs are
// loaded by regime/, which sits above nothing this test may depend on).
rules::Schema PortsSchema() {
  rules::Schema s;
  EXPECT_TRUE(
      s.AddKind({"port", {Field("prefecture", "text"), Field("harbours", "refs:harbour")}}).ok());
  EXPECT_TRUE(
      s.AddKind({"harbour",
                 {Field("port", "ref:port"), Field("annual_teu", "int"), Field("teu_year", "int"),
                  Field("teu_basis", "text"), Field("prefecture", "text")}})
          .ok());
  EXPECT_TRUE(s.AddKind({"terminal",
                         {Field("harbour", "ref:harbour"), Field("container_terminal", "bool")}})
                  .ok());
  EXPECT_TRUE(s.AddKind({"operator",
                         {Field("corporate_number", "text"), Field("prefecture", "text"),
                          Field("handles_at", "refs:terminal")}})
                  .ok());
  return s;
}

std::string SourceDir() {
  const char* d = std::getenv("KIKAN_SOURCE_DIR");
  return d == nullptr ? "." : d;
}

TEST(BundledDatasetsTest, PortsDesignatesThe32) {
  auto ds = Dataset::Load(SourceDir() + "/data/datasets/ports", PortsSchema());
  ASSERT_TRUE(ds.has_value()) << ds.status().ToString();
  EXPECT_FALSE(ds->manifest().synthetic);
  auto pop = ds->Snapshot(std::nullopt);
  ASSERT_TRUE(pop.has_value()) << pop.status().ToString();
  // The criteria, by hand: any(handles_at, t => t.container_terminal and
  // sum(t.harbour.port.harbours, h => h.annual_teu) >= 800000).
  const rules::Table& ops = *pop->Find("operator");
  const rules::Table& terms = *pop->Find("terminal");
  const rules::Table& harbours = *pop->Find("harbour");
  const rules::Table& ports = *pop->Find("port");
  const auto& handles = *ops.Find("handles_at");
  int designated = 0;
  for (size_t r = 0; r < ops.size(); ++r) {
    bool any = false;
    for (uint32_t i = handles.refs_offsets[r]; i < handles.refs_offsets[r + 1]; ++i) {
      // Every reference of the sample data resolves (no kNoRow).
      const auto t = static_cast<size_t>(handles.refs_targets[i]);
      if (!terms.Find("container_terminal")->b[t]) continue;
      const auto h = static_cast<size_t>(terms.Find("harbour")->ref[t]);
      const auto p = static_cast<size_t>(harbours.Find("port")->ref[h]);
      const auto& hs = *ports.Find("harbours");
      int64_t teu = 0;
      for (uint32_t j = hs.refs_offsets[p]; j < hs.refs_offsets[p + 1]; ++j) {
        teu += harbours.Find("annual_teu")->i64[static_cast<size_t>(hs.refs_targets[j])];
      }
      any = any || teu >= 800000;
    }
    designated += any ? 1 : 0;
    if (ops.ids[r] == "kamigumi") {
      EXPECT_TRUE(any);
    }
  }
  EXPECT_EQ(designated, 32);
}

rules::Schema TruckingSchema() {
  rules::Schema s;
  EXPECT_TRUE(s.AddKind({"operator",
                         {Field("corporate_number", "text"), Field("prefecture", "text"),
                          Field("vehicles", "int"), Field("loaded_vehicle_km", "decimal"),
                          Field("tonnage", "decimal"), Field("offices", "int"),
                          Field("nationwide_offices", "bool"), Field("prefectures_served", "int"),
                          Field("nationwide_capable", "bool")}})
                  .ok());
  return s;
}

TEST(BundledDatasetsTest, TruckingOldAndNewRules) {
  auto ds = Dataset::Load(SourceDir() + "/data/datasets/trucking", TruckingSchema());
  ASSERT_TRUE(ds.has_value()) << ds.status().ToString();
  EXPECT_TRUE(ds->manifest().synthetic);
  EXPECT_EQ(ds->FiscalYears(), (std::vector<int>{2022, 2023, 2024}));
  for (int fy : {2022, 2023, 2024}) {
    auto pop = ds->Snapshot(fy);
    ASSERT_TRUE(pop.has_value()) << pop.status().ToString();
    const rules::Table& ops = *pop->Find("operator");
    EXPECT_GT(ops.size(), 55000u);
    // share(x) >= 5% for the three measures, and nationwide_offices (integer arithmetic).
    std::vector<const rules::Column*> measures = {ops.Find("loaded_vehicle_km"),
                                                  ops.Find("tonnage"), ops.Find("vehicles")};
    std::vector<int64_t> totals;
    for (const auto* c : measures) {
      int64_t t = 0;
      for (int64_t v : c->i64) t += v;
      totals.push_back(t);
    }
    std::vector<std::string> old_rule;
    std::vector<std::string> new_rule;
    for (size_t r = 0; r < ops.size(); ++r) {
      bool ok = ops.Find("nationwide_offices")->b[r] != 0;
      for (size_t m = 0; m < measures.size(); ++m) {
        ok = ok && measures[m]->i64[r] * 100 >= 5 * totals[m];
      }
      if (ok) old_rule.push_back(ops.ids[r]);
      if (ops.Find("vehicles")->i64[r] >= 5000 && ops.Find("nationwide_capable")->b[r] != 0) {
        new_rule.push_back(ops.ids[r]);
      }
    }
    std::sort(old_rule.begin(), old_rule.end());
    EXPECT_EQ(old_rule,
              (std::vector<std::string>{"nippon-express", "sagawa-express", "yamato-transport"}))
        << "fiscal year " << fy;
    EXPECT_GE(new_rule.size(), 3u + 5u);
    EXPECT_LE(new_rule.size(), 3u + 10u);
  }
}

TEST(BundledDatasetsTest, MedicalHospitals) {
  rules::Schema s;
  ASSERT_TRUE(s.AddKind({"organization",
                         {Field("corporate_number", "text"), Field("prefecture", "text"),
                          Field("operates_medical_dx_systems", "bool")}})
                  .ok());
  ASSERT_TRUE(
      s.AddKind({"hospital",
                 {Field("prefecture", "text"), Field("beds", "int"),
                  Field("critical_care_center", "bool"), Field("advanced_critical_care", "bool"),
                  Field("disaster_base_hospital", "bool"),
                  Field("regional_support_hospital", "bool"), Field("emergency_notified", "bool")}})
          .ok());
  auto ds = Dataset::Load(SourceDir() + "/data/datasets/medical", s);
  ASSERT_TRUE(ds.has_value()) << ds.status().ToString();
  auto pop = ds->Snapshot(std::nullopt);
  ASSERT_TRUE(pop.has_value());
  const rules::Table& h = *pop->Find("hospital");
  EXPECT_EQ(h.size(), 8122u);
  int centres = 0;
  for (uint8_t b : h.Find("critical_care_center")->b) centres += b;
  EXPECT_EQ(centres, 312);
  const rules::Table& org = *pop->Find("organization");
  auto row = org.RowOf("shiharai-kikin");
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(org.Find("corporate_number")->text[*row], "3010405002439");
}

// Business-year windows (issue 18): the columns of other fiscal years and the national totals a
// rule's windows read are added from the same id's rows and from [[totals]].
TEST_F(DatasetTest, AddsTheColumnsOfOtherYearsAndTheNationalTotals) {
  Write("dataset.toml",
        "name = \"t\"\nsynthetic = true\n"
        "[[totals]]\nmetric = \"operator.vehicles\"\nvalue = 1000\nyear = 2024\n"
        "basis = \"national\"\ntext = \"合成\"\n");
  Write("operator.csv",
        "id,name,fiscal_year,vehicles\n"
        "a,甲,2023,10\na,甲,2024,20\na,甲,2025,30\n"
        "b,乙,2025,5\nb,乙,2023,\n");
  auto ds = Load();
  ASSERT_TRUE(ds.has_value()) << ds.status().ToString();
  auto pop = ds->Snapshot(2025);
  ASSERT_TRUE(pop.has_value());
  ASSERT_TRUE(ds->AddYearColumns(
                    2025,
                    {"operator.vehicles@-1", "operator.vehicles@-2", "operator.vehicles@FY2023",
                     "operator.vehicles@total-1", "operator.vehicles@total"},
                    &*pop)
                  .ok());
  EXPECT_EQ(pop->fiscal_year, 2025);
  const rules::Table* t = pop->Find("operator");
  ASSERT_NE(t, nullptr);
  const rules::Column* back1 = t->Find("vehicles@-1");
  ASSERT_NE(back1, nullptr);
  EXPECT_EQ(back1->i64[0], 20);
  EXPECT_TRUE(back1->IsValid(0));
  EXPECT_FALSE(back1->IsValid(1));  // b has no FY2024 row
  const rules::Column* back2 = t->Find("vehicles@-2");
  EXPECT_EQ(back2->i64[0], 10);
  EXPECT_FALSE(back2->IsValid(1));  // b's FY2023 cell is empty
  EXPECT_EQ(t->Find("vehicles@FY2023")->i64[0], 10);
  const rules::Column* total = t->Find("vehicles@total-1");
  EXPECT_TRUE(total->IsValid(0) && total->IsValid(1));
  EXPECT_EQ(total->i64[1], 1000);
  EXPECT_FALSE(t->Find("vehicles@total")->IsValid(0));  // no FY2025 total declared
  // A relative year needs the judged one.
  EXPECT_FALSE(ds->AddYearColumns(std::nullopt, {"operator.vehicles@-1"}, &*pop).ok());
}

TEST_F(DatasetTest, RefusesTheSameTotalTwice) {
  Write("dataset.toml",
        "name = \"t\"\nsynthetic = true\n"
        "[[totals]]\nmetric = \"operator.vehicles\"\nvalue = 1\nyear = 2024\nbasis = "
        "\"national\"\ntext = \"x\"\n"
        "[[totals]]\nmetric = \"operator.vehicles\"\nvalue = 2\nyear = 2024\nbasis = "
        "\"national\"\ntext = \"y\"\n");
  auto ds = Load();
  ASSERT_FALSE(ds.has_value());
  EXPECT_THAT(ds.status().ToString(), HasSubstr("dataset.toml:"));
  EXPECT_THAT(ds.status().ToString(), HasSubstr("twice"));
}

rules::Schema UnitSchema() {
  rules::Schema s;
  rules::FieldDef yen = Field("deposits_jpy", "int");
  yen.unit = "円";
  rules::FieldDef rate = Field("rate", "decimal");  // no unit: not a quantity
  EXPECT_TRUE(s.AddKind({"operator", {yen, rate}}).ok());
  return s;
}

TEST_F(DatasetTest, RefusesNegativeQuantitiesAndUndeclaredUnits) {
  Write("operator.csv", "id,name,deposits_jpy,rate\na,甲,-1,-0.5\nb,乙,5,1\n");
  auto neg = Dataset::Load(dir_.string(), UnitSchema());
  ASSERT_FALSE(neg.has_value());
  EXPECT_THAT(neg.status().ToString(), HasSubstr("operator.csv:2:3:"));
  EXPECT_THAT(neg.status().ToString(), Not(HasSubstr("operator.csv:2:4:")));  // rate may be < 0
  Write("operator.csv", "id,name,deposits_jpy[千円],rate\na,甲,1,0\n");
  auto unit = Dataset::Load(dir_.string(), UnitSchema());
  ASSERT_FALSE(unit.has_value());
  EXPECT_THAT(unit.status().ToString(), HasSubstr("operator.csv:1:3:"));
  EXPECT_THAT(unit.status().ToString(), HasSubstr("千円"));
  Write("operator.csv", "id,name,deposits_jpy[円],rate\na,甲,1,0\n");
  auto ok = Dataset::Load(dir_.string(), UnitSchema());
  ASSERT_TRUE(ok.has_value()) << ok.status().ToString();
  EXPECT_FALSE(ok->FileOfColumn("operator", "deposits_jpy").has_value());
  Write("operator.csv", "id,name,rate\na,甲,0\n");
  auto lacking = Dataset::Load(dir_.string(), UnitSchema());
  ASSERT_TRUE(lacking.has_value());
  EXPECT_EQ(lacking->FileOfColumn("operator", "deposits_jpy"), File("operator.csv"));
}

}  // namespace
}  // namespace kikan::registry
