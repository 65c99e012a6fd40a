#pragma once
// Hosts and VMs named in the desired state by name or glob pattern (`*`, `?`, `[...]`, as
// fnmatch reads them without flags). One meaning for every key that names them so:
// vm_placement, a pool's and vm_overrides' `vms`, host_/vm_attributes, host_/vm_tags.

#include <string>
#include <vector>

#include "engine/desired_state.h"

namespace vcshift {

bool NameMatches(const std::string& pattern, const std::string& name);
bool AnyNameMatches(const std::vector<Located>& patterns, const std::string& name);
bool AnyNameMatches(const std::vector<std::string>& patterns, const std::string& name);

}  // namespace vcshift
