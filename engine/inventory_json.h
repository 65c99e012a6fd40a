#pragma once
// Recorded inventories: an Inventory as JSON and back. `vcshift inventory --format json`
// prints this form, and tests and benchmarks plan from it without a vCenter. The format
// is documented in docs/inventory-format.md.

#include <optional>
#include <string>

#include "engine/diagnostic.h"
#include "engine/inventory.h"

namespace vcshift {

inline constexpr int kInventoryFormatVersion = 1;

// Canonical JSON (the caller canonicalises first if it wants stable bytes): one object
// with format_version, vcenter, api_version and the object lists.
std::string InventoryToJson(const Inventory& inventory);

// A recording of 5,000 hosts and 100,000 VMs is about 100 MiB.
inline constexpr size_t kMaxInventoryFileBytes = 512 * 1024 * 1024;

// Reads a recorded inventory file.
std::optional<Inventory> LoadInventoryFile(const std::string& path, Diagnostics& diagnostics);

// One object as canonical JSON (its lists sorted as Canonicalize sorts them), for
// fingerprints.
std::string ObjectJson(const InventoryDatacenter& object);
std::string ObjectJson(const InventoryCluster& object);
std::string ObjectJson(const InventoryHost& object);
std::string ObjectJson(const InventoryVm& object);
std::string ObjectJson(const InventoryDvs& object);

// Reads a recorded inventory; problems are reported against `file`.
std::optional<Inventory> InventoryFromJson(const std::string& text, const std::string& file,
                                           Diagnostics& diagnostics);

}  // namespace vcshift
