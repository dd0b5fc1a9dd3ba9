// Who may see and do what, through every endpoint: each route × each role (the public and the
// five demo accounts) × an object of the caller's own operator and of another, with the outcome
// written out by hand. An operator never reaches another operator's filing: it does not exist
// for them (404), in single views and in lists.
#include <gtest/gtest.h>

#include <set>

#include "api_fixture.h"

namespace kikan::testing {
namespace {

namespace json = boost::json;

// Roles in this order in every expectation row.
const char* const kRoles[] = {"public", "cao", "mlit", "mhlw", "kamigumi", "nittsu"};
constexpr int kRoleCount = 6;

struct Expect {
  const char* method;
  const char* pattern;
  // The object the {id} names: "K" = 上組's filing (ports, MLIT), "N" = 日本通運's filing
  // (trucking, MLIT), "-" = no object; the equipment codes are described at their rows.
  const char* object;
  // The state the filing is put in first: "draft" or "submitted".
  const char* state;
  const char* body;
  unsigned status[kRoleCount];  // public, cao, mlit, mhlw, kamigumi, nittsu
};

// Equipment records of each operator's register (the bodies of POST and PUT).
constexpr const char* kTosBody =
    R"({"name":"TOS","functions":["vessel_stowage_planning","yard_planning","container_location_management"]})";
constexpr const char* kTruckBody =
    R"({"business":"general_cargo_trucking","name":"配車管理","functions":["dispatch_management"]})";

// A CycloneDX document of 日本通運's own dispatch system: a library and a supplier no other system
// has, so that a foreign caller's answers can be searched for them.
constexpr const char* kNittsuSbom =
    R"({"bomFormat":"CycloneDX","specVersion":"1.6","metadata":{"component":{"type":"application","name":"日通配車システム","bom-ref":"root"}},"components":[{"type":"library","bom-ref":"lib","name":"nittsu-only-lib","version":"1.0.0","purl":"pkg:npm/nittsu-only-lib@1.0.0","supplier":{"name":"日通専用ソフト株式会社"}}]})";
// The same shape for 上組's TOS (the demo's sample-tos is 上組's).
constexpr const char* kKamigumiSbom =
    R"({"bomFormat":"CycloneDX","specVersion":"1.6","metadata":{"component":{"type":"application","name":"上組 TOS","bom-ref":"root"}},"components":[{"type":"library","bom-ref":"lib","name":"kamigumi-only-lib","version":"2.0.0","purl":"pkg:npm/kamigumi-only-lib@2.0.0","supplier":{"name":"上組専用ソフト株式会社"}}]})";

// 200/201 ok; 401 not signed in; 403 signed in but not allowed; 404 hidden or absent; 422 the
// body lacks what that caller's request needs.
const Expect kMatrix[] = {
    {"GET", "/api/v1/health", "-", "", "", {200, 200, 200, 200, 200, 200}},
    {"GET", "/api/openapi.json", "-", "", "", {200, 200, 200, 200, 200, 200}},
    {"GET", "/api/v1/me", "-", "", "", {200, 200, 200, 200, 200, 200}},
    {"GET", "/api/v1/regime", "-", "", "", {200, 200, 200, 200, 200, 200}},
    {"GET", "/api/v1/designations", "-", "", "", {200, 200, 200, 200, 200, 200}},
    {"GET", "/api/v1/designations/{id}", "-", "", "", {200, 200, 200, 200, 200, 200}},
    {"GET",
     "/api/v1/designations/proposals?business=general_port_transport",
     "-",
     "",
     "",
     {401, 200, 200, 403, 403, 403}},
    // A port operator already designated: the law allows it, the register refuses the duplicate.
    {"POST",
     "/api/v1/designations",
     "-",
     "",
     R"({"operator":"kamigumi","business":"general_port_transport","designated_on":"2025-05-01"})",
     {401, 403, 409, 403, 403, 403}},
    {"POST",
     "/api/v1/designations/{id}/revoke",
     "-",
     "",
     R"({"revoked_on":"2026-12-01","reason":"（試験）"})",
     {401, 403, 200, 403, 403, 403}},
    // The criteria lab: public for everyone (published sample data; nothing is written).
    {"GET", "/api/v1/lab/datasets", "-", "", "", {200, 200, 200, 200, 200, 200}},
    {"POST",
     "/api/v1/lab/check",
     "-",
     "",
     R"j({"business":"general_port_transport","rule":"any(handles_at, t => t.container_terminal)"})j",
     {200, 200, 200, 200, 200, 200}},
    {"POST",
     "/api/v1/lab/evaluate",
     "-",
     "",
     R"({"business":"general_port_transport","as_of":"2025-05-01"})",
     {200, 200, 200, 200, 200, 200}},
    {"POST",
     "/api/v1/lab/calibrate",
     "-",
     "",
     R"({"business":"general_port_transport","as_of":"2025-05-01","metric":"harbour.annual_teu","coverage":0.75})",
     {200, 200, 200, 200, 200, 200}},
    {"POST",
     "/api/v1/lab/explain",
     "-",
     "",
     R"({"business":"general_port_transport","as_of":"2025-05-01","operator":"kamigumi"})",
     {200, 200, 200, 200, 200, 200}},
    {"GET", "/api/v1/audit/events", "-", "", "", {401, 200, 200, 200, 403, 403}},
    {"GET", "/api/v1/audit/verify", "-", "", "", {401, 200, 200, 200, 403, 403}},
    // The checkpoint is public; the proofs are for whoever may read the log.
    {"GET", "/api/v1/audit/checkpoint", "-", "", "", {200, 200, 200, 200, 200, 200}},
    {"GET",
     "/api/v1/audit/proof/inclusion?index=0&size=3",
     "-",
     "",
     "",
     {401, 200, 200, 200, 403, 403}},
    {"GET",
     "/api/v1/audit/proof/consistency?from=1&to=3",
     "-",
     "",
     "",
     {401, 200, 200, 200, 403, 403}},
    {"GET", "/api/v1/queue", "-", "", "", {401, 200, 200, 200, 403, 403}},
    {"GET", "/api/v1/filings", "-", "", "", {401, 200, 200, 200, 200, 200}},
    {"POST",
     "/api/v1/filings",
     "-",
     "",
     R"({"kind":"installation_plan"})",
     {401, 403, 403, 403, 201, 422}},
    {"GET", "/api/v1/filings/{id}", "K", "draft", "", {401, 200, 200, 404, 200, 404}},
    {"GET", "/api/v1/filings/{id}", "N", "draft", "", {401, 200, 200, 404, 404, 200}},
    {"PUT", "/api/v1/filings/{id}", "K", "draft", "", {401, 403, 403, 404, 200, 404}},
    {"PUT", "/api/v1/filings/{id}", "N", "draft", "", {401, 403, 403, 404, 404, 200}},
    {"POST", "/api/v1/filings/{id}/submit", "K", "draft", "", {401, 403, 403, 404, 200, 404}},
    {"POST", "/api/v1/filings/{id}/submit", "N", "draft", "", {401, 403, 403, 404, 404, 200}},
    {"POST",
     "/api/v1/filings/{id}/acts/{act}",
     "K",
     "draft",
     "withdraw",
     {401, 403, 403, 404, 200, 404}},
    {"POST",
     "/api/v1/filings/{id}/acts/{act}",
     "N",
     "draft",
     "withdraw",
     {401, 403, 403, 404, 404, 200}},
    {"POST",
     "/api/v1/filings/{id}/acts/{act}",
     "K",
     "submitted",
     "receive",
     {401, 403, 200, 404, 403, 404}},
    {"POST",
     "/api/v1/filings/{id}/acts/{act}",
     "N",
     "submitted",
     "receive",
     {401, 403, 200, 404, 404, 403}},
    // The equipment register: "OK"/"ON" = the {operator} is kamigumi / nippon-express; "EK"/"EN" =
    // {id} is a record of 上組 (ports) / 日本通運 (trucking). Another operator's register is 404
    // for operator staff; reviewers read their businesses' records (lists filtered, so 200).
    {"GET", "/api/v1/operators/{operator}/equipment", "OK", "", "", {401, 200, 200, 200, 200, 404}},
    {"GET", "/api/v1/operators/{operator}/equipment", "ON", "", "", {401, 200, 200, 200, 404, 200}},
    {"POST",
     "/api/v1/operators/{operator}/equipment",
     "OK",
     "",
     kTosBody,
     {401, 403, 403, 403, 201, 404}},
    {"POST",
     "/api/v1/operators/{operator}/equipment",
     "ON",
     "",
     kTruckBody,
     {401, 403, 403, 403, 404, 201}},
    {"GET", "/api/v1/operators/{operator}/suppliers", "OK", "", "", {401, 200, 200, 200, 200, 404}},
    {"GET", "/api/v1/operators/{operator}/suppliers", "ON", "", "", {401, 200, 200, 200, 404, 200}},
    {"GET", "/api/v1/equipment/{id}", "EK", "", "", {401, 200, 200, 404, 200, 404}},
    {"GET", "/api/v1/equipment/{id}", "EN", "", "", {401, 200, 200, 404, 404, 200}},
    {"PUT", "/api/v1/equipment/{id}", "EK", "", kTosBody, {401, 403, 403, 404, 200, 404}},
    {"PUT", "/api/v1/equipment/{id}", "EN", "", kTruckBody, {401, 403, 403, 404, 404, 200}},
    {"DELETE", "/api/v1/equipment/{id}", "EK", "", "", {401, 403, 403, 404, 200, 404}},
    {"DELETE", "/api/v1/equipment/{id}", "EN", "", "", {401, 403, 403, 404, 404, 200}},
    // The supply chain: "SK" = sample-tos (上組's, the demo's), "SN" = nittsu-dispatch (日本通運's,
    // imported first), "SU" = nuts (shared: both use it). Reads: every signed-in role, its scope
    // applied (404 outside it); reviewers see their sectors (MLIT both: the TOS's and the dispatch
    // system's operators are MLIT's; MHLW neither). Imports: the operator's own staff only.
    {"GET", "/api/v1/supply/systems", "-", "", "", {401, 200, 200, 200, 200, 200}},
    {"GET", "/api/v1/supply/systems/{id}", "SK", "", "", {401, 200, 200, 404, 200, 404}},
    {"GET", "/api/v1/supply/systems/{id}", "SN", "", "", {401, 200, 200, 404, 404, 200}},
    {"GET", "/api/v1/supply/systems/{id}", "SU", "", "", {401, 200, 200, 404, 200, 200}},
    {"GET", "/api/v1/supply/systems/{id}/cyclonedx", "SK", "", "", {401, 200, 200, 404, 200, 404}},
    {"GET", "/api/v1/supply/systems/{id}/cyclonedx", "SN", "", "", {401, 200, 200, 404, 404, 200}},
    {"GET",
     "/api/v1/supply/systems/{id}/whatif?from=2023-07-04T06:30%2B09:00&days=3",
     "SK",
     "",
     "",
     {401, 200, 200, 404, 200, 404}},
    {"GET",
     "/api/v1/supply/systems/{id}/whatif?from=2023-07-04T06:30%2B09:00&days=3",
     "SN",
     "",
     "",
     {401, 200, 200, 404, 404, 200}},
    {"GET",
     "/api/v1/supply/systems/{id}/whatif?from=2023-07-04T06:30%2B09:00&days=3",
     "SU",
     "",
     "",
     {401, 200, 200, 404, 200, 200}},
    // A party match: "PK" = the TOS's ㈱架空港湾システム（サンプル）, merged by name into NUTS's
    // supplier node (both MLIT's). Reading matches: not operators (404: a match would tell that
    // another mention exists); deciding: a ministry reviewer of the scope (MHLW: 404), never an
    // operator nor the Cabinet Office (403).
    {"GET", "/api/v1/supply/parties/{id}/matches", "PK", "", "", {401, 200, 200, 404, 404, 404}},
    {"POST",
     "/api/v1/supply/parties/{id}/matches/{match}",
     "PK",
     "",
     R"({"decision":"confirm","note":"same company"})",
     {401, 403, 201, 404, 403, 403}},
    {"POST",
     "/api/v1/supply/parties/{id}/matches/{match}",
     "PK",
     "",
     R"({"decision":"merge"})",
     {401, 403, 422, 422, 403, 403}},
    {"POST",
     "/api/v1/supply/systems/{id}/documents?operator=kamigumi",
     "SK",
     "",
     kKamigumiSbom,
     {401, 403, 403, 403, 201, 403}},
    {"POST",
     "/api/v1/supply/systems/{id}/documents?operator=nippon-express",
     "SN",
     "",
     kNittsuSbom,
     {401, 403, 403, 403, 403, 201}},
    {"GET",
     "/api/v1/supply/who-uses?purl=pkg:npm/nittsu-only-lib",
     "-",
     "",
     "",
     {401, 200, 200, 200, 200, 200}},
    {"GET", "/api/v1/supply/suggest?q=lib", "-", "", "", {401, 200, 200, 200, 200, 200}},
    // Concentration: every signed-in role, each over its own scope (an operator its own systems,
    // MHLW an empty answer for the ports); an unknown business is 422 for all.
    {"GET",
     "/api/v1/supply/concentration?business=general_port_transport",
     "-",
     "",
     "",
     {401, 200, 200, 200, 200, 200}},
    {"GET",
     "/api/v1/supply/concentration?business=general_cargo_trucking",
     "-",
     "",
     "",
     {401, 200, 200, 200, 200, 200}},
    {"GET",
     "/api/v1/supply/concentration?business=no-such-business",
     "-",
     "",
     "",
     {401, 422, 422, 422, 422, 422}},
    // The findings on a filing: whoever reads the filing (GET /api/v1/filings/{id}), 404 for
    // everyone else, in every state.
    {"GET", "/api/v1/filings/{id}/findings", "K", "draft", "", {401, 200, 200, 404, 200, 404}},
    {"GET", "/api/v1/filings/{id}/findings", "N", "draft", "", {401, 200, 200, 404, 404, 200}},
    {"GET", "/api/v1/filings/{id}/findings", "K", "submitted", "", {401, 200, 200, 404, 200, 404}},
    {"GET", "/api/v1/filings/{id}/findings", "N", "submitted", "", {401, 200, 200, 404, 404, 200}},
};

// Routes the matrix does not call, and why (tested in api_test.cc).
const std::set<std::string> kNotInMatrix = {
    "POST /api/v1/auth/login",   // takes credentials, not a session
    "POST /api/v1/auth/logout",  // ends the session the matrix uses
};

class Authz : public ApiTest {
 protected:
  // A filing of `who` (its complete golden plan, adapted to its operator and business).
  std::string MakeFiling(const std::string& who, const std::string& state) {
    std::string token = Login(who);
    std::string body = ReadFile(SourceDir() + "/tests/golden/api/filing-complete.json");
    json::object o = json::parse(body).as_object();
    if (who == "nittsu") {
      // The same plan, as 日本通運's trucking filing: its own filer and equipment definition.
      o["business"] = "general_cargo_trucking";
      o.erase("filer");
      auto& eq = o["equipment"].as_object();
      eq["definition"] = TruckingDefinition();
      json::array functions;
      for (const auto& f : TruckingFunctions()) functions.push_back(json::string(f));
      eq["functions"] = functions;
    }
    auto created = Call("POST", "/api/v1/filings", json::serialize(o), token);
    EXPECT_EQ(created.status, 201u) << created.body;
    std::string id(created.json.at("id").as_string());
    if (state == "submitted") {
      auto s = Call("POST", "/api/v1/filings/" + id + "/submit", "", token);
      EXPECT_EQ(s.status, 200u) << who << " " << s.body;
    }
    return id;
  }
  std::string TruckingDefinition() {
    for (const auto* e :
         regime_->EquipmentAt("general_cargo_trucking", base::JapanDate(clock_.Now())))
      return e->id;
    return "";
  }
  std::vector<std::string> TruckingFunctions() {
    for (const auto* e :
         regime_->EquipmentAt("general_cargo_trucking", base::JapanDate(clock_.Now())))
      return e->functions;
    return {};
  }
  // An equipment record of `who` ("kamigumi": kTosBody, "nittsu": kTruckBody).
  std::string MakeEquipment(const std::string& who) {
    bool k = who == "kamigumi";
    auto r =
        Call("POST",
             std::string("/api/v1/operators/") + (k ? "kamigumi" : "nippon-express") + "/equipment",
             k ? kTosBody : kTruckBody, Login(who));
    EXPECT_EQ(r.status, 201u) << r.body;
    return r.status == 201 ? std::string(r.json.at("id").as_string()) : "";
  }
  // The sample TOS's supplier node and the TOS's match into it, as the Cabinet Office sees them.
  std::pair<std::string, std::string> TosSupplierMatch() {
    auto g = Call("GET", "/api/v1/supply/systems/sample-tos", "", Login("cao"));
    EXPECT_EQ(g.status, 200u) << g.body;
    if (g.status != 200) return {"none", "none"};
    for (const auto& p : g.json.at("parties").as_array()) {
      for (const auto& m : p.at("matches").as_array()) {
        if (m.at("reason").as_string() == "normalised_name")
          return {std::string(p.at("id").as_string()), std::string(m.at("id").as_string())};
      }
    }
    ADD_FAILURE() << "no match in the sample TOS: " << g.body;
    return {"none", "none"};
  }
  std::string Token(int role) { return role == 0 ? "" : Login(kRoles[role]); }
  // 日本通運's own system (kNittsuSbom), imported by its staff.
  void MakeNittsuSystem() {
    auto r =
        Call("POST", "/api/v1/supply/systems/nittsu-dispatch/documents?operator=nippon-express",
             kNittsuSbom, Login("nittsu"));
    ASSERT_EQ(r.status, 201u) << r.body;
  }
};

TEST_P(Authz, EveryEndpointRoleAndObjectHasTheWrittenOutcome) {
  MakeNittsuSystem();
  std::set<std::string> covered;
  int checks = 0;
  for (const Expect& e : kMatrix) {
    std::string pattern = e.pattern;
    covered.insert(std::string(e.method) + " " + pattern.substr(0, pattern.find('?')));
    for (int role = 0; role < kRoleCount; ++role) {
      std::string target = e.pattern;
      std::string body = e.body;
      const std::string object = e.object;
      if (object == "OK" || object == "ON") {
        target.replace(target.find("{operator}"), 10,
                       object == "OK" ? "kamigumi" : "nippon-express");
      } else if (object == "SK" || object == "SN" || object == "SU") {
        target.replace(target.find("{id}"), 4,
                       object == "SK"   ? "sample-tos"
                       : object == "SN" ? "nittsu-dispatch"
                                        : "nuts");
      } else if (object == "PK") {
        auto [party, match] = TosSupplierMatch();
        target.replace(target.find("{id}"), 4, party);
        if (target.find("{match}") != std::string::npos)
          target.replace(target.find("{match}"), 7, match);
      } else if (object == "EK" || object == "EN") {
        target.replace(target.find("{id}"), 4,
                       MakeEquipment(object == "EK" ? "kamigumi" : "nittsu"));
      } else if (object != "-") {
        std::string id = MakeFiling(e.object == std::string("K") ? "kamigumi" : "nittsu", e.state);
        target.replace(target.find("{id}"), 4, id);
        if (target.find("{act}") != std::string::npos) {
          target.replace(target.find("{act}"), 5, e.body);
          body =
              std::string(e.body) == "receive" ? R"({"date":"2026-11-30","channel":"e_gov"})" : "";
        } else if (std::string(e.method) == "PUT") {
          // The filing's own contents, written back unchanged.
          auto current =
              Call("GET", target, "", Login(e.object == std::string("K") ? "kamigumi" : "nittsu"));
          body = json::serialize(current.json.at("contents"));
        }
      } else if (target.find("{id}") != std::string::npos) {
        // A designation not yet cancelled (a revoke in an earlier row may have cancelled one).
        auto list = Call("GET", "/api/v1/designations");
        target.replace(
            target.find("{id}"), 4,
            std::to_string(list.json.at("designations").as_array()[0].at("id").as_int64()));
      }
      auto r = Call(e.method, target, body, Token(role));
      EXPECT_EQ(r.status, e.status[role]) << e.method << " " << e.pattern << " [" << e.object
                                          << ", " << e.state << "] as " << kRoles[role] << "\n"
                                          << r.body;
      ++checks;
    }
  }
  for (const auto& route : router_->Routes()) {
    std::string key = route.method + " " + route.pattern;
    EXPECT_TRUE(covered.count(key) || kNotInMatrix.count(key))
        << "route not in the matrix: " << key;
  }
  RecordProperty("checks", checks);
  std::printf("authorization matrix: %d checks over %zu routes\n", checks,
              router_->Routes().size());
}

TEST_P(Authz, ListsShowOnlyWhatEachRoleMaySee) {
  std::string k = MakeFiling("kamigumi", "submitted");
  std::string n = MakeFiling("nittsu", "submitted");
  auto ids = [&](const std::string& role, const char* path) {
    std::set<std::string> out;
    auto r = Call("GET", path, "", Login(role));
    EXPECT_EQ(r.status, 200u) << role << r.body;
    const char* list = std::string(path) == "/api/v1/queue" ? "items" : "filings";
    for (const auto& f : r.json.at(list).as_array()) {
      const json::value& filing = f.as_object().contains("filing") ? f.at("filing") : f;
      out.insert(std::string(filing.at("id").as_string()));
    }
    return out;
  };
  EXPECT_EQ(ids("kamigumi", "/api/v1/filings"), std::set<std::string>{k});
  EXPECT_EQ(ids("nittsu", "/api/v1/filings"), std::set<std::string>{n});
  EXPECT_EQ(ids("mhlw", "/api/v1/filings"), std::set<std::string>{});
  EXPECT_EQ(ids("mlit", "/api/v1/filings"), (std::set<std::string>{k, n}));
  EXPECT_EQ(ids("cao", "/api/v1/filings"), (std::set<std::string>{k, n}));
  EXPECT_EQ(ids("mlit", "/api/v1/queue"), (std::set<std::string>{k, n}));
  EXPECT_EQ(ids("mhlw", "/api/v1/queue"), std::set<std::string>{});
}

// No answer of the supply chain routes tells an operator anything of another operator's systems,
// suppliers or components, nor a ministry of another sector's: each role asks every read route
// about 日本通運's system and its library and supplier, and about the shared NUTS, and the body is
// searched for what it must not contain.
TEST_P(Authz, SupplyAnswersLeakNothingOutsideTheScope) {
  MakeNittsuSystem();
  const std::string nittsu_only[] = {"nittsu-dispatch", "nittsu-only-lib", "日通専用ソフト",
                                     "日通配車システム"};
  const std::string kamigumi_only[] = {"sample-tos", "サンプル TOS"};
  const std::vector<std::string> reads = {
      "/api/v1/supply/systems",
      "/api/v1/supply/who-uses?purl=pkg:npm/nittsu-only-lib",
      "/api/v1/supply/who-uses?purl=pkg:npm/nittsu-only-lib@1.0.0",
      "/api/v1/supply/"
      "who-uses?supplier=%E6%97%A5%E9%80%9A%E5%B0%82%E7%94%A8%E3%82%BD%E3%83%95%E3%83%88",
      "/api/v1/supply/suggest?q=nittsu",
      "/api/v1/supply/suggest?q=%E6%97%A5%E9%80%9A",  // 日通
      "/api/v1/supply/suggest?q=lib",
      "/api/v1/supply/systems/nuts",
      "/api/v1/supply/systems/nuts/whatif?from=2023-07-04T06:30%2B09:00&days=3",
      "/api/v1/supply/who-uses?purl=pkg:npm/express",
      "/api/v1/supply/who-uses?purl=pkg:maven/org.apache.logging.log4j/log4j-core",
      "/api/v1/supply/suggest?q=sample",
      "/api/v1/supply/concentration?business=general_port_transport",
      "/api/v1/supply/concentration?business=general_cargo_trucking",
  };
  int checks = 0;
  for (const char* role : {"kamigumi", "mhlw"}) {
    for (const auto& path : reads) {
      auto r = Call("GET", path, "", Login(role));
      if (std::string(role) == "mhlw" && path.find("/nuts") != std::string::npos) {
        EXPECT_EQ(r.status, 404u) << role << " " << path;
      } else {
        EXPECT_EQ(r.status, 200u) << role << " " << path << "\n" << r.body;
      }
      // The answer without the caller's own query echoed back.
      json::value answer = r.json;
      if (answer.is_object()) answer.as_object().erase("query");
      const std::string body = json::serialize(answer);
      for (const auto& secret : nittsu_only) {
        EXPECT_EQ(body.find(secret), std::string::npos)
            << role << " " << path << " tells " << secret << ":\n"
            << r.body;
        ++checks;
      }
      // NUTS's other users are counted, never named, for an operator (and the filer with them).
      for (const char* other : {"nippon-express", "meiko-trans", "日本通運", "名港海運"}) {
        EXPECT_EQ(body.find(other), std::string::npos)
            << role << " " << path << " names " << other << ":\n"
            << r.body;
        ++checks;
      }
    }
  }
  for (const auto& path : reads) {
    auto r = Call("GET", path, "", Login("nittsu"));
    for (const auto& secret : kamigumi_only) {
      EXPECT_EQ(r.body.find(secret), std::string::npos)
          << "nittsu " << path << " tells " << secret << ":\n"
          << r.body;
      ++checks;
    }
  }
  // 日本通運's supplier node: no other role's match route answers anything of it.
  auto cao_graph = Call("GET", "/api/v1/supply/systems/nittsu-dispatch", "", Login("cao"));
  ASSERT_EQ(cao_graph.status, 200u) << cao_graph.body;
  std::string nittsu_party;
  for (const auto& p : cao_graph.json.at("parties").as_array()) {
    if (p.at("name").as_string() == "日通専用ソフト株式会社")
      nittsu_party = std::string(p.at("id").as_string());
  }
  ASSERT_FALSE(nittsu_party.empty());
  for (const char* role : {"kamigumi", "mhlw", "nittsu"}) {
    auto r = Call("GET", "/api/v1/supply/parties/" + nittsu_party + "/matches", "", Login(role));
    EXPECT_EQ(r.status, 404u) << role << " " << r.body;
    auto d = Call("POST", "/api/v1/supply/parties/" + nittsu_party + "/matches/m-0000000000000000",
                  R"({"decision":"split"})", Login(role));
    EXPECT_EQ(d.status, std::string(role) == "mhlw" ? 404u : 403u) << role << " " << d.body;
    for (const auto& secret : nittsu_only) {
      EXPECT_EQ(r.body.find(secret), std::string::npos) << role << " tells " << secret;
      EXPECT_EQ(d.body.find(secret), std::string::npos) << role << " tells " << secret;
      checks += 2;
    }
  }
  // The shared system shows an operator itself and a count of the rest.
  auto nuts = Call("GET", "/api/v1/supply/systems/nuts", "", Login("kamigumi"));
  ASSERT_EQ(nuts.status, 200u) << nuts.body;
  ASSERT_EQ(nuts.json.at("operators").as_array().size(), 1u);
  EXPECT_EQ(Str(nuts.json.at("operators").as_array()[0], "id"), "kamigumi");
  EXPECT_EQ(nuts.json.at("other_operators").as_int64(), 8);
  EXPECT_TRUE(nuts.json.at("operator").is_null());
  // The owner, its sector's ministry and the Cabinet Office do find 日本通運's library.
  for (const char* role : {"nittsu", "mlit", "cao"}) {
    auto r = Call("GET", "/api/v1/supply/who-uses?purl=pkg:npm/nittsu-only-lib", "", Login(role));
    ASSERT_EQ(r.status, 200u) << r.body;
    ASSERT_EQ(r.json.at("systems").as_array().size(), 1u) << role << r.body;
    EXPECT_EQ(Str(r.json.at("systems").as_array()[0], "id"), "nittsu-dispatch");
    EXPECT_EQ(Str(r.json.at("operators").as_array()[0], "id"), "nippon-express");
    auto s = Call("GET", "/api/v1/supply/suggest?q=nittsu", "", Login(role));
    ASSERT_EQ(s.status, 200u) << s.body;
    EXPECT_NE(s.body.find("pkg:npm/nittsu-only-lib"), std::string::npos) << role << s.body;
  }
  // The foreign operator's answer is empty, the same as for a purl nobody has.
  auto foreign =
      Call("GET", "/api/v1/supply/who-uses?purl=pkg:npm/nittsu-only-lib", "", Login("kamigumi"));
  auto nobody =
      Call("GET", "/api/v1/supply/who-uses?purl=pkg:npm/nittsu-only-lib", "", Login("mhlw"));
  EXPECT_TRUE(foreign.json.at("systems").as_array().empty());
  EXPECT_TRUE(foreign.json.at("operators").as_array().empty());
  EXPECT_EQ(foreign.json.at("other_operators").as_int64(), 0);
  EXPECT_EQ(foreign.body, nobody.body);
  // Lists: each sees its own and the shared; the ministry of another sector nothing.
  auto ids = [&](const char* role) {
    std::set<std::string> out;
    auto r = Call("GET", "/api/v1/supply/systems", "", Login(role));
    for (const auto& x : r.json.at("systems").as_array()) out.insert(Str(x, "id"));
    return out;
  };
  EXPECT_EQ(ids("kamigumi"), (std::set<std::string>{"nuts", "sample-tos"}));
  EXPECT_EQ(ids("nittsu"), (std::set<std::string>{"nittsu-dispatch", "nuts"}));
  EXPECT_EQ(ids("mhlw"), std::set<std::string>{});
  EXPECT_EQ(ids("mlit"), (std::set<std::string>{"nittsu-dispatch", "nuts", "sample-tos"}));
  EXPECT_EQ(ids("cao"), (std::set<std::string>{"nittsu-dispatch", "nuts", "sample-tos"}));
  // An unknown system and a foreign one answer alike.
  auto unknown = Call("GET", "/api/v1/supply/systems/no-such-system", "", Login("kamigumi"));
  auto hidden = Call("GET", "/api/v1/supply/systems/nittsu-dispatch", "", Login("kamigumi"));
  EXPECT_EQ(unknown.status, 404u);
  EXPECT_EQ(hidden.status, 404u);
  EXPECT_EQ(Str(hidden.json, "code"), Str(unknown.json, "code"));
  std::printf("supply scope: %d leak checks\n", checks);
}

// The findings on a filing: its operator, its ministry and the Cabinet Office read them; another
// operator and another sector's ministry get the same 404 as for an unknown filing; the
// operator's own answer names none of the other operators of the shared NUTS, nor 日本通運's
// system, library or supplier; the concentration names the other operators of NUTS only for
// those who may name them.
TEST_P(Authz, SupplyFindingsFollowTheFilingAndLeakNothing) {
  MakeNittsuSystem();
  std::string k = MakeFiling("kamigumi", "submitted");
  std::string n = MakeFiling("nittsu", "submitted");
  auto unknown = Call("GET", "/api/v1/filings/f-no-such/findings", "", Login("kamigumi"));
  EXPECT_EQ(unknown.status, 404u);
  for (const char* role : {"nittsu", "mhlw"}) {
    auto hidden = Call("GET", "/api/v1/filings/" + k + "/findings", "", Login(role));
    EXPECT_EQ(hidden.status, 404u) << role << hidden.body;
    EXPECT_EQ(Str(hidden.json, "code"), Str(unknown.json, "code"));
    EXPECT_EQ(hidden.body.find("findings"), std::string::npos) << hidden.body;
  }
  auto own = Call("GET", "/api/v1/filings/" + k + "/findings", "", Login("kamigumi"));
  ASSERT_EQ(own.status, 200u) << own.body;
  EXPECT_EQ(Str(own.json, "filing"), k);
  ASSERT_FALSE(own.json.at("findings").as_array().empty()) << own.body;
  bool vulnerable = false;
  for (const auto& f : own.json.at("findings").as_array()) {
    EXPECT_TRUE(f.at("why").at("ja").is_string() && f.at("why").at("en").is_string());
    EXPECT_TRUE(f.at("citation_references").is_array());
    if (Str(f, "kind") == "vulnerability_without_vex") {
      vulnerable = true;
      EXPECT_GE(f.at("feed_age_days").as_int64(), 0);
      EXPECT_TRUE(f.at("feed_stale").as_bool()) << "the demo's feeds are older than 30 days";
    }
  }
  EXPECT_TRUE(vulnerable) << "express in NUTS and the sample TOS: " << own.body;
  // A stale feed is a warning beside the findings, never a silent zero.
  EXPECT_NE(json::serialize(own.json.at("warnings")).find("stale"), std::string::npos) << own.body;
  EXPECT_FALSE(own.json.at("sample").is_null());
  const std::string body = json::serialize(own.json);
  for (const char* secret : {"nittsu-dispatch", "nittsu-only-lib", "日通専用ソフト",
                             "日通配車システム", "nippon-express", "meiko-trans", "名港海運"}) {
    EXPECT_EQ(body.find(secret), std::string::npos) << "kamigumi's findings tell " << secret;
  }
  // 日本通運's own findings name none of 上組's systems.
  auto theirs = Call("GET", "/api/v1/filings/" + n + "/findings", "", Login("nittsu"));
  ASSERT_EQ(theirs.status, 200u) << theirs.body;
  EXPECT_EQ(theirs.body.find("sample-tos"), std::string::npos) << theirs.body;
  EXPECT_EQ(theirs.body.find("kamigumi"), std::string::npos) << theirs.body;
  // The reviewer sees the same findings on 上組's filing as 上組 (its systems are in MLIT's scope).
  auto mlit = Call("GET", "/api/v1/filings/" + k + "/findings", "", Login("mlit"));
  ASSERT_EQ(mlit.status, 200u) << mlit.body;
  EXPECT_EQ(mlit.json.at("systems"), own.json.at("systems"));

  // Concentration: NUTS is shared; an operator names only itself and counts the rest, the
  // ministry and the Cabinet Office name them.
  auto shared_users = [&](const char* role) {
    auto r = Call("GET", "/api/v1/supply/concentration?business=general_port_transport", "",
                  Login(role));
    EXPECT_EQ(r.status, 200u) << r.body;

    for (const auto& s : r.json.at("shared_systems").as_array()) {
      if (Str(s, "id") == "nuts")
        return std::pair<size_t, int64_t>(s.at("users").as_array().size(),
                                          s.at("other_users").as_int64());
    }
    return std::pair<size_t, int64_t>(0, -1);
  };
  EXPECT_EQ(shared_users("kamigumi"), (std::pair<size_t, int64_t>(1, 8)));
  EXPECT_EQ(shared_users("cao"), (std::pair<size_t, int64_t>(9, 0)));
  EXPECT_EQ(shared_users("mhlw"), (std::pair<size_t, int64_t>(0, -1)));
}

INSTANTIATE_TEST_SUITE_P(Backends, Authz, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         BackendName);

}  // namespace
}  // namespace kikan::testing
