#include "regime/rule_compile.h"

namespace kikan::regime::internal {

std::optional<base::Result<rules::CompiledRule>> CompileCriteriaRule(
    std::string_view source, const rules::CompileOptions& options,
    std::vector<rules::Diagnostic>* diagnostics) {
  return rules::Compile(source, options, diagnostics);
}

}  // namespace kikan::regime::internal
