// The lock in the target vCenter (providers/vsphere/target_lock.h) against the simulator:
// one holder at a time, named to the next; refreshed; cleared whoever holds it.

#include <chrono>
#include <thread>

#include "providers/vsphere/target_lock.h"
#include "tests/vsphere/ops/ops_fixture.h"

namespace vcshift::vsphere {
namespace {

class TargetLockTest : public OpsTest {
 protected:
  void TearDown() override {
    if (target_) (void)ClearTargetLock(*target_);
  }
  static LockHolder Holder(int pid, int64_t run) { return {pid, "ci-runner-" + std::to_string(pid), UtcNow(), run, ""}; }
};

TEST_F(TargetLockTest, OneHolderAtATimeAndTheSecondIsToldWho) {
  const LockHolder first = Holder(101, 7);
  auto taken = TakeTargetLock(*target_, first);
  ASSERT_TRUE(taken) << Describe(taken.fault());
  EXPECT_FALSE(*taken);

  auto refused = TakeTargetLock(*target_, Holder(202, 1));
  ASSERT_TRUE(refused) << Describe(refused.fault());
  ASSERT_TRUE(*refused);
  EXPECT_EQ((*refused)->pid, 101);
  EXPECT_EQ((*refused)->host, "ci-runner-101");
  EXPECT_EQ((*refused)->run, 7);
  EXPECT_EQ((*refused)->since, first.since);
  EXPECT_EQ((*refused)->refreshed, first.since);
}

TEST_F(TargetLockTest, RefreshingRenamesTheRefreshedEntry) {
  const LockHolder me = Holder(303, 2);
  ASSERT_TRUE(TakeTargetLock(*target_, me));
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const Status refreshed = RefreshTargetLock(*target_);
  ASSERT_TRUE(refreshed) << Describe(refreshed.fault());
  auto holder = ReadTargetLock(*target_);
  ASSERT_TRUE(holder && *holder);
  EXPECT_EQ((*holder)->since, me.since);
  EXPECT_GT((*holder)->refreshed, me.since);
}

TEST_F(TargetLockTest, ClearingSaysWhoHeldItAndFreesIt) {
  ASSERT_TRUE(TakeTargetLock(*target_, Holder(404, 3)));
  auto cleared = ClearTargetLock(*target_);
  ASSERT_TRUE(cleared && *cleared);
  EXPECT_EQ((*cleared)->pid, 404);
  auto none = ReadTargetLock(*target_);
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  auto again = TakeTargetLock(*target_, Holder(505, 4));
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again);
}

TEST_F(TargetLockTest, AFolderMadeWithItsReplyLostIsNotLeftHolderless) {
  Inject("target", R"({"method":"CreateFolder","object":"Datacenters","kind":"drop","execute":true})");
  auto taken = TakeTargetLock(*target_, Holder(606, 5));
  EXPECT_FALSE(taken);
  auto left = ReadTargetLock(*target_);
  ASSERT_TRUE(left);
  EXPECT_FALSE(*left);
}

}  // namespace
}  // namespace vcshift::vsphere
