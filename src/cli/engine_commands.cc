// Not built yet: registers nothing.
#include "cli/common.h"

namespace kikan::cli {
void AddEngineCommands(CLI::App&, GlobalOptions&) {}
}  // namespace kikan::cli
