// The seam between the pack loader and the rules language: compiling one criteria rule. Kept
// behind this function so the loader could be built and tested before rules::Compile existed;
// it now forwards to rules::Compile. Internal to the regime module (not installed with it).
//
// Threads: stateless; safe to call concurrently.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "rules/rule.h"

namespace kikan::regime::internal {

// Compiles `source` with `options` (schema, subject, params, origin, citation), appending every
// problem to `diagnostics` with locations in the pack file. Returns nullopt when no rules
// compiler is linked into this build (the rule is then left uncompiled, not reported);
// otherwise the compiled rule or kInvalidArgument.
std::optional<base::Result<rules::CompiledRule>> CompileCriteriaRule(
    std::string_view source, const rules::CompileOptions& options,
    std::vector<rules::Diagnostic>* diagnostics);

}  // namespace kikan::regime::internal
