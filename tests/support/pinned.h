#pragma once
// Options that reach a simulated vCenter as a careful client does: its user and
// password, its certificate pinned by the thumbprint serve printed.

#include "providers/vsphere/options.h"
#include "tests/support/simulator.h"

namespace vcshift::testing {

inline vsphere::ConnectOptions Pinned(const SimulatedVCenter& vc) {
  vsphere::ConnectOptions options;
  options.url = vc.url;
  options.user = vc.user;
  options.password = vc.password;
  options.tls.thumbprint = vc.thumbprint;
  return options;
}

}  // namespace vcshift::testing
