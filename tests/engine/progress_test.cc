// The lines `vcshift apply` prints as a run goes, and its status line.

#include "engine/progress.h"

#include <gtest/gtest.h>

namespace vcshift {
namespace {

Action Step(const std::string& id, std::vector<std::string> inputs, int seconds) {
  Action action;
  action.id = id;
  action.kind = ActionKind::AddHost;
  action.object = "DC1/C/" + id;
  action.inputs = std::move(inputs);
  action.outputs = {id};
  action.expected_seconds = seconds;
  return action;
}

class ProgressTest : public ::testing::Test {
 protected:
  // a (30 s) -> b (60 s), and c (20 s) on its own.
  Plan plan_ = *OrderActions({Step("a", {}, 30), Step("b", {"a"}, 60), Step("c", {}, 20)}).plan;
  ExecutorEvent Event(ExecutorEvent::Kind kind, size_t index, double seconds = 0, std::string message = "") {
    return {kind, &plan_.actions[index], false, seconds, std::move(message)};
  }
};

TEST_F(ProgressTest, TextLinesSayWhatHappenedWhenAndHowLong) {
  Progress progress(plan_, false);
  EXPECT_EQ(progress.Line(Event(ExecutorEvent::Kind::Started, 0), 0.04), "[   0.0s] start      a\n");
  EXPECT_EQ(progress.Line(Event(ExecutorEvent::Kind::Retrying, 0, 0, "ConnectionDropped: reset"), 1.25),
            "[   1.2s] retrying   a: ConnectionDropped: reset\n");
  EXPECT_EQ(progress.Line(Event(ExecutorEvent::Kind::Succeeded, 0, 2.96), 3.0), "[   3.0s] done       a (3.0s)\n");
  EXPECT_EQ(progress.Line(Event(ExecutorEvent::Kind::Failed, 1, 0.5, "InvalidState: no"), 123.4),
            "[ 123.4s] failed     b (0.5s): InvalidState: no\n");
}

TEST_F(ProgressTest, JsonIsOneObjectPerLine) {
  Progress progress(plan_, true);
  EXPECT_EQ(progress.Line(Event(ExecutorEvent::Kind::Succeeded, 2, 1.5), 2.0),
            R"({"event":"done","action":"c","kind":"add_host","object":"DC1/C/c","rollback":false,)"
            R"("elapsed":2.0,"seconds":1.5})"
            "\n");
}

TEST_F(ProgressTest, StatusCountsAndEstimatesTheCriticalPathOfWhatIsLeft) {
  Progress progress(plan_, false);
  EXPECT_EQ(progress.Status(), "0 done, 0 running, 3 pending, about 1m30s left");
  progress.Line(Event(ExecutorEvent::Kind::Started, 0), 0);
  progress.Line(Event(ExecutorEvent::Kind::Started, 2), 0);
  EXPECT_EQ(progress.Status(), "0 done, 2 running, 1 pending, about 1m30s left");
  progress.Line(Event(ExecutorEvent::Kind::Succeeded, 0, 30), 30);
  EXPECT_EQ(progress.Status(), "1 done, 1 running, 1 pending, about 1m00s left");
}

}  // namespace
}  // namespace vcshift
