#pragma once
// The one *_Task call that starts a vCenter task, for RunTask's `start`: every such
// method's reply is the task's ManagedObjectReference, so one template serves them all.

#include "providers/vsphere/channel.h"
#include "providers/vsphere/vim25_values.h"

namespace vcshift::vsphere {

// Sends `request` on `channel` through gSOAP's generated `call` and stores the task the
// reply names in `task`; returns gSOAP's code for RunTask to judge.
template <typename Request, typename Response>
int StartTask(Channel& channel, int (*call)(struct soap*, const char*, const char*, Request*, Response&),
              Request& request, MoRef& task) {
  Response response;
  const int rc = call(channel.soap(), channel.endpoint(), channel.action(), &request, response);
  task = ToMoRef(response.returnval);
  return rc;
}

}  // namespace vcshift::vsphere
