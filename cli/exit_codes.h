#pragma once
// Exit codes, as the README's table lists them. 2 belongs to `plan --detailed-exitcode`
// (changes planned) and 64 to usage errors, so each code means one thing.

namespace vcshift::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;               // nothing was changed
inline constexpr int kExitChangesPlanned = 2;      // plan --detailed-exitcode
// A journal that could not be written (or, for `rollback`, read) counts as the failure.
inline constexpr int kExitRolledBack = 3;          // failed, and the rollback restored the start
inline constexpr int kExitRollbackIncomplete = 4;  // failed, and undoing it failed too: see the message
inline constexpr int kExitAppliedWithWarnings = 5;  // a finishing or cleanup step failed
inline constexpr int kExitInterrupted = 6;          // stopped on request; `vcshift resume` continues
inline constexpr int kExitUsage = 64;               // EX_USAGE of sysexits.h
inline constexpr int kExitKilled = 130;             // Ctrl-C twice: left at once, still resumable

}  // namespace vcshift::cli
