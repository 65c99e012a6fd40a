#pragma once
// A host's advanced options through its OptionManager (HostSystem.configManager.
// advancedOption): read one by its exact name (QueryOptions), set one (UpdateOptions).
// vcshift uses Net.IOControlPnicOptOut (engine kNiocOption), the pNICs network I/O
// control leaves alone (docs/host-networking.md).

#include <string>

#include "providers/vsphere/mo_ref.h"
#include "providers/vsphere/result.h"

namespace vcshift::vsphere {

class Session;

// The option's value as text ("" when set to nothing); the Fault (InvalidName for an
// option the host does not have) otherwise. `object` names the host in faults.
Result<std::string> QueryHostOption(Session& session, const MoRef& option_manager, const std::string& key,
                                    const std::string& object);

// Sets the option to `value` (a string option).
Status UpdateHostOption(Session& session, const MoRef& option_manager, const std::string& key,
                        const std::string& value, const std::string& object);

}  // namespace vcshift::vsphere
