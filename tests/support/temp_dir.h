#pragma once
// A fresh directory for the running test, removed afterwards. Named after the test,
// because CTest runs tests in parallel, and after the process, because two checkouts'
// tests may run at once on one machine (each would remove the other's directory).

#include <unistd.h>

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

namespace vcshift::testing {

class TempDir {
 public:
  explicit TempDir(const std::string& prefix)
      : path_(std::filesystem::temp_directory_path() /
              (prefix + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name() + "-" +
               std::to_string(getpid()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace vcshift::testing
