#include "regime/rule_compile.h"

namespace kikan::regime::internal {

std::optional<base::Result<rules::CompiledRule>> CompileCriteriaRule(
    std::string_view, const rules::CompileOptions&, std::vector<rules::Diagnostic>*) {
  return std::nullopt;  // rules::Compile is not linked yet
}

}  // namespace kikan::regime::internal
