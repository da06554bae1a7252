#pragma once

#include <engine/ledger/sqlite_database.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <string_view>

// Reads one value from a ledger file through a connection of its own, as a person with the
// sqlite3 shell would: what the file holds, not what our Ledger says.

namespace mailroom::testing {

inline std::string query_ledger(const std::filesystem::path& path, std::string_view sql) {
  auto database = ledger::SqliteDatabase::open(path);
  EXPECT_TRUE(database);
  auto statement = (*database)->prepare(sql);
  EXPECT_TRUE(statement) << statement.error().to_string();
  auto step = statement->step();
  EXPECT_TRUE(step && *step == ledger::StepResult::Row);
  return statement->column_text(0);
}

} // namespace mailroom::testing
