#include "engine/render_json.h"

#include <utility>

#include "engine/json_writer.h"
#include "engine/plan_view.h"

namespace vcshift {
namespace {

const char* CategoryName(Category category) {
  switch (category) {
    case Category::Create: return "create";
    case Category::Change: return "change";
    case Category::Move: return "move";
    case Category::Destroy: return "destroy";
    case Category::Step: return "step";
  }
  return "step";
}

void WriteMap(JsonWriter& json, const std::map<std::string, std::string>& values) {
  json.BeginObject();
  for (const auto& [key, value] : values) json.Key(key).String(value);
  json.EndObject();
}

void WriteStrings(JsonWriter& json, const std::vector<std::string>& values) {
  json.BeginArray();
  for (const auto& value : values) json.String(value);
  json.EndArray();
}

void WriteAction(JsonWriter& json, const Action& action, const std::vector<std::string>& depends_on) {
  json.BeginObject()
      .Key("id").String(action.id)
      .Key("kind").String(KindName(action.kind))
      .Key("category").String(CategoryName(CategoryOf(action.kind)))
      .Key("side").String(SideName(action.side))
      .Key("object").String(action.object)
      .Key("criticality").String(CriticalityName(action.criticality))
      .Key("reversible").Bool(action.reversible)
      .Key("expected_seconds").Int(action.expected_seconds);
  json.Key("params");
  WriteMap(json, action.params);
  json.Key("prior");
  WriteMap(json, action.prior);
  json.Key("changes").BeginArray();
  for (const auto& change : action.changes) {
    json.BeginObject().Key("field").String(change.field).Key("before").String(change.before)
        .Key("after").String(change.after).EndObject();
  }
  json.EndArray();
  json.Key("depends_on");
  WriteStrings(json, depends_on);
  json.EndObject();
}

// About the size of the plan's JSON: its strings, and the keys and punctuation around
// them. Tens of megabytes at a thousand hosts are allocated once instead of grown
// through copies that touch twice as much memory.
size_t ApproximateSize(const Plan& plan) {
  constexpr size_t kAction = 256;  // keys, punctuation, kind, category, side, criticality
  constexpr size_t kEntry = 8;     // quotes, colon, comma
  size_t size = 256;
  for (const auto& action : plan.actions) {
    size += kAction + action.id.size() + action.object.size();
    for (const auto* values : {&action.params, &action.prior}) {
      for (const auto& [key, value] : *values) size += kEntry + key.size() + value.size();
    }
    for (const auto& change : action.changes) {
      size += 4 * kEntry + change.field.size() + change.before.size() + change.after.size();
    }
  }
  for (const auto& edge : plan.edges) size += kEntry + plan.actions[edge.first].id.size();
  for (const auto& note : plan.notes) size += kEntry + note.message.size();
  for (const auto& warning : plan.warnings) {
    size += 4 * kEntry + warning.kind.size() + warning.message.size();
    for (const auto& object : warning.objects) size += kEntry + object.size();
  }
  return size;
}

}  // namespace

std::string RenderJson(const Plan& plan) {
  std::vector<std::vector<std::string>> depends_on(plan.actions.size());
  for (const auto& [before, after] : plan.edges) depends_on[after].push_back(plan.actions[before].id);
  std::map<Category, int> counts;
  for (const auto& action : plan.actions) ++counts[CategoryOf(action.kind)];

  JsonWriter json;
  json.Reserve(ApproximateSize(plan));
  json.BeginObject().Key("format_version").Int(kPlanFormatVersion);
  json.Key("summary").BeginObject()
      .Key("create").Int(counts[Category::Create])
      .Key("change").Int(counts[Category::Change])
      .Key("move").Int(counts[Category::Move])
      .Key("destroy").Int(counts[Category::Destroy])
      .Key("actions").Int(static_cast<long long>(plan.actions.size()))
      .EndObject();
  json.Key("actions").BeginArray();
  for (size_t i = 0; i < plan.actions.size(); ++i) WriteAction(json, plan.actions[i], depends_on[i]);
  json.EndArray();
  json.Key("notes").BeginArray();
  for (const auto& note : plan.notes) json.String(note.message);
  json.EndArray();
  json.Key("warnings").BeginArray();
  for (const auto& warning : plan.warnings) {
    json.BeginObject().Key("kind").String(warning.kind)
        .Key("count").Int(static_cast<long long>(warning.objects.size()));
    json.Key("objects");
    WriteStrings(json, warning.objects);
    json.Key("message").String(warning.message).EndObject();
  }
  json.EndArray();
  json.EndObject();
  std::string out = std::move(json).str();
  out += '\n';
  return out;
}

}  // namespace vcshift
