#include "codec/party_json.h"

#include <gtest/gtest.h>

namespace kikan::codec {
namespace {

namespace json = boost::json;

TEST(PartyJson, RoundTripsEveryFact) {
  filings::Party p;
  p.id = "s1";
  p.name = "港湾システム株式会社";
  p.address = "東京都港区";
  p.country = "JP";
  p.corporate_number = "4010001035123";
  p.representative = "代表 太郎";
  p.officers = {{.name = "役員 一郎", .nationality = "JP", .date_of_birth = std::nullopt}};
  p.shareholders = std::vector<filings::Shareholder>{{"親会社", "JP", {125'000}}};
  p.foreign_government_dealings.emplace();  // none
  p.past_supply_record = "なし";
  p.registered_in_japan = true;
  filings::Party c;
  c.id = "c1";
  c.name = "保守";
  std::string text = EncodePartiesText({p, c});
  auto back = DecodePartiesText(text);
  ASSERT_TRUE(back);
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ((*back)[0], p);
  EXPECT_EQ((*back)[1].name, "保守");
  EXPECT_EQ(EncodePartiesText(*back), text);
  EXPECT_EQ(EncodeParty(p).at("shareholders").as_array()[0].at("voting_share").as_string(),
            "12.5%");
}

TEST(PartyJson, ErrorsPointUnderTheParty) {
  auto v =
      json::parse(R"({"name": 3, "colour": "red", "shareholders": [{"voting_share": "abc"}]})");
  auto p = DecodeParty(v, "/suppliers/2");
  ASSERT_FALSE(p);
  std::vector<std::string> pointers;
  for (const auto& e : p.error()) pointers.push_back(e.pointer);
  EXPECT_EQ(pointers, (std::vector<std::string>{"/suppliers/2/name",
                                                "/suppliers/2/shareholders/0/voting_share",
                                                "/suppliers/2/colour"}));
  auto not_object = DecodeParty(json::value("x"), "/maintenance_contractors/0");
  ASSERT_FALSE(not_object);
  EXPECT_EQ(not_object.error().at(0).pointer, "/maintenance_contractors/0");
}

}  // namespace
}  // namespace kikan::codec
