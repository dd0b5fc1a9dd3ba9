// The operators' equipment register over the API (both backends): registration and its
// classification against the definition in force (ports TOS, trucking across its 2025 revision),
// strict bodies, who sees what (404 for a foreign operator's records, single and in lists), the
// suppliers view, and the audit log verifying after it all and catching an edited row.
#include <gtest/gtest.h>

#include <set>

#include "api_fixture.h"

namespace kikan::testing {
namespace {

namespace json = boost::json;

std::vector<std::string> Ids(const json::value& list) {
  std::vector<std::string> out;
  for (const auto& f : list.as_array()) out.push_back(Str(f, "id"));
  return out;
}

json::object Tos(json::array functions) {
  return json::object{
      {"name", "神戸コンテナターミナル TOS"},
      {"purpose", "コンテナターミナルの本船・ヤード計画と荷役管理"},
      {"functions", std::move(functions)},
      {"location", "神戸港 ポートアイランド"},
      {"components",
       json::array{
           json::object{{"name", "計画サーバ"}, {"role", "本船・ヤード計画"}, {"supplier", "s1"}}}},
      {"suppliers",
       json::array{json::object{
           {"id", "s1"},
           {"name", "港湾システム株式会社"},
           {"address", "東京都港区"},
           {"country", "JP"},
           {"corporate_number", "4010001035123"},
           {"representative", "代表取締役 港 一郎"},
           {"officers", json::array{json::object{{"name", "港 一郎"}, {"nationality", "JP"}}}},
           {"shareholders",
            json::array{json::object{
                {"name", "親会社株式会社"}, {"country", "JP"}, {"voting_share", "62.5%"}}}},
           {"foreign_government_dealings", json::object{{"exists", false}}},
           {"past_supply_record", "なし"},
           {"registered_in_japan", true}}}},
      {"maintenance_contractors",
       json::array{
           json::object{{"id", "m1"}, {"name", "保守サービス株式会社"}, {"country", "JP"}}}}};
}

const json::array kThree{"vessel_stowage_planning", "yard_planning",
                         "container_location_management"};

class Equipment : public ApiTest {
 protected:
  HttpResult Post(const std::string& op, const json::object& body, const std::string& who) {
    return Call("POST", "/api/v1/operators/" + op + "/equipment", json::serialize(body),
                Login(who));
  }
  std::string Create(const std::string& op, const json::object& body, const std::string& who) {
    auto r = Post(op, body, who);
    EXPECT_EQ(r.status, 201u) << r.body;
    return r.status == 201 ? Str(r.json, "id") : "";
  }
};

TEST_P(Equipment, KamigumiTosWithTheThreePortFunctionsIsCritical) {
  auto r = Post("kamigumi", Tos(kThree), "kamigumi");
  ASSERT_EQ(r.status, 201u) << r.body;
  std::string id = Str(r.json, "id");
  EXPECT_EQ(id.substr(0, 2), "e-");
  EXPECT_EQ(id.size(), 18u);
  EXPECT_EQ(r.Header("Location"), "/api/v1/equipment/" + id);
  EXPECT_EQ(Str(r.json, "business"), "general_port_transport");  // its only designation
  const auto& cls = r.json.at("classification");
  EXPECT_TRUE(cls.at("critical").as_bool());
  EXPECT_EQ(Str(cls, "date"), "2026-11-30");
  ASSERT_EQ(cls.at("definitions").as_array().size(), 1u);
  const auto& def = cls.at("definitions").as_array()[0];
  EXPECT_EQ(Str(def, "id"), "tos");
  EXPECT_EQ(Str(def, "version"), "2025-04");
  EXPECT_EQ(Str(def, "match"), "all_of");
  EXPECT_EQ(def.at("matched").as_array().size(), 3u);
  EXPECT_TRUE(def.at("missing").as_array().empty());
  std::string citation = Str(def, "citation");
  EXPECT_NE(citation.find("第50条第1項"), std::string::npos);
  EXPECT_NE(citation.find("第1条第5号"), std::string::npos);
  EXPECT_EQ(citation.find("第52条第1項"), std::string::npos);
  std::string reason_en(cls.at("reason").at("en").as_string());
  std::string reason_ja(cls.at("reason").at("ja").as_string());
  EXPECT_NE(reason_en.find("has all three functions of Terminal operating system (TOS)"),
            std::string::npos)
      << reason_en;
  EXPECT_NE(reason_en.find(citation), std::string::npos);
  EXPECT_NE(reason_ja.find("ターミナルオペレーションシステム"), std::string::npos) << reason_ja;
  // The parties come back with their facts, exact shares included.
  const auto& s = r.json.at("suppliers").as_array()[0];
  EXPECT_EQ(Str(s, "corporate_number"), "4010001035123");
  EXPECT_EQ(Str(s.at("shareholders").as_array()[0], "voting_share"), "62.5%");

  // The same through GET, and in the list.
  auto got = Call("GET", "/api/v1/equipment/" + id, "", Login("kamigumi"));
  ASSERT_EQ(got.status, 200u) << got.body;
  EXPECT_EQ(got.json.at("classification"), cls);
  auto list = Call("GET", "/api/v1/operators/kamigumi/equipment", "", Login("kamigumi"));
  ASSERT_EQ(list.status, 200u) << list.body;
  EXPECT_EQ(Ids(list.json.at("equipment")), std::vector<std::string>{id});
  EXPECT_EQ(list.json.at("critical").as_int64(), 1);
}

TEST_P(Equipment, TwoOfThreeIsNotCriticalAndNamesTheMissingFunction) {
  auto r =
      Post("kamigumi", Tos(json::array{"vessel_stowage_planning", "container_location_management"}),
           "kamigumi");
  ASSERT_EQ(r.status, 201u) << r.body;
  const auto& cls = r.json.at("classification");
  EXPECT_FALSE(cls.at("critical").as_bool());
  const auto& missing = cls.at("definitions").as_array()[0].at("missing").as_array();
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(Str(missing[0], "id"), "yard_planning");
  std::string en(cls.at("reason").at("en").as_string());
  EXPECT_NE(en.find("lacks planning container placement in the yard"), std::string::npos) << en;
}

TEST_P(Equipment, NittsuDispatchSystemIsCriticalTodayButNotUnderTheOldDefinition) {
  json::object body{{"business", "general_cargo_trucking"},
                    {"name", "配車管理システム"},
                    {"functions", json::array{"dispatch_management"}}};
  auto r = Post("nippon-express", body, "nittsu");
  ASSERT_EQ(r.status, 201u) << r.body;
  std::string id = Str(r.json, "id");
  const auto& today = r.json.at("classification");
  EXPECT_TRUE(today.at("critical").as_bool());
  EXPECT_EQ(Str(today.at("definitions").as_array()[0], "version"), "2025-06");
  EXPECT_EQ(Str(today.at("definitions").as_array()[0], "match"), "any_of");
  std::string en(today.at("reason").at("en").as_string());
  EXPECT_NE(en.find("has dispatch management, one of the two functions"), std::string::npos) << en;

  auto old = Call("GET", "/api/v1/equipment/" + id + "?as_of=2025-01-01", "", Login("nittsu"));
  ASSERT_EQ(old.status, 200u) << old.body;
  const auto& then = old.json.at("classification");
  EXPECT_EQ(Str(then, "date"), "2025-01-01");
  EXPECT_FALSE(then.at("critical").as_bool());
  EXPECT_EQ(Str(then.at("definitions").as_array()[0], "version"), "2023");
  EXPECT_EQ(Str(then.at("definitions").as_array()[0], "match"), "all_of");
  EXPECT_EQ(then.at("definitions").as_array()[0].at("missing").as_array().size(), 4u);
  // 和暦 works for as_of too; a bad date is 400.
  auto wareki = Call("GET", "/api/v1/equipment/" + id + "?as_of=R7.1.1", "", Login("nittsu"));
  EXPECT_EQ(wareki.status, 200u);
  EXPECT_EQ(
      Call("GET", "/api/v1/equipment/" + id + "?as_of=2025-02-30", "", Login("nittsu")).status,
      400u);
  EXPECT_EQ(Call("GET", "/api/v1/equipment/" + id + "?when=today", "", Login("nittsu")).status,
            400u);
  // Nippon Express holds two designations: the business must be named.
  auto no_business = Post("nippon-express", json::object{{"name", "x"}}, "nittsu");
  EXPECT_EQ(no_business.status, 422u);
  EXPECT_EQ(Pointers(no_business), std::vector<std::string>{"/business"});
}

TEST_P(Equipment, OthersEquipmentIsHidden) {
  std::string k = Create("kamigumi", Tos(kThree), "kamigumi");
  std::string n = Create("nippon-express",
                         json::object{{"business", "general_cargo_trucking"},
                                      {"name", "配車"},
                                      {"functions", json::array{"dispatch_management"}}},
                         "nittsu");
  // Kamigumi cannot reach Nippon Express's records: 404, single and list.
  EXPECT_EQ(Call("GET", "/api/v1/equipment/" + n, "", Login("kamigumi")).status, 404u);
  EXPECT_EQ(Call("PUT", "/api/v1/equipment/" + n, "{}", Login("kamigumi")).status, 404u);
  EXPECT_EQ(Call("DELETE", "/api/v1/equipment/" + n, "", Login("kamigumi")).status, 404u);
  EXPECT_EQ(Call("GET", "/api/v1/operators/nippon-express/equipment", "", Login("kamigumi")).status,
            404u);
  EXPECT_EQ(Call("GET", "/api/v1/operators/nippon-express/suppliers", "", Login("kamigumi")).status,
            404u);
  EXPECT_EQ(Post("nippon-express", Tos(kThree), "kamigumi").status, 404u);
  auto own = Call("GET", "/api/v1/operators/kamigumi/equipment", "", Login("kamigumi"));
  EXPECT_EQ(Ids(own.json.at("equipment")), std::vector<std::string>{k});
  // The MHLW reviewer does not see port or trucking equipment.
  EXPECT_EQ(Call("GET", "/api/v1/equipment/" + k, "", Login("mhlw")).status, 404u);
  auto mhlw_list = Call("GET", "/api/v1/operators/kamigumi/equipment", "", Login("mhlw"));
  ASSERT_EQ(mhlw_list.status, 200u);
  EXPECT_TRUE(mhlw_list.json.at("equipment").as_array().empty());
  // MLIT and the Cabinet Office read, but do not write.
  EXPECT_EQ(Call("GET", "/api/v1/equipment/" + k, "", Login("mlit")).status, 200u);
  EXPECT_EQ(Call("GET", "/api/v1/equipment/" + n, "", Login("cao")).status, 200u);
  EXPECT_EQ(Call("DELETE", "/api/v1/equipment/" + k, "", Login("mlit")).status, 403u);
  EXPECT_EQ(Post("kamigumi", Tos(kThree), "cao").status, 403u);
  // The public must sign in.
  EXPECT_EQ(Call("GET", "/api/v1/equipment/" + k).status, 401u);
  EXPECT_EQ(Call("GET", "/api/v1/operators/kamigumi/equipment").status, 401u);
  EXPECT_EQ(Call("GET", "/api/v1/operators/no-such/equipment", "", Login("cao")).status, 404u);
}

TEST_P(Equipment, StrictBodiesAndFailedRequestsChangeNothing) {
  int64_t before = AuditEvents();
  json::object bad = Tos(kThree);
  bad["colour"] = "blue";
  bad["name"] = 7;
  bad["components"].as_array()[0].as_object()["weight"] = 3;
  bad["suppliers"].as_array()[0].as_object()["registered_in_japan"] = "yes";
  auto r = Post("kamigumi", bad, "kamigumi");
  EXPECT_EQ(r.status, 422u) << r.body;
  std::vector<std::string> p = Pointers(r);
  std::set<std::string> pointers(p.begin(), p.end());
  EXPECT_EQ(pointers, (std::set<std::string>{"/colour", "/name", "/components/0/weight",
                                             "/suppliers/0/registered_in_japan"}));

  json::object bad_number = Tos(kThree);
  bad_number["suppliers"].as_array()[0].as_object()["corporate_number"] = "4010001035124";
  auto n = Post("kamigumi", bad_number, "kamigumi");
  EXPECT_EQ(n.status, 422u) << n.body;
  EXPECT_EQ(Pointers(n), std::vector<std::string>{"/suppliers/0/corporate_number"});

  auto f = Post("kamigumi", Tos(json::array{"vessel_stowage_planning", "dispatch_management"}),
                "kamigumi");
  EXPECT_EQ(f.status, 422u) << f.body;
  EXPECT_EQ(Pointers(f), std::vector<std::string>{"/functions/1"});
  EXPECT_NE(f.body.find("dispatch_management"), std::string::npos);

  json::object wrong_business = Tos(kThree);
  wrong_business["business"] = "general_cargo_trucking";
  EXPECT_EQ(
      Pointers(Post("kamigumi", wrong_business, "kamigumi")),
      (std::vector<std::string>{"/business", "/functions/0", "/functions/1", "/functions/2"}));

  EXPECT_EQ(
      Call("POST", "/api/v1/operators/kamigumi/equipment", "{not json", Login("kamigumi")).status,
      400u);
  EXPECT_EQ(AuditEvents(), before);
  auto list = Call("GET", "/api/v1/operators/kamigumi/equipment", "", Login("kamigumi"));
  EXPECT_TRUE(list.json.at("equipment").as_array().empty());

  // A refused update leaves the record as it was.
  std::string id = Create("kamigumi", Tos(kThree), "kamigumi");
  int64_t after_create = AuditEvents();
  auto put = Call("PUT", "/api/v1/equipment/" + id, json::serialize(bad_number), Login("kamigumi"));
  EXPECT_EQ(put.status, 422u);
  EXPECT_EQ(AuditEvents(), after_create);
  auto got = Call("GET", "/api/v1/equipment/" + id, "", Login("kamigumi"));
  EXPECT_EQ(Str(got.json.at("suppliers").as_array()[0], "corporate_number"), "4010001035123");
}

TEST_P(Equipment, UpdateDeleteSuppliersAndTheAuditLog) {
  std::string a = Create("kamigumi", Tos(kThree), "kamigumi");
  json::object two = Tos(json::array{"vessel_stowage_planning", "yard_planning"});
  two["name"] = "大阪 TOS";
  two["suppliers"].as_array()[0].as_object()["id"] = "s9";
  two["components"].as_array()[0].as_object()["supplier"] = "s9";
  std::string b = Create("kamigumi", two, "kamigumi");

  // PUT replaces the contents and reclassifies.
  auto put = Call("PUT", "/api/v1/equipment/" + b, json::serialize(Tos(kThree)), Login("kamigumi"));
  ASSERT_EQ(put.status, 200u) << put.body;
  EXPECT_TRUE(put.json.at("classification").at("critical").as_bool());
  EXPECT_EQ(Str(put.json, "id"), b);

  auto suppliers = Call("GET", "/api/v1/operators/kamigumi/suppliers", "", Login("mlit"));
  ASSERT_EQ(suppliers.status, 200u) << suppliers.body;
  EXPECT_EQ(suppliers.json.at("count").as_int64(), 4);  // a supplier and a contractor on each
  std::set<std::string> roles;
  for (const auto& row : suppliers.json.at("parties").as_array()) roles.insert(Str(row, "role"));
  EXPECT_EQ(roles, (std::set<std::string>{"supplier", "maintenance_contractor"}));

  auto del = Call("DELETE", "/api/v1/equipment/" + a, "", Login("kamigumi"));
  EXPECT_EQ(del.status, 200u) << del.body;
  EXPECT_EQ(Call("GET", "/api/v1/equipment/" + a, "", Login("kamigumi")).status, 404u);

  auto report = Verify();
  EXPECT_TRUE(report.ok()) << report.findings.front().problem.en;
  auto verify = Call("GET", "/api/v1/audit/verify", "", Login("mlit"));
  EXPECT_TRUE(verify.json.at("ok").as_bool());

  // A direct edit of an equipment row is caught.
  {
    auto c = pool_->Acquire();
    ASSERT_TRUE(
        c->Exec(
             "UPDATE equipment SET functions = ? WHERE id = ?",
             {"vessel_stowage_planning;yard_planning;container_location_management;yard_planning",
              b})
            .ok());
  }
  report = Verify();
  ASSERT_FALSE(report.ok());
  bool found = false;
  for (const auto& f : report.findings) {
    found = found ||
            (f.object_type == "equipment" && f.object_id == b && f.kind == "object.state_mismatch");
  }
  EXPECT_TRUE(found);
}

INSTANTIATE_TEST_SUITE_P(Backends, Equipment,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

}  // namespace
}  // namespace kikan::testing
