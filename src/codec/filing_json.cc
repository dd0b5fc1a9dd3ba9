// The filing JSON codec. The decoder walks the document once, collecting every FieldError; an
// Obj reader remembers which keys were read so that the rest are reported as unknown.
#include "codec/filing_json.h"

#include <fmt/format.h>

#include <functional>
#include <optional>
#include <set>
#include <utility>

#include "base/wareki.h"
#include "codec/reference_json.h"
#include "regime/regime.h"

namespace kikan::codec {
namespace {

namespace json = boost::json;
using filings::Filing;
using filings::Party;

std::string_view KindName(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null:
      return "null";
    case json::kind::bool_:
      return "boolean";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
      return "number";
    case json::kind::string:
      return "string";
    case json::kind::array:
      return "array";
    case json::kind::object:
      return "object";
  }
  return "value";
}

std::string_view KindNameJa(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null:
      return "null";
    case json::kind::bool_:
      return "真偽値";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
      return "数値";
    case json::kind::string:
      return "文字列";
    case json::kind::array:
      return "配列";
    case json::kind::object:
      return "オブジェクト";
  }
  return "値";
}

class Decoder {
 public:
  std::vector<FieldError>& errors() { return errors_; }

  void Error(const std::string& ptr, base::Text message) {
    errors_.push_back({ptr, std::move(message)});
  }
  void WrongType(const std::string& ptr, const json::value& v, const base::Text& want) {
    Error(ptr,
          {.ja = fmt::format("{}で書いてください（{}が書かれています）", want.ja, KindNameJa(v)),
           .en = fmt::format("expected {}, got {}", want.en, KindName(v))});
  }

  // An object's fields, read by name; Finish() reports those never read.
  class Obj {
   public:
    Obj(Decoder& d, const json::object& o, std::string ptr) : d_(d), o_(o), ptr_(std::move(ptr)) {}
    const std::string& ptr() const { return ptr_; }
    std::string At(std::string_view key) const { return ptr_ + "/" + EscapePointerToken(key); }
    // The value at `key`, or nullptr when absent or null.
    const json::value* Get(std::string_view key) {
      used_.insert(std::string(key));
      const json::value* v = o_.if_contains(key);
      if (v == nullptr || v->is_null()) return nullptr;
      return v;
    }
    void String(std::string_view key, std::string* out) {
      const json::value* v = Get(key);
      if (v == nullptr) return;
      if (!v->is_string()) return d_.WrongType(At(key), *v, {.ja = "文字列", .en = "a string"});
      *out = std::string(v->get_string());
    }
    // An array of strings; each element that is not a string is reported at its index.
    void Strings(std::string_view key, std::vector<std::string>* out, const base::Text& what) {
      const json::array* list = Array(key);
      if (list == nullptr) return;
      const json::array& a = *list;
      for (size_t i = 0; i < a.size(); ++i) {
        if (!a[i].is_string()) {
          d_.WrongType(fmt::format("{}/{}", At(key), i), a[i], what);
          continue;
        }
        out->emplace_back(a[i].get_string());
      }
    }
    // A string read as an id of its kind (OperatorId, BusinessId).
    template <class Tag>
    void Id(std::string_view key, base::StrongId<Tag>* out) {
      std::string s;
      String(key, &s);
      if (!s.empty()) *out = base::StrongId<Tag>(std::move(s));
    }
    void Bool(std::string_view key, bool* out) {
      const json::value* v = Get(key);
      if (v == nullptr) return;
      if (!v->is_bool())
        return d_.WrongType(At(key), *v, {.ja = "真偽値（true / false）", .en = "a boolean"});
      *out = v->get_bool();
    }
    void Date(std::string_view key, std::optional<base::Date>* out) {
      const json::value* v = Get(key);
      if (v == nullptr) return;
      d_.DateValue(At(key), *v, out);
    }
    // A percentage string ("12.5%": at most 4 decimals, 0 to 100%) as an exact share.
    void Percent(std::string_view key, std::optional<filings::Share>* out) {
      const json::value* v = Get(key);
      if (v == nullptr) return;
      if (!v->is_string()) {
        return d_.WrongType(
            At(key), *v,
            {.ja = "百分率の文字列（\"12.5%\"）", .en = "a percentage string (\"12.5%\")"});
      }
      const std::string_view text(v->get_string());
      if (auto m = regime::ParsePercentMillionths(text)) {
        *out = filings::Share{*m};
        return;
      }
      d_.Error(At(key),
               {.ja = fmt::format("\"{}\" は百分率ではありません（\"12.5%\" のように、小数4桁まで、"
                                  "0〜100%）",
                                  text),
                .en = fmt::format("\"{}\" is not a percentage (like \"12.5%\": at most 4 "
                                  "decimals, 0 to 100%)",
                                  text)});
    }
    const json::object* Object(std::string_view key) {
      const json::value* v = Get(key);
      if (v == nullptr) return nullptr;
      if (!v->is_object()) {
        d_.WrongType(At(key), *v, {.ja = "オブジェクト（{ ... }）", .en = "an object"});
        return nullptr;
      }
      return &v->get_object();
    }
    const json::array* Array(std::string_view key) {
      const json::value* v = Get(key);
      if (v == nullptr) return nullptr;
      if (!v->is_array()) {
        d_.WrongType(At(key), *v, {.ja = "配列（[ ... ]）", .en = "an array"});
        return nullptr;
      }
      return &v->get_array();
    }
    void Finish() {
      for (const auto& [k, v] : o_) {
        if (used_.count(std::string(k)) != 0) continue;
        d_.Error(At(k), {.ja = fmt::format("未知の項目 `{}` です", std::string_view(k)),
                         .en = fmt::format("unknown field `{}`", std::string_view(k))});
      }
    }

   private:
    Decoder& d_;
    const json::object& o_;
    std::string ptr_;
    std::set<std::string> used_;
  };

  void DateValue(const std::string& ptr, const json::value& v, std::optional<base::Date>* out) {
    if (!v.is_string()) {
      return WrongType(ptr, v,
                       {.ja = "日付の文字列（\"2025-11-04\" 又は \"令和7年11月4日\"）",
                        .en = "a date string (\"2025-11-04\" or 和暦 \"令和7年11月4日\")"});
    }
    auto d = base::ParseDateIsoOrWareki(std::string_view(v.get_string()));
    if (!d) return Error(ptr, d.status().text());
    *out = *d;
  }

  // Each element of the array at `key` that is an object, with its pointer.
  void EachObject(Obj& parent, std::string_view key, const std::function<void(Obj&)>& fn) {
    const json::array* a = parent.Array(key);
    if (a == nullptr) return;
    for (size_t i = 0; i < a->size(); ++i) {
      const std::string ptr = fmt::format("{}/{}", parent.At(key), i);
      if (!(*a)[i].is_object()) {
        WrongType(ptr, (*a)[i], {.ja = "オブジェクト（{ ... }）", .en = "an object"});
        continue;
      }
      Obj o(*this, (*a)[i].get_object(), ptr);
      fn(o);
      o.Finish();
    }
  }

  void Timing(Obj& o, filings::Timing* t) {
    o.Date("planned_date", &t->planned_date);
    if (const json::object* p = o.Object("period")) {
      Obj po(*this, *p, o.At("period"));
      std::optional<base::Date> from, to;
      po.Date("from", &from);
      po.Date("to", &to);
      if (p->if_contains("from") == nullptr)
        Error(po.At("from"), {.ja = "期間の始まりがありません", .en = "the period needs from"});
      if (p->if_contains("to") == nullptr)
        Error(po.At("to"), {.ja = "期間の終わりがありません", .en = "the period needs to"});
      po.Finish();
      if (from && to) t->period = filings::DateRange{*from, *to};
    }
  }

  void PartyValue(Obj& o, Party* p) {
    o.String("id", &p->id);
    o.String("name", &p->name);
    o.String("address", &p->address);
    o.String("country", &p->country);
    o.String("corporate_number", &p->corporate_number);
    o.String("foreign_registration", &p->foreign_registration);
    o.String("representative", &p->representative);
    EachObject(o, "officers", [&](Obj& e) {
      filings::Officer off;
      e.String("name", &off.name);
      e.String("nationality", &off.nationality);
      e.Date("date_of_birth", &off.date_of_birth);
      p->officers.push_back(std::move(off));
    });
    if (o.Array("shareholders") != nullptr) {
      p->shareholders.emplace();
      EachObject(o, "shareholders", [&](Obj& e) {
        filings::Shareholder s;
        e.String("name", &s.name);
        e.String("country", &s.country);
        std::optional<filings::Share> share;
        e.Percent("voting_share", &share);
        if (share) s.voting_share = *share;
        p->shareholders->push_back(std::move(s));
      });
    }
    if (const json::object* fg = o.Object("foreign_government_dealings")) {
      Obj fo(*this, *fg, o.At("foreign_government_dealings"));
      filings::ForeignGovernmentDealings d;
      if (fg->if_contains("exists") == nullptr || fg->at("exists").is_null()) {
        Error(fo.At("exists"), {.ja = "exists（true / false）がありません",
                                .en = "exists (true or false) is required"});
      }
      fo.Bool("exists", &d.exists);
      fo.String("description", &d.description);
      fo.Date("fiscal_year_end", &d.fiscal_year_end);
      fo.String("government", &d.government);
      fo.Percent("sales_share", &d.sales_share);
      fo.Finish();
      p->foreign_government_dealings = std::move(d);
    }
    o.String("past_supply_record", &p->past_supply_record);
    o.String("factory_location", &p->factory_location);
    o.Bool("registered_in_japan", &p->registered_in_japan);
  }

  Filing Decode(const json::value& root) {
    Filing f;
    if (!root.is_object()) {
      WrongType("", root, {.ja = "オブジェクト（{ ... }）", .en = "an object"});
      return f;
    }
    Obj o(*this, root.get_object(), "");
    // kind and business choose the form: required.
    if (const json::value* k = o.Get("kind")) {
      if (!k->is_string()) {
        WrongType("/kind", *k, {.ja = "文字列", .en = "a string"});
      } else if (auto kind = regime::ParseFilingKind(std::string_view(k->get_string()))) {
        f.kind = *kind;
      } else {
        Error("/kind",
              {.ja = fmt::format("未知の届出の種類 \"{}\" です（{} のいずれか）",
                                 std::string_view(k->get_string()), regime::FilingKindNames()),
               .en = fmt::format("unknown kind \"{}\" (one of {})",
                                 std::string_view(k->get_string()), regime::FilingKindNames())});
      }
    } else {
      Error("/kind", {.ja = "kind（届出の種類）は必須です", .en = "kind is required"});
    }
    o.Id("business", &f.business);
    if (root.get_object().if_contains("business") == nullptr ||
        root.get_object().at("business").is_null()) {
      Error("/business", {.ja = "business（事業）は必須です", .en = "business is required"});
    }
    o.String("note", &f.note);
    if (const json::object* fl = o.Object("filer")) {
      Obj fo(*this, *fl, "/filer");
      fo.Id("operator_id", &f.filer.operator_id);
      fo.String("name", &f.filer.name);
      fo.String("corporate_number", &f.filer.corporate_number);
      fo.Finish();
    }
    if (const json::object* eq = o.Object("equipment")) {
      Obj e(*this, *eq, "/equipment");
      e.String("name", &f.equipment.name);
      e.String("purpose", &f.equipment.purpose);
      e.Strings("functions", &f.equipment.functions,
                {.ja = "機能 id の文字列", .en = "a function id string"});
      e.String("location", &f.equipment.location);
      e.String("definition", &f.equipment.definition);
      e.Finish();
    }
    EachObject(o, "components", [&](Obj& e) {
      filings::Component c;
      e.String("name", &c.name);
      e.String("role", &c.role);
      e.String("supplier", &c.supplier);
      f.components.push_back(std::move(c));
    });
    if (const json::object* in = o.Object("installation")) {
      Obj io(*this, *in, "/installation");
      io.String("description", &f.installation.description);
      Timing(io, &f.installation.timing);
      io.Finish();
    }
    EachObject(o, "suppliers", [&](Obj& e) {
      Party p;
      PartyValue(e, &p);
      f.suppliers.push_back(std::move(p));
    });
    if (const json::object* mt = o.Object("maintenance")) {
      Obj mo(*this, *mt, "/maintenance");
      filings::Maintenance m;
      mo.String("content", &m.content);
      Timing(mo, &m.timing);
      if (const json::object* c = mo.Object("contractor")) {
        Obj co(*this, *c, "/maintenance/contractor");
        Party p;
        PartyValue(co, &p);
        co.Finish();
        m.contractor = std::move(p);
      }
      EachObject(mo, "subcontractors", [&](Obj& e) {
        Party p;
        PartyValue(e, &p);
        m.subcontractors.push_back(std::move(p));
      });
      mo.Finish();
      f.maintenance = std::move(m);
    }
    if (const json::object* rm = o.Object("risk_measures")) {
      for (const auto& [k, v] : *rm) {
        const std::string ptr = "/risk_measures/" + EscapePointerToken(k);
        if (v.is_null()) continue;
        if (!v.is_object()) {
          WrongType(ptr, v,
                    {.ja = "{ \"implemented\": true, \"note\": ... } のオブジェクト",
                     .en = "an object { \"implemented\": true, \"note\": ... }"});
          continue;
        }
        Obj ro(*this, v.get_object(), ptr);
        filings::RiskAnswer a;
        if (v.get_object().if_contains("implemented") == nullptr ||
            v.get_object().at("implemented").is_null()) {
          Error(ro.At("implemented"), {.ja = "implemented（true / false）がありません",
                                       .en = "implemented (true or false) is required"});
        }
        ro.Bool("implemented", &a.implemented);
        ro.String("note", &a.note);
        ro.Finish();
        f.risk_measures[std::string(k)] = std::move(a);
      }
    }
    EachObject(o, "attachments", [&](Obj& e) {
      filings::Attachment a;
      e.String("kind", &a.kind);
      e.String("party", &a.party);
      e.String("file_name", &a.file_name);
      e.String("sha256", &a.sha256);
      if (const json::value* v = e.Get("size")) {
        if (v->is_int64()) {
          a.size = v->get_int64();
        } else if (v->is_uint64() && v->get_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
          a.size = static_cast<int64_t>(v->get_uint64());
        } else {
          WrongType(e.At("size"), *v, {.ja = "整数（バイト数）", .en = "an integer (bytes)"});
        }
      }
      e.Date("issued_on", &a.issued_on);
      e.Date("valid_until", &a.valid_until);
      f.attachments.push_back(std::move(a));
    });
    if (const json::object* em = o.Object("emergency")) {
      Obj eo(*this, *em, "/emergency");
      filings::Emergency e;
      eo.String("reason", &e.reason);
      eo.Date("installed_on", &e.installed_on);
      eo.Finish();
      f.emergency = std::move(e);
    }
    std::string changes_to;
    o.String("changes_to", &changes_to);
    f.changes_to = filings::FilingId(changes_to);
    o.String("change_summary", &f.change_summary);
    o.Date("changed_on", &f.changed_on);
    o.Strings("omissions", &f.omissions,
              {.ja = "省略の id の文字列", .en = "an omission id string"});
    o.Finish();
    return f;
  }

 private:
  std::vector<FieldError> errors_;
};

// --- encoding ------------------------------------------------------------------------------------

void Put(json::object& o, std::string_view key, const std::string& v) {
  if (!v.empty()) o[key] = v;
}

void PutTiming(json::object& o, const filings::Timing& t) {
  if (t.planned_date) o["planned_date"] = t.planned_date->ToIso();
  if (t.period) {
    o["period"] = json::object{{"from", t.period->from.ToIso()}, {"to", t.period->to.ToIso()}};
  }
}

json::object EncodeParty(const Party& p) {
  json::object o;
  Put(o, "id", p.id);
  Put(o, "name", p.name);
  Put(o, "address", p.address);
  Put(o, "country", p.country);
  Put(o, "corporate_number", p.corporate_number);
  Put(o, "foreign_registration", p.foreign_registration);
  Put(o, "representative", p.representative);
  if (!p.officers.empty()) {
    json::array a;
    for (const filings::Officer& off : p.officers) {
      json::object e;
      Put(e, "name", off.name);
      Put(e, "nationality", off.nationality);
      if (off.date_of_birth) e["date_of_birth"] = off.date_of_birth->ToIso();
      a.push_back(std::move(e));
    }
    o["officers"] = std::move(a);
  }
  if (p.shareholders) {
    json::array a;
    for (const filings::Shareholder& s : *p.shareholders) {
      json::object e;
      Put(e, "name", s.name);
      Put(e, "country", s.country);
      e["voting_share"] = regime::FormatPercentMillionths(s.voting_share.millionths);
      a.push_back(std::move(e));
    }
    o["shareholders"] = std::move(a);
  }
  if (p.foreign_government_dealings) {
    json::object d{{"exists", p.foreign_government_dealings->exists}};
    const filings::ForeignGovernmentDealings& fg = *p.foreign_government_dealings;
    Put(d, "description", fg.description);
    if (fg.fiscal_year_end) d["fiscal_year_end"] = fg.fiscal_year_end->ToIso();
    Put(d, "government", fg.government);
    if (fg.sales_share) {
      d["sales_share"] = regime::FormatPercentMillionths(fg.sales_share->millionths);
    }
    o["foreign_government_dealings"] = std::move(d);
  }
  Put(o, "past_supply_record", p.past_supply_record);
  Put(o, "factory_location", p.factory_location);
  o["registered_in_japan"] = p.registered_in_japan;
  return o;
}

json::object Label(const base::Text& t) { return json::object{{"ja", t.ja}, {"en", t.en}}; }

}  // namespace

std::string EscapePointerToken(std::string_view token) {
  std::string out;
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

tl::expected<Filing, std::vector<FieldError>> DecodeFiling(const json::value& value) {
  Decoder d;
  Filing f = d.Decode(value);
  if (!d.errors().empty()) return tl::unexpected(std::move(d.errors()));
  return f;
}

tl::expected<Filing, std::vector<FieldError>> DecodeFilingText(std::string_view text) {
  boost::system::error_code ec;
  json::parser p;
  // write() parses the whole buffer as one complete text: trailing whitespace is fine; an
  // incomplete text or anything after the value is an error.
  const size_t n = p.write(text.data(), text.size(), ec);
  if (ec) {
    return tl::unexpected(std::vector<FieldError>{
        {"",
         base::Text{.ja = fmt::format("JSON の構文エラー（{} バイト目付近）: {}", n, ec.message()),
                    .en = fmt::format("JSON syntax error near byte {}: {}", n, ec.message())}}});
  }
  return DecodeFiling(p.release());
}

json::object EncodeFiling(const Filing& f) {
  json::object o;
  o["kind"] = regime::FilingKindName(f.kind);
  o["business"] = f.business.value();
  Put(o, "note", f.note);
  {
    json::object fl;
    Put(fl, "operator_id", f.filer.operator_id.value());
    Put(fl, "name", f.filer.name);
    Put(fl, "corporate_number", f.filer.corporate_number);
    if (!fl.empty()) o["filer"] = std::move(fl);
  }
  {
    json::object e;
    Put(e, "name", f.equipment.name);
    Put(e, "purpose", f.equipment.purpose);
    if (!f.equipment.functions.empty()) {
      json::array a;
      for (const std::string& fn : f.equipment.functions) a.push_back(json::string(fn));
      e["functions"] = std::move(a);
    }
    Put(e, "location", f.equipment.location);
    Put(e, "definition", f.equipment.definition);
    if (!e.empty()) o["equipment"] = std::move(e);
  }
  if (!f.components.empty()) {
    json::array a;
    for (const filings::Component& c : f.components) {
      json::object e;
      Put(e, "name", c.name);
      Put(e, "role", c.role);
      Put(e, "supplier", c.supplier);
      a.push_back(std::move(e));
    }
    o["components"] = std::move(a);
  }
  {
    json::object in;
    Put(in, "description", f.installation.description);
    PutTiming(in, f.installation.timing);
    if (!in.empty()) o["installation"] = std::move(in);
  }
  if (!f.suppliers.empty()) {
    json::array a;
    for (const Party& p : f.suppliers) a.push_back(EncodeParty(p));
    o["suppliers"] = std::move(a);
  }
  if (f.maintenance) {
    json::object m;
    Put(m, "content", f.maintenance->content);
    PutTiming(m, f.maintenance->timing);
    if (f.maintenance->contractor) m["contractor"] = EncodeParty(*f.maintenance->contractor);
    if (!f.maintenance->subcontractors.empty()) {
      json::array a;
      for (const Party& p : f.maintenance->subcontractors) a.push_back(EncodeParty(p));
      m["subcontractors"] = std::move(a);
    }
    o["maintenance"] = std::move(m);
  }
  if (!f.risk_measures.empty()) {
    json::object r;
    for (const auto& [id, a] : f.risk_measures) {
      json::object e{{"implemented", a.implemented}};
      Put(e, "note", a.note);
      r[id] = std::move(e);
    }
    o["risk_measures"] = std::move(r);
  }
  if (!f.attachments.empty()) {
    json::array a;
    for (const filings::Attachment& at : f.attachments) {
      json::object e;
      Put(e, "kind", at.kind);
      Put(e, "party", at.party);
      Put(e, "file_name", at.file_name);
      Put(e, "sha256", at.sha256);
      e["size"] = at.size;
      if (at.issued_on) e["issued_on"] = at.issued_on->ToIso();
      if (at.valid_until) e["valid_until"] = at.valid_until->ToIso();
      a.push_back(std::move(e));
    }
    o["attachments"] = std::move(a);
  }
  if (f.emergency) {
    json::object e;
    Put(e, "reason", f.emergency->reason);
    if (f.emergency->installed_on) e["installed_on"] = f.emergency->installed_on->ToIso();
    o["emergency"] = std::move(e);
  }
  Put(o, "changes_to", f.changes_to.value());
  Put(o, "change_summary", f.change_summary);
  if (f.changed_on) o["changed_on"] = f.changed_on->ToIso();
  if (!f.omissions.empty()) {
    json::array a;
    for (const std::string& id : f.omissions) a.emplace_back(id);
    o["omissions"] = std::move(a);
  }
  return o;
}

std::string EncodeFilingText(const Filing& filing) { return json::serialize(EncodeFiling(filing)); }

json::array EncodeFindings(const std::vector<filings::MissingItem>& findings) {
  json::array out;
  for (const filings::MissingItem& m : findings) {
    std::string_view kind = m.kind == filings::MissingItem::Kind::kMissing   ? "missing"
                            : m.kind == filings::MissingItem::Kind::kInvalid ? "invalid"
                                                                             : "warning";
    out.push_back(json::object{
        {"pointer", m.pointer}, {"item", m.item}, {"kind", kind}, {"message", Label(m.message)}});
  }
  return out;
}

json::object EncodeDeadlines(const filings::Deadlines& deadlines) {
  json::array items;
  for (const filings::Deadline& d : deadlines.items) {
    json::array rules;
    for (const calendar::AppliedRule& r : d.rules) {
      rules.push_back(json::object{{"id", r.id},
                                   {"text", Label(r.text)},
                                   {"basis", Label(r.basis)},
                                   {"references", EncodeReferences(r.basis.ja)}});
    }
    items.push_back(json::object{{"key", d.key},
                                 {"label", Label(d.label)},
                                 {"date", d.date.ToIso()},
                                 {"rules", std::move(rules)}});
  }
  json::array notes;
  for (const base::Text& n : deadlines.notes) notes.push_back(Label(n));
  return json::object{{"items", std::move(items)}, {"notes", std::move(notes)}};
}

}  // namespace kikan::codec
