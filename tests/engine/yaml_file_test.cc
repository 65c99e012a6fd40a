#include "engine/yaml_file.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "tests/support/temp_dir.h"

namespace vcshift {
namespace {

std::string OnlyMessage(const Diagnostics& diagnostics) {
  EXPECT_EQ(diagnostics.size(), 1u);
  return diagnostics.empty() ? "" : Format(diagnostics.front());
}

std::string ParseError(const std::string& text) {
  Diagnostics diagnostics;
  EXPECT_FALSE(ParseYaml(text, "f.yaml", diagnostics).has_value());
  return OnlyMessage(diagnostics);
}

TEST(YamlFile, EmptyFile) {
  EXPECT_EQ(ParseError(""), "f.yaml: error: the file is empty; a desired state starts with 'version: 1'");
  EXPECT_EQ(ParseError("  \n# a comment only\n\n"),
            "f.yaml: error: the file is empty; a desired state starts with 'version: 1'");
}

TEST(YamlFile, BinaryFile) {
  EXPECT_EQ(ParseError(std::string("a: 1\nb\0c", 9)),
            "f.yaml:2:2: error: this is a binary file, not YAML (a NUL byte at offset 6)");
}

TEST(YamlFile, NotUtf8) {
  EXPECT_EQ(ParseError("a: caf\xe9\n"), "f.yaml:1:7: error: the file is not UTF-8 text (invalid byte at offset 6)");
  Diagnostics diagnostics;
  EXPECT_TRUE(ParseYaml("a: caf\xc3\xa9\n", "f.yaml", diagnostics).has_value());
}

TEST(YamlFile, NotYaml) {
  EXPECT_EQ(ParseError("a: [1, 2\n"), "f.yaml:2:1: error: not valid YAML: end of sequence flow not found");
  EXPECT_EQ(ParseError("a: 1\n  b: 2\n"), "f.yaml:2:4: error: not valid YAML: illegal map value");
}

TEST(YamlFile, SeveralDocuments) {
  const std::string message = "error: the file holds several YAML documents; a desired state is one";
  EXPECT_EQ(ParseError("a: 1\n---\nb: 2\n"), "f.yaml:2:1: " + message);
  EXPECT_EQ(ParseError("--- a: 1\n---\n"), "f.yaml:2:1: " + message);
  EXPECT_EQ(ParseError("a: 1\n...\n# fine\nb: 2\n"), "f.yaml:4:1: " + message);
  Diagnostics diagnostics;
  EXPECT_TRUE(ParseYaml("# intro\n---\na: 1\n...\n", "f.yaml", diagnostics).has_value());
  EXPECT_TRUE(ParseYaml("a: |\n  ---\n  text\nb: '---'\n", "f.yaml", diagnostics).has_value());
  EXPECT_TRUE(diagnostics.empty());
}

TEST(YamlFile, StrayCommaIsNotAnEndlessDocumentStream) {
  // yaml-cpp 0.7's LoadAll allocates without bound on this (found by the fuzzer).
  // yaml-cpp reads it leniently as no mapping, which the desired-state checks refuse.
  Diagnostics diagnostics;
  const auto comma = ParseYaml(",", "f.yaml", diagnostics);
  EXPECT_TRUE(!comma || !comma->IsMap());
}

TEST(YamlFile, DeepNestingIsRefusedNotACrash) {
  const std::string deep = "a: " + std::string(100000, '[') + std::string(100000, ']');
  // yaml-cpp's depth guard reports where the nesting ends.
  EXPECT_EQ(ParseError(deep), "f.yaml:1:200004: error: the YAML is nested too deeply to be a desired state");
}

class YamlFileOnDisk : public ::testing::Test {
 protected:
  std::string LoadError(const std::string& path) {
    Diagnostics diagnostics;
    EXPECT_FALSE(LoadYamlFile(path, diagnostics).has_value());
    return OnlyMessage(diagnostics);
  }

  testing::TempDir dir_{"vcshift-yaml"};
};

TEST_F(YamlFileOnDisk, MissingFile) {
  const std::string path = dir_ / "missing.yaml";
  EXPECT_EQ(LoadError(path), path + ": error: cannot read the file: No such file or directory");
}

TEST_F(YamlFileOnDisk, Directory) {
  EXPECT_EQ(LoadError(dir_.path().string()), dir_.path().string() + ": error: this is a directory; name a desired-state YAML file");
}

TEST_F(YamlFileOnDisk, HugeFileIsRefusedBeforeReading) {
  const std::string path = dir_ / "huge.yaml";
  { std::ofstream(path) << "a: 1\n"; }
  std::filesystem::resize_file(path, 50 * 1024 * 1024);  // sparse: costs no disk
  EXPECT_EQ(LoadError(path),
            path + ": error: the file is 50.0 MiB; a desired-state YAML file is at most 16 MiB (is this the right file?)");
}

TEST_F(YamlFileOnDisk, ReadsAFile) {
  const std::string path = dir_ / "ok.yaml";
  { std::ofstream(path) << "a: 1\nb: [x, y]\n"; }
  Diagnostics diagnostics;
  const auto node = LoadYamlFile(path, diagnostics);
  ASSERT_TRUE(node.has_value());
  EXPECT_TRUE(diagnostics.empty());
  EXPECT_EQ((*node)["b"][1].as<std::string>(), "y");
  EXPECT_EQ(LocationOf((*node)["b"]).line, 2);
  EXPECT_EQ(LocationOf((*node)["b"]).column, 4);
}

}  // namespace
}  // namespace vcshift
