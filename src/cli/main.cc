// The `kikan` command: regime packs, the designation engine and the statutory calendar.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <string_view>

#include "base/heap_tuning.h"
#include "cli/common.h"

int main(int argc, char** argv) {
  kikan::base::TuneHeapForBatchExplanations();
  using kikan::cli::GlobalOptions;
  GlobalOptions options;
  CLI::App app{"kikan — 基幹インフラ制度の実装 (Economic Security Promotion Act, Chapter 3)"};
  app.require_subcommand(1);
  app.fallthrough();  // global options such as --lang also work after the subcommand
  app.add_option("--lang", options.lang_flag, "表示言語 / display language (ja|en)")
      ->check(CLI::IsMember({"ja", "en"}))
      ->default_val("ja");
  app.parse_complete_callback([&] { options.lang = *kikan::base::ParseLang(options.lang_flag); });
  options.source_dir = kikan::cli::FindSourceRoot();
  // Usage errors are reported before --lang is parsed: look for it first.
  bool english = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--lang=en" ||
        (a == "--lang" && i + 1 < argc && std::string_view(argv[i + 1]) == "en")) {
      english = true;
    }
  }
  app.failure_message([english](const CLI::App*, const CLI::Error& e) {
    return english ? fmt::format("kikan: usage error: {}\nRun with --help for more information.\n",
                                 e.what())
                   : fmt::format("kikan: 使い方の誤りです: {}\n--help で使い方を表示します。\n",
                                 e.what());
  });

  kikan::cli::AddCalendarCommands(app, options);
  kikan::cli::AddRegimeCommands(app, options);
  kikan::cli::AddEngineCommands(app, options);
  kikan::cli::AddServerCommands(app, options);
  kikan::cli::AddSupplyCommands(app, options);
  kikan::cli::AddAdminCommands(app, options);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 prints the message (or the help); usage errors exit 2 (see cli/common.h).
    return app.exit(e) == 0 ? 0 : 2;
  }
  std::fflush(stdout);
  return options.exit_code;
}
