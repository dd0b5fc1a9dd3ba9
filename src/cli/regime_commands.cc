// Not built yet: registers nothing.
#include "cli/common.h"

namespace kikan::cli {
void AddRegimeCommands(CLI::App&, GlobalOptions&) {}
}  // namespace kikan::cli
