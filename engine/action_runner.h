#pragma once
// What the executor needs from a provider: carry out one action. An implementation
// re-reads the live state first, so an action that already happened is reported as
// such and not repeated.

#include <map>
#include <string>

#include "engine/action.h"

namespace vcshift {

struct ActionResult {
  enum class Status { Done, AlreadyDone, Failed };
  Status status = Status::Done;
  std::string fault;    // the vim25 fault type when it failed, e.g. InvalidState
  std::string message;  // what vCenter said, for a person
  std::map<std::string, std::string> captured;  // prior values learnt while running, for the inverse
  // A failure whose outcome is unknown and may pass (a dropped connection, a vCenter
  // offline for a while): the executor runs the action again after a backoff, and the
  // runner's re-read of the live state tells whether the first attempt took effect.
  bool transient = false;
  // A failure whose effect is unknown and which no retry can settle (a hook that was
  // running as vcshift died, and may not run twice): journaled as outcome unknown, so a
  // rollback undoes it in case it happened.
  bool outcome_unknown = false;
};

class ActionRunner {
 public:
  virtual ~ActionRunner() = default;
  // Called from several threads at once for independent actions.
  virtual ActionResult Run(const Action& action) = 0;
};

}  // namespace vcshift
