#pragma once
// The kinds of state vCenter holds about hosts and VMs that vcshift does not carry to
// the target yet. Until a kind is carried, the plan says so before anything changes:
// nothing is lost silently. A change that carries a kind removes its row here, and its
// warning goes with it.

#include <string>
#include <vector>

namespace vcshift {

struct UncarriedKind {
  const char* name;         // the plan's warning `kind`, and a recorded inventory's `checked`
  const char* one;          // "resource pool"
  const char* many;         // "resource pools"
  const char* consequence;  // what the target is left with
};

// In the order the plan shows them.
const std::vector<UncarriedKind>& UncarriedKinds();

}  // namespace vcshift
