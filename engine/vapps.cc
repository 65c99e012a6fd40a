#include "engine/vapps.h"

#include <exception>

namespace vcshift {
namespace {

int Number(const std::map<std::string, std::string>& params, const std::string& key, int fallback) {
  const auto it = params.find(key);
  try {
    return it == params.end() || it->second.empty() ? fallback : std::stoi(it->second);
  } catch (const std::exception&) {
    return fallback;
  }
}

std::string Text(const std::map<std::string, std::string>& params, const std::string& key, const std::string& fallback) {
  const auto it = params.find(key);
  return it == params.end() || it->second.empty() ? fallback : it->second;
}

}  // namespace

std::string MemberText(const VAppMember& member) {
  return ParamsText({
      {"start_order", std::to_string(member.start_order)},
      {"start_delay", std::to_string(member.start_delay)},
      {"start_action", member.start_action},
      {"wait_for_guest", member.wait_for_guest ? "true" : "false"},
      {"stop_delay", std::to_string(member.stop_delay)},
      {"stop_action", member.stop_action},
  });
}

VAppMember MemberFromText(const std::string& text) {
  const auto params = ParamsFromText(text);
  VAppMember member;
  member.start_order = Number(params, "start_order", member.start_order);
  member.start_delay = Number(params, "start_delay", member.start_delay);
  member.start_action = Text(params, "start_action", member.start_action);
  member.wait_for_guest = Text(params, "wait_for_guest", "false") == "true";
  member.stop_delay = Number(params, "stop_delay", member.stop_delay);
  member.stop_action = Text(params, "stop_action", member.stop_action);
  return member;
}

}  // namespace vcshift
