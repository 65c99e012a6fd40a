#include "engine/progress.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "engine/json_writer.h"

namespace vcshift {
namespace {

const char* EventName(ExecutorEvent::Kind kind) {
  switch (kind) {
    case ExecutorEvent::Kind::Started: return "start";
    case ExecutorEvent::Kind::Succeeded: return "done";
    case ExecutorEvent::Kind::AlreadyDone: return "unchanged";
    case ExecutorEvent::Kind::Retrying: return "retrying";
    case ExecutorEvent::Kind::Failed: return "failed";
    case ExecutorEvent::Kind::Skipped: return "skipped";
  }
  return "start";
}

bool Ends(ExecutorEvent::Kind kind) { return kind != ExecutorEvent::Kind::Started && kind != ExecutorEvent::Kind::Retrying; }

// Tenths of a second: what a person reads, and a JSON number.
std::string Tenths(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", seconds);
  return text;
}

std::string Seconds(double seconds) { return Tenths(seconds) + "s"; }

std::string Duration(double seconds) {
  const long whole = static_cast<long>(seconds + 0.5);
  if (whole < 60) return std::to_string(whole) + "s";
  return std::to_string(whole / 60) + "m" + (whole % 60 < 10 ? "0" : "") + std::to_string(whole % 60) + "s";
}

}  // namespace

std::string Progress::Line(const ExecutorEvent& event, double elapsed) {
  const Action& action = *event.action;
  if (event.rollback && event.kind == ExecutorEvent::Kind::Succeeded) ++undone_;
  if (!event.rollback && event.kind != ExecutorEvent::Kind::Retrying) finished_[action.id] = Ends(event.kind);
  if (json_) {
    JsonWriter json;
    json.BeginObject().Key("event").String(EventName(event.kind)).Key("action").String(action.id);
    json.Key("kind").String(KindName(action.kind)).Key("object").String(action.object);
    json.Key("rollback").Bool(event.rollback).Key("elapsed").Raw(Seconds(elapsed).substr(0, Seconds(elapsed).size() - 1));
    if (Ends(event.kind)) json.Key("seconds").Raw(Seconds(event.seconds).substr(0, Seconds(event.seconds).size() - 1));
    if (!event.message.empty()) json.Key("message").String(event.message);
    return json.EndObject().str() + "\n";
  }
  char head[48];
  std::snprintf(head, sizeof head, "[%7s] %-10s ", Seconds(elapsed).c_str(), EventName(event.kind));
  std::string line = head + action.id;
  if (Ends(event.kind) && event.kind != ExecutorEvent::Kind::Skipped) line += " (" + Seconds(event.seconds) + ")";
  if (!event.message.empty()) line += ": " + event.message;
  return line + "\n";
}

double Progress::SecondsLeft() const {
  // Longest chain of expected durations through what has not finished; actions come in
  // a topological order, so one pass suffices.
  std::vector<double> finish(plan_.actions.size(), 0);
  std::vector<std::vector<size_t>> predecessors(plan_.actions.size());
  for (const auto& [before, after] : plan_.edges) predecessors[after].push_back(before);
  double longest = 0;
  for (size_t i = 0; i < plan_.actions.size(); ++i) {
    double start = 0;
    for (const size_t before : predecessors[i]) start = std::max(start, finish[before]);
    const auto it = finished_.find(plan_.actions[i].id);
    const bool done = it != finished_.end() && it->second;
    finish[i] = start + (done ? 0 : plan_.actions[i].expected_seconds);
    longest = std::max(longest, finish[i]);
  }
  return longest;
}

std::string Progress::Status() const {
  int done = 0, running = 0;
  for (const auto& [id, finished] : finished_) (finished ? done : running)++;
  const int pending = static_cast<int>(plan_.actions.size()) - done - running;
  std::string status = std::to_string(done) + " done, " + std::to_string(running) + " running, " +
                       std::to_string(pending) + " pending";
  if (undone_ > 0) return status + ", " + std::to_string(undone_) + " rolled back";
  return status + ", about " + Duration(SecondsLeft()) + " left";
}

}  // namespace vcshift
