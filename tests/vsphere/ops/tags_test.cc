// The tag operations against the simulated source vCenter's REST API (govmomi's vAPI
// simulator): each reads first, so a repeat is AlreadyDone; the inverses undo; a missing
// object or tag is NotFound, named.

#include "tests/vsphere/ops/ops_fixture.h"

#include <algorithm>

#include "providers/vsphere/rest_session.h"
#include "providers/vsphere/tagging_api.h"

namespace vcshift::vsphere {
namespace {

using Status = ActionResult::Status;

class TagOpsTest : public OpsTest {
 protected:
  // The objects `tag` ("Category/Tag") is attached to on the source, as type:id.
  static std::vector<std::string> AttachedTo(const std::string& tag) {
    auto rest = SessionOf(Side::Source).Rest();
    EXPECT_TRUE(rest);
    if (!rest) return {};
    auto tags = ListTags(**rest);
    EXPECT_TRUE(tags);
    std::vector<std::string> ids;
    for (const auto& t : *tags) {
      if (tag.ends_with("/" + t.tag.name)) ids.push_back(t.id);
    }
    auto attached = AttachedObjects(**rest, ids);
    EXPECT_TRUE(attached);
    std::vector<std::string> out;
    for (const auto& [id, refs] : *attached) {
      for (const auto& ref : refs) out.push_back(ref.type + ":" + ref.value);
    }
    return out;
  }

  static Action Attachment(ActionKind kind, const std::string& type, const std::string& path, const std::string& tag) {
    std::map<std::string, std::string> params = {{"type", type}, {"path", path}, {"tag", tag}};
    return Make(kind, Side::Source, path + "#" + tag, params, params);
  }
};

TEST_F(TagOpsTest, ACategoryATagAndTheirAttachmentsAreMadeOnceAndUndone) {
  const Action category = Make(ActionKind::CreateTagCategory, Side::Source, "OpsOwner",
                               {{"cardinality", "MULTIPLE"}, {"associable_types", "HostSystem,VirtualMachine"}});
  const ActionResult made = Run(category);
  ASSERT_EQ(made.status, Status::Done) << made.message;
  EXPECT_EQ(Run(category).status, Status::AlreadyDone);
  const Action tag = Make(ActionKind::CreateTag, Side::Source, "OpsOwner/ops-team", {{"description", "d"}});
  ASSERT_EQ(Run(tag).status, Status::Done);
  EXPECT_EQ(Run(tag).status, Status::AlreadyDone);

  const Action on_vm = Attachment(ActionKind::AttachTag, "vm", "DC1/vm-3", "OpsOwner/ops-team");
  const Action on_host = Attachment(ActionKind::AttachTag, "host", "DC1/esx-02.sim.local", "OpsOwner/ops-team");
  const Action on_cluster = Attachment(ActionKind::AttachTag, "cluster", "DC1/NetCluster", "OpsOwner/ops-team");
  for (const Action& attach : {on_vm, on_host, on_cluster}) {
    const ActionResult result = Run(attach);
    ASSERT_EQ(result.status, Status::Done) << attach.id << ": " << result.message;
    EXPECT_EQ(Run(attach).status, Status::AlreadyDone) << attach.id;
  }
  EXPECT_EQ(AttachedTo("OpsOwner/ops-team").size(), 3u);

  const ActionResult detached = Run(Inverse(on_vm));
  ASSERT_EQ(detached.status, Status::Done) << detached.message;
  EXPECT_EQ(Run(Inverse(on_vm)).status, Status::AlreadyDone);
  EXPECT_EQ(AttachedTo("OpsOwner/ops-team").size(), 2u);

  const ActionResult tag_gone = Run(Inverse(tag));
  ASSERT_EQ(tag_gone.status, Status::Done) << tag_gone.message;
  EXPECT_EQ(tag_gone.captured.at("description"), "d");
  const ActionResult category_gone = Run(InverseOf(category, made));
  ASSERT_EQ(category_gone.status, Status::Done) << category_gone.message;
  EXPECT_EQ(category_gone.captured.at("associable_types"), "HostSystem,VirtualMachine");
  EXPECT_EQ(Run(InverseOf(category, made)).status, Status::AlreadyDone);
}

// A folder (by inventory path), a switch, a port group (by its switch's path) and a
// pool (by its cluster's path and its own) are found, tagged once and untagged.
TEST_F(TagOpsTest, FoldersSwitchesPortGroupsAndPoolsAreTaggedAndUntagged) {
  ASSERT_EQ(Run(Make(ActionKind::CreateTagCategory, Side::Source, "OpsPlace",
                     {{"cardinality", "MULTIPLE"}, {"associable_types", ""}}))
                .status,
            Status::Done);
  ASSERT_EQ(Run(Make(ActionKind::CreateTag, Side::Source, "OpsPlace/p")).status, Status::Done);
  const std::map<std::string, std::string> pool = {
      {"cluster", "DC1/Cluster1"}, {"pool", "OpsTagged"}, {"cpu.shares", "normal"}, {"cpu.reservation", "0"},
      {"cpu.limit", "-1"}, {"cpu.expandable_reservation", "true"}, {"memory.shares", "normal"},
      {"memory.reservation", "0"}, {"memory.limit", "-1"}, {"memory.expandable_reservation", "true"}};
  const Action made = Make(ActionKind::CreateResourcePool, Side::Source, "DC1/Cluster1/OpsTagged", pool,
                           {{"cluster", "DC1/Cluster1"}, {"pool", "OpsTagged"}});
  ASSERT_EQ(Run(made).status, Status::Done);
  const std::vector<Action> attaches = {
      Attachment(ActionKind::AttachTag, "folder", "DC1/vm/Web", "OpsPlace/p"),
      Attachment(ActionKind::AttachTag, "switch", "DC1/DSwitch1", "OpsPlace/p"),
      Attachment(ActionKind::AttachTag, "port_group", "DC1/DSwitch1/pg-vm", "OpsPlace/p"),
      Attachment(ActionKind::AttachTag, "resource_pool", "DC1/Cluster1/OpsTagged", "OpsPlace/p")};
  for (const Action& attach : attaches) {
    const ActionResult result = Run(attach);
    ASSERT_EQ(result.status, Status::Done) << attach.id << ": " << result.message;
    EXPECT_EQ(Run(attach).status, Status::AlreadyDone) << attach.id;
  }
  std::vector<std::string> types;
  for (const auto& object : AttachedTo("OpsPlace/p")) types.push_back(object.substr(0, object.find(':')));
  std::sort(types.begin(), types.end());
  // vcsim's switches are DistributedVirtualSwitch (vCenter's: VmwareDistributedVirtualSwitch).
  EXPECT_EQ(types, (std::vector<std::string>{"DistributedVirtualPortgroup", "DistributedVirtualSwitch", "Folder",
                                             "ResourcePool"}));
  for (const Action& attach : attaches) ASSERT_EQ(Run(Inverse(attach)).status, Status::Done) << attach.id;
  EXPECT_EQ(AttachedTo("OpsPlace/p"), std::vector<std::string>{});
  EXPECT_EQ(Run(Attachment(ActionKind::AttachTag, "resource_pool", "DC1/Cluster1/NoSuchPool", "OpsPlace/p")).fault,
            "NotFound");
  ASSERT_EQ(Run(Inverse(made)).status, Status::Done);
}

TEST_F(TagOpsTest, AMissingObjectOrTagIsNotFoundAndNamed) {
  ASSERT_EQ(Run(Make(ActionKind::CreateTagCategory, Side::Source, "OpsMissing",
                     {{"cardinality", "SINGLE"}, {"associable_types", ""}}))
                .status,
            Status::Done);
  ASSERT_EQ(Run(Make(ActionKind::CreateTag, Side::Source, "OpsMissing/t")).status, Status::Done);
  const ActionResult no_vm = Run(Attachment(ActionKind::AttachTag, "vm", "DC1/no-such-vm", "OpsMissing/t"));
  EXPECT_EQ(no_vm.status, Status::Failed);
  EXPECT_EQ(no_vm.fault, "NotFound");
  EXPECT_NE(no_vm.message.find("DC1/no-such-vm"), std::string::npos) << no_vm.message;
  const ActionResult no_tag = Run(Attachment(ActionKind::AttachTag, "vm", "DC1/vm-4", "OpsMissing/none"));
  EXPECT_EQ(no_tag.fault, "NotFound");
  EXPECT_NE(no_tag.message.find("OpsMissing/none"), std::string::npos) << no_tag.message;
  // Detaching what is not there is already done.
  EXPECT_EQ(Run(Attachment(ActionKind::DetachTag, "vm", "DC1/no-such-vm", "OpsMissing/t")).status, Status::AlreadyDone);
}

}  // namespace
}  // namespace vcshift::vsphere
