// SBOM/HBOM documents: CycloneDX 1.5/1.6 and SPDX 2.3 read into the inventory (nesting,
// services, dependencies, hardware without CPE kept), a bad document refused whole with every
// problem at its JSON pointer, the bounds, and export → import giving the same inventory.
#include "supply/document.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "base/test_files.h"

namespace kikan::supply {
namespace {

using base::testing::ReadFile;
using base::testing::SourceDir;

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> Pointers(const base::Status& s) {
  std::vector<std::string> out;
  for (const auto& f : s.fields()) out.push_back(f.pointer);
  return out;
}

TEST(CycloneDx, SampleReadsNestingHardwareServicesAndDependencies) {
  auto doc = ParseDocument(ReadFile(SourceDir() + "/data/supply/sample-nuts.cdx.json"));
  ASSERT_TRUE(doc) << doc.error().ToString();
  EXPECT_EQ(doc->format, DocumentFormat::kCycloneDx);
  EXPECT_EQ(doc->spec_version, "1.6");
  const Inventory& inv = doc->inventory;
  EXPECT_THAT(inv.name, HasSubstr("NUTS"));
  EXPECT_EQ(inv.ref, "nuts");
  EXPECT_THAT(inv.sample, HasSubstr("サンプルデータ"));
  ASSERT_EQ(inv.components.size(), 7u);
  EXPECT_EQ(inv.components[0].ref, "nuts-app");
  EXPECT_EQ(inv.components[1].ref, "log4j-core");
  EXPECT_EQ(inv.components[1].parent, "nuts-app");
  EXPECT_EQ(inv.components[1].purl, "pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1");
  // A PLC without PURL or CPE is a component of its own, identified by manufacturer + model.
  const Component& plc = inv.components[4];
  EXPECT_EQ(plc.type, "device");
  EXPECT_EQ(plc.name, "GX-100");
  EXPECT_TRUE(plc.cpe.empty());
  EXPECT_TRUE(plc.purl.empty());
  EXPECT_EQ(plc.serial, "SAMPLE-0001");
  EXPECT_EQ(plc.manufacturer.name, "架空制御機器株式会社（サンプル）");
  EXPECT_EQ(plc.manufacturer.country, "JP");
  EXPECT_EQ(inv.components[5].type, "firmware");
  EXPECT_EQ(inv.components[5].parent, "gate-plc");
  ASSERT_EQ(inv.services.size(), 2u);
  EXPECT_EQ(inv.services[0].provider.name, "架空システム保守株式会社（サンプル）");
  ASSERT_EQ(inv.dependencies.size(), 3u);
  EXPECT_THAT(inv.dependencies[2].depends_on, ElementsAre("remote-access"));
}

TEST(CycloneDx, Version15IsReadAndOthersRefused) {
  auto v15 = ParseDocument(
      R"({"bomFormat":"CycloneDX","specVersion":"1.5","components":[{"type":"library","name":"a"}]})");
  ASSERT_TRUE(v15) << v15.error().ToString();
  EXPECT_EQ(v15->inventory.components[0].ref, "kikan-c1");  // a ref is given when none is
  auto v14 = ParseDocument(R"({"bomFormat":"CycloneDX","specVersion":"1.4"})");
  ASSERT_FALSE(v14);
  EXPECT_THAT(Pointers(v14.error()), ElementsAre("/specVersion"));
}

TEST(CycloneDx, ABadDocumentIsRefusedWholeWithEveryProblemAtItsPointer) {
  auto doc = ParseDocument(R"({
    "bomFormat": "CycloneDX", "specVersion": "1.6",
    "components": [
      {"type": "library", "bom-ref": "a", "name": "ok"},
      {"type": "gadget", "bom-ref": "a", "name": "dup", "purl": "npm/x",
       "components": [{"type": "firmware"}]},
      {"type": "device", "name": "PLC",
       "properties": [{"name": "kikan:manufacturer:corporate_number", "value": "1234567890123"}]},
      7
    ],
    "services": [{"provider": {"name": 5}}],
    "dependencies": [{"ref": "a", "dependsOn": ["nowhere"]}]
  })");
  ASSERT_FALSE(doc);
  EXPECT_EQ(doc.error().code(), base::StatusCode::kInvalidArgument);
  EXPECT_THAT(doc.error().en(), HasSubstr("nothing was imported"));
  EXPECT_THAT(Pointers(doc.error()),
              ElementsAre("/components/1/type", "/components/1/bom-ref", "/components/1/purl",
                          "/components/1/components/0/name", "/components/2/properties/0/value",
                          "/components/3", "/services/0/name", "/services/0/provider/name",
                          "/dependencies/0/dependsOn/0"));
}

TEST(CycloneDx, BoundsAreEnforced) {
  std::string deep = R"({"bomFormat":"CycloneDX","specVersion":"1.6","components":)";
  for (int i = 0; i < kMaxNestingDepth + 1; ++i)
    deep += fmt::format(R"([{{"type":"device","name":"d{}","components":)", i);
  deep += "[]";
  for (int i = 0; i < kMaxNestingDepth + 1; ++i) deep += "}]";
  deep += "}";
  auto refused = ParseDocument(deep);
  ASSERT_FALSE(refused);
  EXPECT_THAT(refused.error().en(), HasSubstr("nested deeper than 32"));
  std::string big(kMaxDocumentBytes + 1, ' ');
  auto too_big = ParseDocument(big);
  ASSERT_FALSE(too_big);
  EXPECT_THAT(too_big.error().en(), HasSubstr("too large"));
  auto not_json = ParseDocument("{");
  ASSERT_FALSE(not_json);
  auto neither = ParseDocument("{}");
  ASSERT_FALSE(neither);
  EXPECT_THAT(neither.error().en(), HasSubstr("neither CycloneDX"));
}

TEST(CycloneDx, ExportThenImportGivesTheSameInventory) {
  for (const char* file : {"sample-nuts.cdx.json", "sample-tos.spdx.json"}) {
    auto first = ParseDocument(ReadFile(SourceDir() + "/data/supply/" + file));
    ASSERT_TRUE(first) << first.error().ToString();
    std::string exported = ExportCycloneDx(
        first->inventory, {.serial_number = "urn:uuid:00000000-0000-4000-8000-000000000000",
                           .timestamp = "2026-11-30T00:00:00Z",
                           .system_id = "nuts"});
    auto second = ParseDocument(exported);
    ASSERT_TRUE(second) << second.error().ToString() << "\n" << exported;
    EXPECT_EQ(second->spec_version, "1.6");
    EXPECT_EQ(second->inventory, first->inventory) << file << "\n" << exported;
    EXPECT_EQ(ExportCycloneDx(second->inventory, {}), ExportCycloneDx(first->inventory, {}));
  }
}

TEST(Spdx, SampleReadsPackagesRelationshipsAndRefs) {
  auto doc = ParseDocument(ReadFile(SourceDir() + "/data/supply/sample-tos.spdx.json"));
  ASSERT_TRUE(doc) << doc.error().ToString();
  EXPECT_EQ(doc->format, DocumentFormat::kSpdx);
  const Inventory& inv = doc->inventory;
  EXPECT_EQ(inv.name, "サンプル TOS（架空）");  // the package the document DESCRIBES
  EXPECT_EQ(inv.ref, "SPDXRef-tos");
  EXPECT_EQ(inv.supplier.name, "㈱架空港湾システム（サンプル）");  // the system's own supplier
  ASSERT_EQ(inv.components.size(), 2u);
  EXPECT_EQ(inv.components[0].ref, "SPDXRef-log4j");
  EXPECT_EQ(inv.components[0].parent, "");  // inside the system itself: at the top
  EXPECT_EQ(inv.components[0].purl, "pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1");
  EXPECT_EQ(inv.components[0].supplier.name, "The Apache Software Foundation");
  EXPECT_EQ(inv.components[1].type, "device");
  EXPECT_EQ(inv.components[1].manufacturer.name, "架空制御機器 株式会社（サンプル）");
  ASSERT_EQ(inv.dependencies.size(), 1u);
  EXPECT_EQ(inv.dependencies[0].ref, "SPDXRef-tos");
}

TEST(Spdx, ProblemsAtPointers) {
  auto doc = ParseDocument(R"({
    "spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT", "name": "x",
    "documentNamespace": "https://x.example/1",
    "packages": [
      {"SPDXID": "SPDXRef-a", "name": "a", "primaryPackagePurpose": "GADGET"},
      {"SPDXID": "SPDXRef-a", "name": "b"},
      {"SPDXID": "SPDXRef-c"}
    ],
    "relationships": [
      {"spdxElementId": "SPDXRef-a", "relationshipType": "CONTAINS", "relatedSpdxElement": "SPDXRef-z"}
    ]
  })");
  ASSERT_FALSE(doc);
  EXPECT_THAT(Pointers(doc.error()),
              ElementsAre("/packages/0/primaryPackagePurpose", "/packages/1/SPDXID",
                          "/packages/2/name", "/relationships/0/relatedSpdxElement"));
  auto v22 = ParseDocument(R"({"spdxVersion": "SPDX-2.2", "SPDXID": "SPDXRef-DOCUMENT",
                               "name": "x", "documentNamespace": "n"})");
  ASSERT_FALSE(v22);
  EXPECT_THAT(Pointers(v22.error()), ElementsAre("/spdxVersion"));
}

}  // namespace
}  // namespace kikan::supply
