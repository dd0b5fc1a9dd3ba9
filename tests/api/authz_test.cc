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
  std::string Token(int role) { return role == 0 ? "" : Login(kRoles[role]); }
};

TEST_P(Authz, EveryEndpointRoleAndObjectHasTheWrittenOutcome) {
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

INSTANTIATE_TEST_SUITE_P(Backends, Authz, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         BackendName);

}  // namespace
}  // namespace kikan::testing
