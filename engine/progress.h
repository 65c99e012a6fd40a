#pragma once
// What `vcshift apply` prints while it runs: a line per action start and end with the
// time since the run began, or one JSON object per line for CI logs; and, for a
// terminal, a one-line status (done, running, pending, time left on the critical path
// of what remains, from the actions' expected durations).

#include <map>
#include <string>

#include "engine/executor.h"
#include "engine/plan.h"

namespace vcshift {

class Progress {
 public:
  Progress(const Plan& plan, bool json) : plan_(plan), json_(json) {}

  // The line for `event`, newline included, `elapsed` seconds into the run.
  std::string Line(const ExecutorEvent& event, double elapsed);
  // "4 done, 2 running, 6 pending, about 1m30s left"
  std::string Status() const;

 private:
  double SecondsLeft() const;

  const Plan& plan_;
  const bool json_;
  std::map<std::string, bool> finished_;  // action id -> finished (false: running)
  int undone_ = 0;
};

}  // namespace vcshift
