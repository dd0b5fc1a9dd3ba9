// The supply chain inventory of one system as a document states it (docs/supply-chain.md §1):
// its components (nested, each identified by PURL, CPE, or manufacturer + model + version and
// serial), the services it depends on, and the dependencies between them, each supplier,
// manufacturer and provider as the document names it (supply::PartyRef). The graph that joins
// systems, operators and parties across documents is kept by the service layer
// (service/supply_store.h); these structs know no JSON, SQL or HTTP.
//
// Plain values: copyable, comparable, thread-compatible.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.h"

namespace kikan::supply {

// A system of the graph ("nuts"): chosen by whoever files it; letters, digits, '-', '_', '.'.
using SystemId = base::StrongId<struct SystemIdTag>;

// Bounds on what one document may ask of the importer (each refused with its reason).
inline constexpr size_t kMaxDocumentBytes = 16u << 20;  // 16 MiB
inline constexpr int kMaxNestingDepth = 32;             // components inside components
inline constexpr size_t kMaxComponents = 50'000;
inline constexpr size_t kMaxServices = 10'000;
inline constexpr size_t kMaxProblems = 100;  // problems listed before the rest are counted

// A company as a document names it. Which party node of the graph it is, is decided by
// MatchParty (names.h) when it is stored.
struct PartyRef {
  std::string name;
  std::string corporate_number;  // 法人番号 (13 digits) or ""
  std::string country;           // ISO 3166-1 alpha-2 or ""
  std::string url;               // the first URL given, or ""

  bool empty() const { return name.empty() && corporate_number.empty(); }
  friend bool operator==(const PartyRef&, const PartyRef&) = default;
};

// One component. `type` is a CycloneDX component type ("application", "library", "firmware",
// "device", ...: kComponentTypes). Hardware and firmware without PURL or CPE are identified by
// manufacturer + name (the model) + version, and serial when known.
struct Component {
  std::string ref;     // bom-ref (CycloneDX) or SPDXID: unique within the inventory
  std::string parent;  // the ref of the enclosing component; "" at the top
  std::string type;
  std::string group;
  std::string name;
  std::string version;
  std::string purl;
  std::string cpe;
  std::string serial;  // serial number of a device
  PartyRef supplier;
  PartyRef manufacturer;
  friend bool operator==(const Component&, const Component&) = default;
};

// A service the system depends on: maintenance, a cloud, a network (CycloneDX services).
struct Service {
  std::string ref;
  std::string group;
  std::string name;
  std::string version;
  PartyRef provider;
  friend bool operator==(const Service&, const Service&) = default;
};

// `ref` depends on each of `depends_on` (refs of components or services).
struct Dependency {
  std::string ref;
  std::vector<std::string> depends_on;
  friend bool operator==(const Dependency&, const Dependency&) = default;
};

// What one document says of a system. Components are in document order, each parent before its
// children (depth first), so the nesting is rebuilt by one pass.
struct Inventory {
  std::string name;  // the system as the document names it (metadata.component / DESCRIBES)
  std::string ref;   // that root's bom-ref / SPDXID ("" when the document gives none)
  // The system's own supplier and manufacturer (metadata.component's / the described package's).
  PartyRef supplier;
  PartyRef manufacturer;
  // Non-empty when the document says it is sample data (CycloneDX metadata property
  // kikan:sample): the text saying so, carried into every output of the inventory.
  std::string sample;
  std::vector<Component> components;
  std::vector<Service> services;
  std::vector<Dependency> dependencies;
  friend bool operator==(const Inventory&, const Inventory&) = default;
};

// The CycloneDX 1.6 component types, in the specification's order.
inline constexpr std::string_view kComponentTypes[] = {"application",
                                                       "framework",
                                                       "library",
                                                       "container",
                                                       "platform",
                                                       "operating-system",
                                                       "device",
                                                       "device-driver",
                                                       "firmware",
                                                       "file",
                                                       "machine-learning-model",
                                                       "data",
                                                       "cryptographic-asset"};

bool IsComponentType(std::string_view type);

// The PURL without its version, qualifiers and subpath ("pkg:npm/lodash@4.17.21?x=y" →
// "pkg:npm/lodash"): the package a version of which the purl names. "" when `purl` is not one.
std::string PurlPackage(std::string_view purl);

}  // namespace kikan::supply
