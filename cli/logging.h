#pragma once
// Where log lines go: standard error, so that standard output stays the command's result
// (a plan, an inventory in JSON). Warnings by default; VCSHIFT_LOG=info, debug or trace
// says more. Runs that change vCenters (apply, resume, rollback) also keep a debug-level
// log in their state directory, whatever VCSHIFT_LOG says. Passwords are never logged at
// any level.

#include <string>

namespace vcshift::cli {

void ConfigureLogging();

// The state directory's log file, `vcshift.log`: rotated at 5 MB, three old files kept
// (`vcshift.1.log` ... `vcshift.3.log`).
inline constexpr const char* kLogFileName = "vcshift.log";

// From now on, debug lines (each action's start and end, each vSphere call) also go to
// `state_dir`/vcshift.log, created with the directory. Standard error keeps its level.
// A log file that cannot be opened is a warning, not an error.
void LogToStateDir(const std::string& state_dir);

}  // namespace vcshift::cli
