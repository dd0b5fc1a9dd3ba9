// Command groups not built yet register nothing. Each moves to its own file when it lands.
#include "cli/common.h"

namespace kikan::cli {
void AddCalendarCommands(CLI::App&, GlobalOptions&) {}
void AddRegimeCommands(CLI::App&, GlobalOptions&) {}
void AddEngineCommands(CLI::App&, GlobalOptions&) {}
}  // namespace kikan::cli
