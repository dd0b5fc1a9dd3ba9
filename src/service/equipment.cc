#include "service/equipment.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "audit/event.h"
#include "audit/log.h"
#include "auth/tokens.h"
#include "base/corporate_number.h"
#include "base/hex.h"
#include "codec/party_json.h"
#include "service/audit_event.h"
#include "service/canonical.h"

namespace kikan::service {
namespace {

// Functions are pack ids (letters, digits, '_'), so ';' cannot occur in one. Parties are kept as
// the canonical JSON text of api/party_json (the filing form's party object); components, whose
// texts are free, get rows of their own.
const store::Migration kMigrations[] = {
    store::Migration::Portable(320, "equipment",
                               R"sql(
CREATE TABLE equipment (
  id TEXT PRIMARY KEY,
  operator_id TEXT NOT NULL REFERENCES operator(id),
  business TEXT NOT NULL,
  name TEXT NOT NULL,
  purpose TEXT NOT NULL,
  functions TEXT NOT NULL,
  location TEXT NOT NULL,
  note TEXT NOT NULL,
  suppliers TEXT NOT NULL,
  maintenance_contractors TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX equipment_operator ON equipment(operator_id);
CREATE INDEX equipment_business ON equipment(business);
CREATE TABLE equipment_component (
  equipment_id TEXT NOT NULL REFERENCES equipment(id),
  seq INTEGER NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  supplier TEXT NOT NULL,
  PRIMARY KEY (equipment_id, seq)
) STRICT;
)sql"),
};

constexpr std::string_view kColumns =
    "id, operator_id, business, name, purpose, functions, location, note, suppliers, "
    "maintenance_contractors, created_by, created_at, updated_at";

base::Status Corrupt(std::string_view id, std::string_view what) {
  return base::DataLoss({.ja = fmt::format("設備 {} の保存された {} を読めません", id, what),
                         .en = fmt::format("equipment {}: stored {} is unreadable", id, what)});
}

base::Result<EquipmentRecord> FromRow(const store::Row& r) {
  EquipmentRecord e;
  e.id = r.Text(0);
  e.operator_id = base::OperatorId(r.Text(1));
  e.business = base::BusinessId(r.Text(2));
  e.name = r.Text(3);
  e.purpose = r.Text(4);
  e.functions = store::SplitList(r.Text(5));
  e.location = r.Text(6);
  e.note = r.Text(7);
  auto suppliers = codec::DecodePartiesText(r.Text(8));
  if (!suppliers) return Corrupt(e.id, "suppliers");
  e.suppliers = std::move(*suppliers);
  auto contractors = codec::DecodePartiesText(r.Text(9));
  if (!contractors) return Corrupt(e.id, "maintenance contractors");
  e.maintenance_contractors = std::move(*contractors);
  e.created_by = r.Text(10);
  auto created = base::ParseInstant(r.Text(11));
  auto updated = base::ParseInstant(r.Text(12));
  if (!created || !updated) return Corrupt(e.id, "times");
  e.created_at = *created;
  e.updated_at = *updated;
  return e;
}

base::Status LoadComponents(store::Connection& c, EquipmentRecord& e) {
  KIKAN_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT name, role, supplier FROM equipment_component "
                                            "WHERE equipment_id = ? ORDER BY seq",
                                            {e.id}));
  e.components.clear();
  for (const auto& r : rows) e.components.push_back({r.Text(0), r.Text(1), r.Text(2)});
  return base::Status::Ok();
}

base::Status WriteComponents(store::Connection& c, const EquipmentRecord& e) {
  KIKAN_TRY(c.Exec("DELETE FROM equipment_component WHERE equipment_id = ?", {e.id}));
  for (size_t i = 0; i < e.components.size(); ++i) {
    const auto& comp = e.components[i];
    KIKAN_TRY(
        c.Exec("INSERT INTO equipment_component (equipment_id, seq, name, role, supplier) "
               "VALUES (?, ?, ?, ?, ?)",
               {e.id, static_cast<int64_t>(i + 1), comp.name, comp.role, comp.supplier}));
  }
  return base::Status::Ok();
}

base::Status AppendAudit(store::Connection& c, std::string_view action, const std::string& id,
                         std::string state_hash, const Actor& actor, base::Instant now) {
  return RecordEvent(c, actor.user_id, now, action, "equipment", id, std::move(state_hash));
}

base::Status Refuse(const std::vector<base::FieldError>& problems) {
  const auto& first = problems.front();
  return base::InvalidArgument(
             {.ja = fmt::format("設備の記録に問題が {} 件あります。最初のもの（{}）: {}",
                                problems.size(), first.pointer, first.message.ja),
              .en = fmt::format("the equipment record has {} problem(s); first at {}: {}",
                                problems.size(), first.pointer, first.message.en)})
      .WithFields(problems);
}

}  // namespace

std::span<const store::Migration> EquipmentMigrations() { return kMigrations; }

std::string CanonicalState(const EquipmentRecord& e) {
  Canonical out("equipment");
  out.Add("id", e.id)
      .Add("operator_id", e.operator_id.view())
      .Add("business", e.business.view())
      .Add("name", e.name)
      .Add("purpose", e.purpose)
      .Add("functions", store::JoinList(e.functions))
      .Add("location", e.location)
      .Add("note", e.note)
      .Add("suppliers", codec::EncodePartiesText(e.suppliers))
      .Add("maintenance_contractors", codec::EncodePartiesText(e.maintenance_contractors))
      .Add("created_by", e.created_by)
      .Add("created_at", base::FormatInstant(e.created_at))
      .Add("updated_at", base::FormatInstant(e.updated_at))
      .AddInt("components", static_cast<int64_t>(e.components.size()));
  for (const auto& comp : e.components) {
    out.Add("component_name", comp.name)
        .Add("component_role", comp.role)
        .Add("component_supplier", comp.supplier);
  }
  return out.text();
}

base::Result<std::vector<base::FieldError>> CheckEquipment(store::Connection& c,
                                                           const regime::Regime& regime,
                                                           const EquipmentRecord& e) {
  std::vector<base::FieldError> out;
  if (e.name.empty())
    out.push_back({"/name", {.ja = "設備の名称は必須です", .en = "the equipment needs a name"}});
  DesignationQuery query;
  query.operator_id = e.operator_id;
  KIKAN_ASSIGN_OR_RETURN(auto designations, ListDesignations(c, query));
  std::string held;
  bool designated = false;
  for (const auto& d : designations) {
    held += (held.empty() ? "" : ", ") + d.business.value();
    designated = designated || d.business == e.business;
  }
  const regime::Pack* pack = nullptr;
  if (regime.FindBusiness(e.business, &pack) == nullptr || !designated) {
    out.push_back(
        {"/business",
         {.ja = fmt::format("事業 \"{}\" について指定を受けていません（指定: {}）", e.business,
                            held.empty() ? "なし" : held),
          .en = fmt::format("the operator is not designated for \"{}\" (designated for: {})",
                            e.business, held.empty() ? "none" : held)}});
  }
  if (pack != nullptr) {
    std::string known;
    for (const auto& f : pack->functions) known += (known.empty() ? "" : ", ") + f.id;
    for (size_t i = 0; i < e.functions.size(); ++i) {
      const std::string& f = e.functions[i];
      std::string ptr = fmt::format("/functions/{}", i);
      const auto before = e.functions.begin() + static_cast<std::ptrdiff_t>(i);
      if (pack->FindFunction(f) == nullptr) {
        out.push_back({ptr,
                       {.ja = fmt::format("不明な機能 \"{}\" です（{} パックの機能: {}）", f,
                                          pack->id, known.empty() ? "なし" : known),
                        .en = fmt::format("unknown function \"{}\" (the {} pack's functions: {})",
                                          f, pack->id, known.empty() ? "none" : known)}});
      } else if (std::find(e.functions.begin(), before, f) != before) {
        out.push_back({ptr,
                       {.ja = fmt::format("機能 \"{}\" が重複しています", f),
                        .en = fmt::format("function \"{}\" is listed twice", f)}});
      }
    }
  }
  std::set<std::string> ids, supplier_ids;
  for (auto [key, list] : {std::pair{"suppliers", &e.suppliers},
                           std::pair{"maintenance_contractors", &e.maintenance_contractors}}) {
    for (size_t i = 0; i < list->size(); ++i) {
      const filings::Party& p = (*list)[i];
      std::string ptr = fmt::format("/{}/{}", key, i);
      if (p.id.empty()) {
        out.push_back({ptr + "/id",
                       {.ja = "当事者の id は必須です（構成設備から参照します）",
                        .en = "a party needs an id (components refer to it)"}});
      } else if (!ids.insert(p.id).second) {
        out.push_back({ptr + "/id",
                       {.ja = fmt::format("id \"{}\" が重複しています", p.id),
                        .en = fmt::format("id \"{}\" is used twice", p.id)}});
      }
      if (std::string_view(key) == "suppliers") supplier_ids.insert(p.id);
      if (p.name.empty())
        out.push_back({ptr + "/name", {.ja = "名称は必須です", .en = "a party needs a name"}});
      if (!p.corporate_number.empty()) {
        if (auto s = base::ValidateCorporateNumber(p.corporate_number); !s.ok()) {
          out.push_back({ptr + "/corporate_number", {.ja = s.ja(), .en = s.en()}});
        }
      }
    }
  }
  for (size_t i = 0; i < e.components.size(); ++i) {
    const auto& comp = e.components[i];
    std::string ptr = fmt::format("/components/{}", i);
    if (comp.name.empty())
      out.push_back(
          {ptr + "/name", {.ja = "構成設備の名称は必須です", .en = "a component needs a name"}});
    if (!comp.supplier.empty() && supplier_ids.count(comp.supplier) == 0) {
      out.push_back(
          {ptr + "/supplier",
           {.ja = fmt::format("供給者 \"{}\" は suppliers にありません", comp.supplier),
            .en = fmt::format("supplier \"{}\" is not one of the suppliers", comp.supplier)}});
    }
  }
  return out;
}

base::Result<EquipmentRecord> CreateEquipment(store::Connection& c, const regime::Regime& regime,
                                              EquipmentRecord e, const Actor& actor,
                                              base::Instant now) {
  KIKAN_TRY(GetOperator(c, e.operator_id.view()));
  KIKAN_ASSIGN_OR_RETURN(auto problems, CheckEquipment(c, regime, e));
  if (!problems.empty()) return Refuse(problems);
  e.id = "e-" + base::ToHex(auth::RandomBytes(8));
  e.created_by = actor.user_id;
  e.created_at = e.updated_at = now;
  KIKAN_TRY(c.Exec(
      fmt::format("INSERT INTO equipment ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  kColumns),
      {e.id, e.operator_id.value(), e.business.value(), e.name, e.purpose,
       store::JoinList(e.functions), e.location, e.note, codec::EncodePartiesText(e.suppliers),
       codec::EncodePartiesText(e.maintenance_contractors), e.created_by,
       base::FormatInstant(e.created_at), base::FormatInstant(e.updated_at)}));
  KIKAN_TRY(WriteComponents(c, e));
  KIKAN_TRY(
      AppendAudit(c, "equipment.create", e.id, audit::HashState(CanonicalState(e)), actor, now));
  return e;
}

base::Result<EquipmentRecord> UpdateEquipment(store::Connection& c, const regime::Regime& regime,
                                              std::string_view id, EquipmentRecord e,
                                              const Actor& actor, base::Instant now) {
  KIKAN_ASSIGN_OR_RETURN(auto old, GetEquipment(c, id));
  e.id = old.id;
  e.operator_id = old.operator_id;
  e.created_by = old.created_by;
  e.created_at = old.created_at;
  e.updated_at = now;
  KIKAN_ASSIGN_OR_RETURN(auto problems, CheckEquipment(c, regime, e));
  if (!problems.empty()) return Refuse(problems);
  KIKAN_TRY(c.Exec(
      "UPDATE equipment SET business = ?, name = ?, purpose = ?, functions = ?, "
      "location = ?, note = ?, suppliers = ?, maintenance_contractors = ?, "
      "updated_at = ? WHERE id = ?",
      {e.business.value(), e.name, e.purpose, store::JoinList(e.functions), e.location, e.note,
       codec::EncodePartiesText(e.suppliers), codec::EncodePartiesText(e.maintenance_contractors),
       base::FormatInstant(e.updated_at), e.id}));
  KIKAN_TRY(WriteComponents(c, e));
  KIKAN_TRY(
      AppendAudit(c, "equipment.update", e.id, audit::HashState(CanonicalState(e)), actor, now));
  return e;
}

base::Status DeleteEquipment(store::Connection& c, std::string_view id, const Actor& actor,
                             base::Instant now) {
  KIKAN_ASSIGN_OR_RETURN(auto e, GetEquipment(c, id));
  KIKAN_TRY(c.Exec("DELETE FROM equipment_component WHERE equipment_id = ?", {e.id}));
  KIKAN_TRY(c.Exec("DELETE FROM equipment WHERE id = ?", {e.id}));
  return AppendAudit(c, "equipment.delete", e.id, "", actor, now);
}

base::Result<EquipmentRecord> GetEquipment(store::Connection& c, std::string_view id) {
  KIKAN_ASSIGN_OR_RETURN(
      auto rows,
      c.Query(fmt::format("SELECT {} FROM equipment WHERE id = ?", kColumns), {std::string(id)}));
  if (rows.empty()) {
    return base::NotFound({.ja = fmt::format("設備 \"{}\" はありません", id),
                           .en = fmt::format("no equipment \"{}\"", id)});
  }
  KIKAN_ASSIGN_OR_RETURN(auto e, FromRow(rows[0]));
  KIKAN_TRY(LoadComponents(c, e));
  return e;
}

base::Result<std::vector<EquipmentRecord>> ListEquipment(store::Connection& c,
                                                         const base::OperatorId& operator_id,
                                                         const auth::ScopeFilter& scope) {
  std::vector<EquipmentRecord> out;
  if (scope.none()) return out;
  std::string sql = fmt::format("SELECT {} FROM equipment WHERE 1 = 1", kColumns);
  std::vector<store::Value> params;
  if (!operator_id.empty()) {
    sql += " AND operator_id = ?";
    params.emplace_back(operator_id.value());
  }
  sql += " AND " + auth::ScopeSql(scope, "operator_id", "business", &params);
  sql += " ORDER BY name, id";
  KIKAN_ASSIGN_OR_RETURN(auto rows, c.Query(sql, params));
  for (const auto& r : rows) {
    KIKAN_ASSIGN_OR_RETURN(auto e, FromRow(r));
    KIKAN_TRY(LoadComponents(c, e));
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace kikan::service
