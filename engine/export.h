#pragma once
// `export`: a desired state that describes a vCenter as it is, the starting point of a
// new user (as importing existing resources is in Terraform). Planning it against the
// same vCenter gives "No changes.".

#include <string>

#include "engine/inventory.h"

namespace vcshift {

struct ExportOptions {
  std::string datacenter;  // only this one; "" for all
  std::string user = "administrator@vsphere.local";
  // How to trust the vCenter's certificate, written into the connections as given.
  std::string thumbprint;
  std::string ca_file;
  bool insecure = false;
};

// YAML text, valid for `vcshift validate`. The target is the same vCenter, so the file
// plans moves between clusters until its connections are edited.
std::string ExportDesiredState(const Inventory& inventory, const ExportOptions& options = {});

}  // namespace vcshift
