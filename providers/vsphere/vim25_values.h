#pragma once
// Moving managed object references between plain values and gSOAP objects. Internal to
// the provider; the gSOAP object lives in (and dies with) the channel's reply memory.

#include "providers/vsphere/mo_ref.h"
#include "soapH.h"

namespace vcshift::vsphere {

inline vim25__ManagedObjectReference* NewMor(struct soap* soap, const MoRef& ref) {
  auto* mor = soap_new_vim25__ManagedObjectReference(soap);
  mor->type = ref.type;
  mor->__item = ref.value;
  return mor;
}

inline MoRef ToMoRef(const vim25__ManagedObjectReference* mor) {
  return mor ? MoRef{mor->type, mor->__item} : MoRef{};
}

}  // namespace vcshift::vsphere
