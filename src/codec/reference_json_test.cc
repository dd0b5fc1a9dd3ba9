#include "codec/reference_json.h"

#include <gtest/gtest.h>

namespace kikan::codec {
namespace {

namespace json = boost::json;

TEST(ReferenceJson, EncodesEachReferenceOfACitation) {
  json::array refs = EncodeReferences("経済安全保障推進法第52条第7項・第10項ただし書");
  ASSERT_EQ(refs.size(), 2u);
  const json::object& a = refs[0].as_object();
  EXPECT_EQ(a.at("law"), "act");
  EXPECT_EQ(a.at("law_id"), "504AC0000000043");
  EXPECT_EQ(a.at("article"), 52);
  EXPECT_EQ(a.at("paragraph"), 7);
  EXPECT_FALSE(a.contains("item"));
  EXPECT_FALSE(a.contains("proviso"));
  EXPECT_EQ(a.at("text").at("ja"), "経済安全保障推進法第52条第7項");
  EXPECT_EQ(a.at("url"), "https://laws.e-gov.go.jp/law/504AC0000000043#Mp-Ch_3-At_52-Pa_7");
  EXPECT_EQ(a.at("status"), "confirmed");
  const json::object& b = refs[1].as_object();
  EXPECT_EQ(b.at("paragraph"), 10);
  EXPECT_EQ(b.at("proviso"), true);
}

TEST(ReferenceJson, UnverifiedSegmentsSaySo) {
  json::array refs = EncodeReferences("国土交通省令第11条第2号（未確認）");
  ASSERT_EQ(refs.size(), 1u);
  EXPECT_EQ(refs[0].at("item"), 2);
  EXPECT_EQ(refs[0].at("status"), "unverified");
}

TEST(ReferenceJson, TextNamingNoKnownLawHasNoReferences) {
  EXPECT_TRUE(EncodeReferences("厚生労働省令（未制定）").empty());
  EXPECT_TRUE(EncodeReferences("").empty());
}

TEST(ReferenceJson, ExplanationNodesGetTheirReferences) {
  json::value tree = json::parse(
      R"({"schema_version":1,"root":{"citation":"施行令第9条","children":[)"
      R"({"citation":"国土交通省令第2条第3号","children":[]},{"citation":"","children":[]}]}})");
  AddExplanationReferences(tree);
  const json::object& root = tree.at("root").as_object();
  ASSERT_EQ(root.at("citation_references").as_array().size(), 1u);
  EXPECT_EQ(root.at("citation_references").at(0).at("article"), 9);
  const json::array& kids = root.at("children").as_array();
  EXPECT_EQ(kids[0].at("citation_references").at(0).at("item"), 3);
  EXPECT_TRUE(kids[1].at("citation_references").as_array().empty());
  json::value not_a_tree = json::parse("[1,2]");
  AddExplanationReferences(not_a_tree);
  EXPECT_EQ(not_a_tree, json::parse("[1,2]"));
}

}  // namespace
}  // namespace kikan::codec
