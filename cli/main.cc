// vcshift: declarative plan-and-apply for moving ESXi hosts and clusters between vCenters.

#include <sys/stat.h>

#include <csignal>

#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/apply_command.h"
#include "cli/exit_codes.h"
#include "cli/export_command.h"
#include "cli/inventory_command.h"
#include "cli/journal_commands.h"
#include "cli/logging.h"
#include "cli/plan_command.h"
#include "cli/validate_command.h"
#include "engine/journal.h"


int main(int argc, char** argv) {
  CLI::App app{
      "vcshift moves ESXi hosts and clusters between vCenter Servers from a declarative\n"
      "desired state.\n",
      "vcshift"};
  app.set_version_flag("--version", std::string("vcshift ") + VCSHIFT_VERSION);
  app.require_subcommand(1);
  app.footer("Run 'vcshift COMMAND --help' for a command's options. Docs: README.md and docs/.");

  // What vcshift writes is its user's alone: the state directory (0700), the journal and
  // the logs (0600: every run, call and object name), saved plans and exported files.
  umask(077);
  // A file-size limit (ulimit -f) makes a write fail (EFBIG) instead of killing vcshift:
  // a journal write that fails stops the run and rolls it back; a kill would leave it
  // half done.
  signal(SIGXFSZ, SIG_IGN);
  vcshift::cli::ConfigureLogging();
  int exit_code = 0;
  vcshift::cli::AddValidateCommand(app, exit_code);
  vcshift::cli::AddPlanCommand(app, exit_code);
  vcshift::cli::AddGraphCommand(app, exit_code);
  vcshift::cli::AddExportCommand(app, exit_code);
  vcshift::cli::AddInventoryCommand(app, exit_code);
  vcshift::cli::AddJournalCommands(app, exit_code);
  vcshift::cli::AddApplyCommands(app, exit_code);

  if (argc == 1) {
    std::cerr << app.help();
    return vcshift::cli::kExitUsage;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : vcshift::cli::kExitUsage;
  } catch (const vcshift::JournalError& e) {
    // A journal read (or a run's first write) failing before any change: a damaged page,
    // a full disk. Writes during a run are values the executor acts on.
    std::cerr << "vcshift: error: the journal " << e.what() << "\n";
    return vcshift::cli::kExitError;
  }
  return exit_code;
}
