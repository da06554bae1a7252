#include <engine/ledger/sqlite_database.hpp>
#include <engine/ledger/write_ahead_log.hpp>

#include <gtest/gtest.h>
#include <tests/support/temporary_folder.hpp>

#include <filesystem>
#include <string>

namespace mailroom::ledger {
namespace {

using testing::TemporaryFolder;

TEST(WriteAheadLog, SyncsTheLogOfADatabaseInWriteAheadMode) {
  TemporaryFolder folder;
  auto database = SqliteDatabase::open(folder / "ledger.db");
  ASSERT_TRUE(database) << database.error().to_string();
  ASSERT_TRUE((*database)->exec("PRAGMA journal_mode = WAL"));
  ASSERT_TRUE((*database)->exec("CREATE TABLE items (name TEXT)"));
  ASSERT_TRUE(std::filesystem::exists(folder / "ledger.db-wal"));
  EXPECT_EQ((*database)->write_ahead_log_path(), folder / "ledger.db-wal");
  WriteAheadLog log((*database)->write_ahead_log_path());
  const auto first = log.sync();
  EXPECT_TRUE(first) << first.error().to_string();
  ASSERT_TRUE((*database)->exec("INSERT INTO items VALUES ('one')"));
  const auto second = log.sync();
  EXPECT_TRUE(second) << second.error().to_string();
}

TEST(WriteAheadLog, ALogThatIsNotThereIsAnErrorNamingIt) {
  TemporaryFolder folder;
  WriteAheadLog log(folder / "ledger.db-wal");
  const auto synced = log.sync();
  ASSERT_FALSE(synced);
  const auto message = synced.error().to_string();
  EXPECT_NE(message.find("ledger.db-wal"), std::string::npos) << message;
  EXPECT_NE(message.find("cannot open the write-ahead log"), std::string::npos) << message;
}

} // namespace
} // namespace mailroom::ledger
