#pragma once
// The resources that one planner's actions produce and another's wait for (plan.h
// orders actions by them), each spelled once so that producer and consumer agree.
// A path is an inventory path on the target: "DC1/Cluster", "DC1/dvs-prod".

#include <string>

namespace vcshift::planning {

inline std::string DatacenterReady(const std::string& dc) { return "dc@target:" + dc; }
// `type` is "host" or "vm"; `path` is the folder's path under it ("Prod/Web").
inline std::string FolderReady(const std::string& dc, const std::string& type, const std::string& path) {
  return "folder@target:" + dc + "/" + type + "/" + path;
}
// A cluster, or a standalone host's own compute resource ("DC1/esx-05": its add makes it).
inline std::string ClusterReady(const std::string& path) { return "cluster@target:" + path; }
// The host is in its desired cluster on the target, ready for use.
inline std::string HostReady(const std::string& host) { return "host@target:" + host; }
// The target said it would add the host (check_host_login): it may leave the source.
inline std::string HostLoginChecked(const std::string& host) { return "host-login-checked@target:" + host; }
// The source vCenter no longer manages the host.
inline std::string HostReleased(const std::string& host) { return "host-released:" + host; }
inline std::string SwitchReady(const std::string& path) { return "dvs@target:" + path; }
// An existing switch's version upgrade is done (its settings change after it).
inline std::string SwitchVersionReady(const std::string& path) { return "dvs-version@target:" + path; }
inline std::string PortGroupReady(const std::string& switch_path, const std::string& port_group) {
  return "dvs-port-group@target:" + switch_path + "/" + port_group;
}
inline std::string HostOnSwitch(const std::string& host, const std::string& dvs) {
  return "host-on-dvs@target:" + host + "/" + dvs;
}
// A resource pool below cluster `cluster`'s root pool ("DC1/Cluster", "Tier1/DB").
inline std::string PoolReady(const std::string& cluster, const std::string& pool) {
  return "pool@target:" + cluster + "/" + pool;
}
inline std::string RemovedFromSource(const std::string& object) { return "removed@source:" + object; }

}  // namespace vcshift::planning

namespace vcshift::planning {

// Tags on the target (plan_tags.cc): a category, a tag "Category/Tag".
inline std::string TagCategoryReady(const std::string& category) { return "tag-category@target:" + category; }
inline std::string TagReady(const std::string& tag) { return "tag@target:" + tag; }

}  // namespace vcshift::planning
