#pragma once
// Host licences (engine/licenses.h): each host the desired state gives a licence
// (`host_licenses`, or `inherit`: the one it has on the source) gets it on the target by
// a set_host_license once it is there (vCenter assigns a licence to a host it manages:
// right after add_host). On the source, a leaving host's licence is released just
// before it disconnects, explicitly: vCenter drops a removed host's assignment, and this
// way a rollback assigns it again once the host is back. Licences on leaving hosts that
// the desired state does not carry are warned of. Keys are named by edition and their
// last five characters only.

#include "engine/plan_recorder.h"

namespace vcshift::planning {

// Once the hosts are planned: it finds the leaving ones among the actions.
void PlanLicenses(PlanRecorder& plan);

}  // namespace vcshift::planning
