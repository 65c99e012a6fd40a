#include "providers/vsphere/target_lock.h"

#include <chrono>
#include <vector>

#include "providers/vsphere/ops/calls.h"
#include "providers/vsphere/ops/lookup.h"
#include "providers/vsphere/properties.h"
#include "providers/vsphere/session.h"
#include "providers/vsphere/task.h"
#include "providers/vsphere/task_call.h"

namespace vcshift::vsphere {
namespace {

// vCenter limits an entity's name to 80 characters; a longer host name is cut.
constexpr size_t kMaxName = 80;
constexpr auto kCallDeadline = std::chrono::minutes(1);

std::string Object(Session& session) { return std::string(kTargetLockFolder) + " in " + session.url(); }

std::string Entry(const std::string& key, const std::string& value) { return (key + " " + value).substr(0, kMaxName); }

std::vector<std::string> Entries(const LockHolder& holder) {
  return {Entry("host", holder.host), Entry("pid", std::to_string(holder.pid)), Entry("run", std::to_string(holder.run)),
          Entry("since", holder.since), Entry("refreshed", holder.since)};
}

struct Child {
  MoRef ref;
  std::string name;
};

Result<std::vector<Child>> Children(Session& session, const MoRef& lock) {
  auto refs = ReadRefs(session, lock, "childEntity");
  if (!refs) return refs.fault();
  std::vector<Child> children;
  if (refs->empty()) return children;
  auto read = RetrieveProperties(session, *refs, "Folder", {"name"},
                                 [&](const MoRef& object, const std::string&, const xsd__anyType* value) {
                                   const auto* text = dynamic_cast<const xsd__string*>(value);
                                   children.push_back({object, text ? text->__item : ""});
                                 });
  if (!read) return read.fault();
  return children;
}

long long Number(const std::string& text) {
  try {
    return std::stoll(text);
  } catch (const std::exception&) {
    return 0;
  }
}

LockHolder HolderOf(const std::vector<Child>& children) {
  LockHolder holder;
  for (const auto& child : children) {
    const size_t space = child.name.find(' ');
    const std::string key = child.name.substr(0, space);
    const std::string value = space == std::string::npos ? "" : child.name.substr(space + 1);
    if (key == "host") holder.host = value;
    else if (key == "pid") holder.pid = static_cast<int>(Number(value));
    else if (key == "run") holder.run = Number(value);
    else if (key == "since") holder.since = value;
    else if (key == "refreshed") holder.refreshed = value;
  }
  return holder;
}

struct LockFolder {
  MoRef ref;
  std::vector<Child> entries;
};

// The lock folder with its entries, if there is one.
Result<std::optional<LockFolder>> FindLock(Session& session) {
  auto lock = FindChild(session, session.content().root_folder, kTargetLockFolder);
  if (!lock) return lock.fault();
  if (lock->empty()) return std::optional<LockFolder>();
  auto children = Children(session, *lock);
  if (!children) return children.fault();
  return std::optional<LockFolder>(LockFolder{*lock, std::move(*children)});
}

}  // namespace

Result<std::optional<LockHolder>> ReadTargetLock(Session& session) {
  auto lock = FindLock(session);
  if (!lock) return lock.fault();
  if (!*lock) return std::optional<LockHolder>();
  return std::optional<LockHolder>(HolderOf((*lock)->entries));
}

Result<std::optional<LockHolder>> TakeTargetLock(Session& session, const LockHolder& me) {
  auto lock = CreateFolderIn(session, session.content().root_folder, kTargetLockFolder, Object(session));
  if (!lock && lock.fault().type == "DuplicateName") {
    auto holder = ReadTargetLock(session);
    if (!holder || *holder) return holder;
    return TakeTargetLock(session, me);  // released meanwhile
  }
  if (!lock) {
    // The folder may have been made with its reply lost: a lock without a holder would
    // refuse every run until force-unlock, so a holderless one goes (a run taking the lock
    // this very moment fails to write its holder, clears, and stops: safe both ways).
    auto left = ReadTargetLock(session);
    if (left && *left && (*left)->pid == 0) (void)ClearTargetLock(session);
    return lock.fault();
  }
  for (const auto& entry : Entries(me)) {
    if (auto made = CreateFolderIn(session, *lock, entry, Object(session)); !made) {
      (void)ClearTargetLock(session);  // half a holder would lock the vCenter for nobody
      return made.fault();
    }
  }
  return std::optional<LockHolder>();
}

Status RefreshTargetLock(Session& session) {
  auto lock = FindLock(session);
  if (!lock) return lock.fault();
  if (!*lock) {
    Fault gone;
    gone.type = "NotFound";
    gone.message = "the lock folder is gone (cleared by force-unlock?)";
    gone.object = Object(session);
    return gone;
  }
  for (const auto& child : (*lock)->entries) {
    if (child.name.rfind("refreshed ", 0) != 0) continue;
    const std::string name = Entry("refreshed", UtcNow());
    auto renamed = RunTask(session, "Rename_Task", Object(session), std::chrono::steady_clock::now() + kCallDeadline,
                           [&](Channel& channel, MoRef& task) {
                             _vim25__Rename_USCORETask request;
                             request._USCOREthis = NewMor(channel.soap(), child.ref);
                             request.newName = name;
                             return StartTask(channel, soap_call___vim25__Rename_USCORETask, request, task);
                           });
    if (!renamed) return renamed.fault();
  }
  return Done{};
}

Result<std::optional<LockHolder>> ClearTargetLock(Session& session) {
  auto lock = FindLock(session);
  if (!lock) return lock.fault();
  if (!*lock) return std::optional<LockHolder>();
  auto destroyed = Destroy(session, (*lock)->ref, Object(session), std::chrono::steady_clock::now() + kCallDeadline);
  if (!destroyed) return destroyed.fault();
  return std::optional<LockHolder>(HolderOf((*lock)->entries));
}

}  // namespace vcshift::vsphere
