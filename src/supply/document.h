// SBOM and HBOM documents in and out (docs/supply-chain.md §3): CycloneDX 1.5 and 1.6 JSON and
// SPDX 2.3 JSON read into a supply::Inventory, and an Inventory written as CycloneDX 1.6 JSON.
// The format is detected from the document itself. A document with any problem is refused
// whole: the Status lists every problem (up to kMaxProblems) as a base::FieldError at its JSON
// pointer, and no Inventory is returned. Each call is bounded (document size, nesting depth,
// number of components and services: model.h).
//
// Boost.JSON is used through its non-throwing API only; nothing here throws. Pure functions of
// their arguments; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "supply/model.h"

namespace kikan::supply {

enum class DocumentFormat { kCycloneDx, kSpdx };

struct ParsedDocument {
  DocumentFormat format = DocumentFormat::kCycloneDx;
  std::string spec_version;  // "1.5", "1.6", "SPDX-2.3"
  Inventory inventory;
};

// Reads a CycloneDX (bomFormat "CycloneDX", specVersion 1.5 or 1.6) or SPDX (spdxVersion
// "SPDX-2.3") JSON document. Errors: kInvalidArgument — larger than kMaxDocumentBytes, not JSON
// (with the byte offset), neither format or another version (at /specVersion or /spdxVersion),
// or a document with problems, every one a field error at its pointer: a missing or mistyped
// member, an unknown component type, a duplicate or dangling ref, a 法人番号 with a bad check
// digit, nesting deeper than kMaxNestingDepth, more than kMaxComponents components or
// kMaxServices services.
base::Result<ParsedDocument> ParseDocument(std::string_view json);

struct ExportOptions {
  std::string serial_number;  // "urn:uuid:…" (RFC 4122 form); omitted when empty
  std::string timestamp;      // ISO 8601 UTC; omitted when empty
  std::string system_id;      // written as the metadata property kikan:system
};

// The inventory as a CycloneDX 1.6 JSON document (nested components rebuilt from `parent`),
// which ParseDocument reads back as the same Inventory. Total: never fails.
std::string ExportCycloneDx(const Inventory& inventory, const ExportOptions& options);

}  // namespace kikan::supply
