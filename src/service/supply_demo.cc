// The demo's supply chain (issue 11 §5; docs/supply-chain.md §8): NUTS, the Nagoya terminals'
// shared operation system, and a second sample system, so that who-uses and what-if have
// something to answer over. The links from NUTS to the operators are illustrative (drawn from
// the ports dataset's handles_at, not from any filing) and say so; the inventories are the
// sample SBOMs of data/supply/, which say they are sample data.
#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "service/demo.h"
#include "service/supply.h"
#include "service/supply_risk.h"
#include "service/supply_store.h"

namespace kikan::service {
namespace {

struct DemoTerminal {
  const char* id;    // data/datasets/ports/terminal.csv
  const char* name;  // as MLIT's document names it, then the terminal's name
};

// The five terminals the MLIT document on the 2023-07-04 incident names, all on NUTS (basis
// "source_document": that document says so).
const DemoTerminal kNutsTerminals[] = {
    {"nagoya-tobishima-north", "飛島北（飛島ふ頭北コンテナターミナル）"},
    {"nagoya-tobishima-south", "飛島南（飛島ふ頭南コンテナターミナル）"},
    {"nagoya-ncb", "NCB（名古屋コンテナ埠頭）"},
    {"nagoya-tobishima-south-side", "飛島南側（飛島ふ頭南側コンテナターミナル、TCB）"},
    {"nagoya-nabeta", "鍋田（鍋田ふ頭コンテナターミナル）"},
};

// Operators that handle at those terminals per data/datasets/ports/operator.csv (handles_at);
// those the register holds become NUTS's illustrative users, the first its filer.
const char* const kNagoyaOperators[] = {"meiko-trans",    "isewan",      "kamigumi",
                                        "nippon-express", "mitsui-soko", "mitsubishi-logistics",
                                        "asahi-unyu",     "tokai-kyowa", "fuji-trans"};

base::Result<std::string> ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return base::NotFound(
        {.ja = fmt::format("{} を開けません", path), .en = fmt::format("cannot open {}", path)});
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

base::Result<supply::Inventory> ReadInventory(const std::string& path) {
  KIKAN_ASSIGN_OR_RETURN(std::string text, ReadText(path));
  auto doc = supply::ParseDocument(text);
  if (!doc) return doc.error().WithPrefix(path + ": ");
  return std::move(doc->inventory);
}

}  // namespace

base::Result<int> SeedSupplyDemo(store::Connection& c, const std::string& supply_root,
                                 base::Instant now) {
  const Actor system{"system"};
  std::vector<base::OperatorId> present;
  for (const char* id : kNagoyaOperators) {
    KIKAN_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT 1 FROM operator WHERE id = ?", {id}));
    if (!rows.empty()) present.emplace_back(id);
  }
  if (present.empty()) return 0;
  int systems = 0;

  KIKAN_ASSIGN_OR_RETURN(supply::Inventory nuts_inventory,
                         ReadInventory(supply_root + "/sample-nuts.cdx.json"));
  SupplySystem nuts;
  nuts.id = supply::SystemId("nuts");
  nuts.name = "名古屋港統一ターミナルシステム（NUTS）";
  nuts.runner = "名古屋港運協会 名古屋港コンテナ委員会 ターミナル部会";
  nuts.filed_by = present.front();
  KIKAN_TRY(CreateSupplySystem(c, nuts, system, now));
  ++systems;
  KIKAN_TRY(ReplaceInventory(c, nuts.id, nuts_inventory, system, now));
  for (const auto& op : present) {
    KIKAN_TRY(PutSystemUser(c, nuts.id, {op, "illustrative"}, system, now));
  }
  for (const auto& t : kNutsTerminals) {
    KIKAN_TRY(PutSystemSite(c, nuts.id,
                            {t.id, t.name, "nagoya", "名古屋港",
                             base::BusinessId("general_port_transport"), "source_document"},
                            system, now));
  }
  // A maintenance contractor of NUTS entrusts part of the work onward (sample data).
  supply::PartyRef maintainer;
  maintainer.name = "架空システム保守株式会社（サンプル）";
  maintainer.country = "JP";
  supply::PartyRef subcontractor;
  subcontractor.name = "架空再委託ソフトウェア株式会社（サンプル）";
  subcontractor.country = "JP";
  KIKAN_TRY(PutPartyLink(c, maintainer, subcontractor, "subcontracts", 0, system, now));

  // A second operator's system sharing a library and a PLC model with NUTS (sample data).
  base::OperatorId tos_operator = present.size() > 2 ? present[2] : present.front();
  KIKAN_ASSIGN_OR_RETURN(supply::Inventory tos_inventory,
                         ReadInventory(supply_root + "/sample-tos.spdx.json"));
  // SPDX has no place for Kikan's sample-data property: the demo says it for the file (whose
  // name and creationInfo.comment say so too).
  tos_inventory.sample =
      "サンプルデータ: デモ用の架空の構成です。/ Sample data: an invented inventory for the demo.";
  SupplySystem tos;
  tos.id = supply::SystemId("sample-tos");
  tos.name = "サンプル TOS（架空）";
  tos.filed_by = tos_operator;
  KIKAN_TRY(CreateSupplySystem(c, tos, system, now));
  ++systems;
  KIKAN_TRY(ReplaceInventory(c, tos.id, tos_inventory, system, now));
  KIKAN_TRY(SeedSupplyRiskDemo(c, supply_root, now));
  return systems;
}

base::Status SeedSupplyRiskDemo(store::Connection& c, const std::string& supply_root,
                                base::Instant now) {
  const Actor system{"system"};
  // The bundled OSV sample marks NUTS's express 4.18.2 vulnerable; the CSAF sample the PLC.
  KIKAN_ASSIGN_OR_RETURN(auto osv, ReadOsvPath(supply_root + "/sample-osv"));
  VulnFeed osv_feed;
  osv_feed.id = "osv:sample";
  osv_feed.source = "data/supply/sample-osv";
  KIKAN_TRY(ImportVulnFeed(c, osv_feed, osv, system, now));
  KIKAN_ASSIGN_OR_RETURN(auto csaf, ReadCsafFile(supply_root + "/sample-csaf-plc.json"));
  VulnFeed csaf_feed;
  csaf_feed.id = "csaf:sample-plc";
  csaf_feed.source = "data/supply/sample-csaf-plc.json";
  KIKAN_TRY(ImportVulnFeed(c, csaf_feed, csaf, system, now));
  // A fictional watch-list entry, and a fictional party of NUTS's maintenance chain it names.
  KIKAN_ASSIGN_OR_RETURN(std::string csv, ReadText(supply_root + "/sample-watchlist.csv"));
  KIKAN_ASSIGN_OR_RETURN(auto entries, supply::ParseWatchList(csv));
  WatchList list;
  list.source = "sample-watchlist";
  list.sample = "サンプルデータ: 架空のウォッチリストです。/ Sample data: an invented watch list.";
  KIKAN_TRY(ImportWatchList(c, list, entries, system, now));
  supply::PartyRef maintainer;
  maintainer.name = "架空システム保守株式会社（サンプル）";
  maintainer.country = "JP";
  supply::PartyRef remote;
  remote.name = "Fictional Remote Maintenance Ltd. (SAMPLE)";
  KIKAN_TRY(PutPartyLink(c, maintainer, remote, "subcontracts", 0, system, now));
  return base::Status::Ok();
}

}  // namespace kikan::service
