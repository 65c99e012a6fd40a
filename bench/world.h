#pragma once
// Generated worlds for benchmarks: D datacenters x C clusters x H hosts x V VMs on the
// source, an empty target, and the desired state that moves every host as it is.

#include <string>

#include "engine/desired_state.h"
#include "engine/inventory.h"

namespace vcshift::bench {

struct WorldSize {
  int datacenters = 4;
  int clusters = 10;  // per datacenter
  int hosts = 25;     // per cluster
  int vms = 20;       // per host
};

struct World {
  Inventory source;
  Inventory target;
  DesiredState desired;
};

World MakeWorld(const WorldSize& size);

}  // namespace vcshift::bench
