// libFuzzer target: any bytes given to the desired-state loader yield a model or
// diagnostics, never a crash, a hang or a leak.

#include <cstddef>
#include <cstdint>
#include <string>

#include "engine/validation.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  vcshift::LoadDesiredStateText(std::string(reinterpret_cast<const char*>(data), size), "fuzz.yaml");
  return 0;
}
