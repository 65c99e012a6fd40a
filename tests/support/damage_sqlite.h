#pragma once
// Damages a SQLite file the way a torn write or a bad sector would, for the tests of a
// damaged journal.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdint>
#include <fstream>
#include <string>

namespace vcshift::testing {

// Overwrites the page header of `table`'s root page in the SQLite file `path`.
inline void DamageRootPage(const std::string& path, const std::string& table) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* query = nullptr;
  sqlite3_prepare_v2(db, ("SELECT rootpage, (SELECT page_size FROM pragma_page_size) FROM sqlite_master WHERE name = '" +
                          table + "'").c_str(), -1, &query, nullptr);
  ASSERT_EQ(sqlite3_step(query), SQLITE_ROW) << sqlite3_errmsg(db);
  const int64_t root = sqlite3_column_int64(query, 0), page_size = sqlite3_column_int64(query, 1);
  sqlite3_finalize(query);
  sqlite3_close(db);
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
  file.seekp((root - 1) * page_size);
  file.write("\xff\xff\xff\xff\xff\xff\xff\xff", 8);
  ASSERT_TRUE(file.good());
}

}  // namespace vcshift::testing
