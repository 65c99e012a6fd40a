#pragma once
// Where log lines go: standard error, so that standard output stays the command's result
// (a plan, an inventory in JSON). Warnings by default; VCSHIFT_LOG=info, debug or trace
// says more. Passwords are never logged at any level.

namespace vcshift::cli {

void ConfigureLogging();

}  // namespace vcshift::cli
