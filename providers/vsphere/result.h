#pragma once
// A value or the Fault that prevented it: how every call of the provider answers.
// Faults are values, not exceptions, because the executor decides per fault type what
// happens next (retry, roll back, report).

#include <optional>
#include <utility>
#include <variant>

#include "providers/vsphere/fault.h"

namespace vcshift::vsphere {

template <typename T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}         // NOLINT: implicit on purpose
  Result(Fault fault) : state_(std::move(fault)) {}     // NOLINT: implicit on purpose

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(state_); }
  const T& value() const { return std::get<0>(state_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  const Fault& fault() const { return std::get<1>(state_); }

 private:
  std::variant<T, Fault> state_;
};

// A call that yields nothing: success, or the Fault.
struct Done {};
using Status = Result<Done>;

}  // namespace vcshift::vsphere
