#pragma once
// An inventory as a person reads it (`vcshift inventory`): datacenters, then their
// folders, clusters with their hosts and VMs, standalone hosts and distributed switches.

#include <string>

#include "engine/inventory.h"

namespace vcshift {

std::string InventoryToText(const Inventory& inventory);

}  // namespace vcshift
