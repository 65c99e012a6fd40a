// Names as vCenter keeps them (engine/entity_names.h): escapes, dots, control characters.

#include "engine/entity_names.h"

#include <gtest/gtest.h>

namespace vcshift {
namespace {

TEST(EntityNames, NamesVCenterKeepsAsWrittenPass) {
  for (const std::string name : {"DC1", "Cluster 1", "A%2fB", "A%2FB", "50%25", "esx-01.example.com", "ÄÖÜ", "a.b",
                                 "..."}) {
    EXPECT_EQ(EntityNameProblem(name), "") << name;
  }
}

TEST(EntityNames, SlashBackslashAndALonePercentAreWrittenEscaped) {
  const std::string keeps = "; vCenter keeps '/' as %2f, '\\' as %5c and '%' as %25 in a name: write ";
  EXPECT_EQ(EntityNameProblem("A/B"),
            "'A/B' has '/', which separates the names of an inventory path" + keeps + "'A%2fB', as vCenter shows it");
  EXPECT_EQ(EntityNameProblem("a\\b"), "'a\\b' has '\\'" + keeps + "'a%5cb', as vCenter shows it");
  EXPECT_EQ(EntityNameProblem("5%/x%2f"), "'5%/x%2f' has '/', which separates the names of an inventory path" + keeps +
                                              "'5%25%2fx%2f', as vCenter shows it");
  EXPECT_EQ(EntityNameProblem("%zz"), "'%zz' has a '%' that starts no escape sequence" + keeps + "'%25zz', as vCenter "
                                      "shows it");
}

TEST(EntityNames, DotsAndControlCharacters) {
  EXPECT_EQ(EntityNameProblem(".."), "'..' cannot be a name: in an inventory path it means this folder or the one above");
  EXPECT_EQ(EntityNameProblem("."), "'.' cannot be a name: in an inventory path it means this folder or the one above");
  EXPECT_EQ(EntityNameProblem(std::string("a\0b", 3)), "'a\\x00b' has a control character; a name cannot");
  EXPECT_EQ(EntityNameProblem("a\x7f"), "'a\\x7f' has a control character; a name cannot");
  EXPECT_EQ(EntityNameProblem("a\xc2\x9b"), "'a\\xc2\\x9b' has a control character; a name cannot");  // C1 CSI
  EXPECT_EQ(FolderPathProblem("Prod/../etc"),
            "folder path 'Prod/../etc': '..' cannot be a name: in an inventory path it means this folder or the one above");
  EXPECT_EQ(FolderPathProblem("Prod/Web%2fTier"), "");
}

TEST(EntityNames, FoldedNamesDecodeEscapesAndIgnoreCase) {
  EXPECT_EQ(FoldedName("DC1"), FoldedName("dc1"));
  EXPECT_EQ(FoldedName("A%2FB"), FoldedName("a%2fb"));
  EXPECT_EQ(FoldedName("A%2fB"), "a/b");
  EXPECT_NE(FoldedName("A%2fB"), FoldedName("A%5cB"));
}

}  // namespace
}  // namespace vcshift
