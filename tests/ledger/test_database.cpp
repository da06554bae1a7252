#include <engine/ledger/sqlite_database.hpp>
#include <engine/ledger/transaction.hpp>

#include <gtest/gtest.h>
#include <tests/support/temporary_folder.hpp>

#include <filesystem>

namespace mailroom::ledger {
namespace {

using testing::TemporaryFolder;

class DatabaseTest : public ::testing::Test {
protected:
  std::unique_ptr<SqliteDatabase> open_database() {
    auto database = SqliteDatabase::open(m_path);
    EXPECT_TRUE(database) << database.error().to_string();
    return database ? std::move(database).value() : nullptr;
  }

  std::int64_t count_rows(Database& database) {
    auto statement = database.prepare("SELECT count(*) FROM items");
    EXPECT_TRUE(statement) << statement.error().to_string();
    auto step = statement->step();
    EXPECT_TRUE(step && *step == StepResult::Row);
    return statement->column_int64(0);
  }

  TemporaryFolder m_folder;
  std::filesystem::path m_path = m_folder / "test.sqlite";
};

TEST_F(DatabaseTest, OpeningCreatesTheFile) {
  auto database = open_database();
  ASSERT_NE(database, nullptr);
  EXPECT_EQ(database->path(), m_path);
  // SQLite writes the file lazily; the first table makes it real.
  ASSERT_TRUE(database->exec("CREATE TABLE items (name TEXT)"));
  EXPECT_TRUE(std::filesystem::exists(m_path));
}

TEST_F(DatabaseTest, BoundValuesComeBackFromColumns) {
  auto database = open_database();
  ASSERT_NE(database, nullptr);
  ASSERT_TRUE(database->exec("CREATE TABLE items (name TEXT, amount INTEGER)"));
  auto insert = database->prepare("INSERT INTO items (name, amount) VALUES (?1, ?2)");
  ASSERT_TRUE(insert) << insert.error().to_string();

  ASSERT_TRUE(insert->bind_text(1, "Grüße, \"Zürich\""));
  ASSERT_TRUE(insert->bind_int64(2, 1'099'511'627'776));
  auto step = insert->step();
  ASSERT_TRUE(step) << step.error().to_string();
  EXPECT_EQ(*step, StepResult::Done);
  EXPECT_EQ(database->changes(), 1);

  // After a reset the same statement runs again with new values.
  insert->reset();
  ASSERT_TRUE(insert->bind_text(1, "second"));
  ASSERT_TRUE(insert->bind_int64(2, -7));
  ASSERT_TRUE(insert->step());

  auto select = database->prepare("SELECT name, amount FROM items ORDER BY rowid");
  ASSERT_TRUE(select);
  ASSERT_EQ(*select->step(), StepResult::Row);
  EXPECT_EQ(select->column_text(0), "Grüße, \"Zürich\"");
  EXPECT_EQ(select->column_int64(1), 1'099'511'627'776);
  ASSERT_EQ(*select->step(), StepResult::Row);
  EXPECT_EQ(select->column_text(0), "second");
  EXPECT_EQ(select->column_int64(1), -7);
  EXPECT_EQ(*select->step(), StepResult::Done);
}

TEST_F(DatabaseTest, AnEmptyTextIsNotNull) {
  auto database = open_database();
  ASSERT_NE(database, nullptr);
  auto select = database->prepare("SELECT ?1, ?2, ?3");
  ASSERT_TRUE(select);
  ASSERT_TRUE(select->bind_text(1, std::string_view()));
  ASSERT_TRUE(select->bind_text(2, ""));
  ASSERT_TRUE(select->bind_null(3));
  ASSERT_EQ(*select->step(), StepResult::Row);
  EXPECT_FALSE(select->column_is_null(0));
  EXPECT_FALSE(select->column_is_null(1));
  EXPECT_EQ(select->column_text(1), "");
  EXPECT_TRUE(select->column_is_null(2));
  EXPECT_EQ(select->column_text(2), "");
  EXPECT_EQ(select->column_int64(2), 0);
}

TEST_F(DatabaseTest, ResetClearsBindingsAndRestarts) {
  auto database = open_database();
  ASSERT_NE(database, nullptr);
  auto select = database->prepare("SELECT ?1");
  ASSERT_TRUE(select);
  ASSERT_TRUE(select->bind_text(1, "bound"));
  ASSERT_EQ(*select->step(), StepResult::Row);
  EXPECT_EQ(select->column_text(0), "bound");
  { const ScopedReset reset(*select); }
  ASSERT_EQ(*select->step(), StepResult::Row);
  EXPECT_TRUE(select->column_is_null(0));
}

TEST_F(DatabaseTest, APrepareErrorNamesTheFileAndSqliteMessage) {
  auto database = open_database();
  ASSERT_NE(database, nullptr);
  auto statement = database->prepare("SELEC 1");
  ASSERT_FALSE(statement);
  EXPECT_EQ(statement.error().location.file, m_path.string());
  EXPECT_NE(statement.error().message.find("syntax error"), std::string::npos)
    << statement.error().message;
  EXPECT_NE(statement.error().message.find("SELEC 1"), std::string::npos);
}

TEST_F(DatabaseTest, PrepareRefusesSeveralStatements) {
  auto database = open_database();
  ASSERT_NE(database, nullptr);
  auto statement = database->prepare("SELECT 1; SELECT 2");
  ASSERT_FALSE(statement);
  EXPECT_NE(statement.error().message.find("more than one"), std::string::npos);
  EXPECT_TRUE(database->prepare("SELECT 1;  \n"));
}

TEST_F(DatabaseTest, AStepErrorCarriesSqliteMessage) {
  auto database = open_database();
  ASSERT_NE(database, nullptr);
  ASSERT_TRUE(database->exec("CREATE TABLE items (name TEXT PRIMARY KEY)"));
  auto insert = database->prepare("INSERT INTO items (name) VALUES (?1)");
  ASSERT_TRUE(insert);
  ASSERT_TRUE(insert->bind_text(1, "same"));
  ASSERT_TRUE(insert->step());
  insert->reset();
  ASSERT_TRUE(insert->bind_text(1, "same"));
  auto step = insert->step();
  ASSERT_FALSE(step);
  EXPECT_EQ(step.error().location.file, m_path.string());
  EXPECT_NE(step.error().message.find("UNIQUE constraint failed: items.name"), std::string::npos)
    << step.error().message;
}

TEST_F(DatabaseTest, BindingAMissingParameterIsAnError) {
  auto database = open_database();
  ASSERT_NE(database, nullptr);
  auto select = database->prepare("SELECT ?1");
  ASSERT_TRUE(select);
  EXPECT_FALSE(select->bind_text(2, "nowhere"));
  EXPECT_FALSE(select->bind_int64(0, 1));
  EXPECT_FALSE(select->bind_null(5));
}

TEST_F(DatabaseTest, ExecErrorsNameTheFile) {
  auto database = open_database();
  ASSERT_NE(database, nullptr);
  auto status = database->exec("INSERT INTO nowhere VALUES (1)");
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().location.file, m_path.string());
  EXPECT_NE(status.error().message.find("no such table: nowhere"), std::string::npos)
    << status.error().message;
}

TEST_F(DatabaseTest, CachedStatementsArePreparedOnce) {
  auto database = open_database();
  ASSERT_NE(database, nullptr);
  auto first = database->cached("SELECT 1");
  auto again = database->cached("SELECT 1");
  auto other = database->cached("SELECT 2");
  ASSERT_TRUE(first && again && other);
  EXPECT_EQ(*first, *again);
  EXPECT_NE(*first, *other);
  ASSERT_EQ(*(*other)->step(), StepResult::Row);
  EXPECT_EQ((*other)->column_int64(0), 2);
  EXPECT_FALSE(database->cached("SELECT FROM"));
}

TEST_F(DatabaseTest, OpeningInAMissingFolderNamesThePath) {
  const auto path = m_folder / "missing" / "test.sqlite";
  auto database = SqliteDatabase::open(path);
  ASSERT_FALSE(database);
  EXPECT_EQ(database.error().location.file, path.string());
  EXPECT_NE(database.error().message.find("unable to open database file"), std::string::npos)
    << database.error().message;
}

TEST_F(DatabaseTest, ATransactionRollsBackUnlessCommitted) {
  auto database = open_database();
  ASSERT_NE(database, nullptr);
  ASSERT_TRUE(database->exec("CREATE TABLE items (name TEXT)"));
  {
    auto transaction = Transaction::begin(*database);
    ASSERT_TRUE(transaction) << transaction.error().to_string();
    ASSERT_TRUE(database->exec("INSERT INTO items VALUES ('dropped')"));
  }
  EXPECT_EQ(count_rows(*database), 0);
  {
    auto transaction = Transaction::begin(*database);
    ASSERT_TRUE(transaction);
    ASSERT_TRUE(database->exec("INSERT INTO items VALUES ('kept')"));
    ASSERT_TRUE(transaction->commit());
    EXPECT_FALSE(transaction->commit());
  }
  EXPECT_EQ(count_rows(*database), 1);
  // Nothing is left open: a new transaction can begin.
  auto transaction = Transaction::begin(*database);
  EXPECT_TRUE(transaction);
}

} // namespace
} // namespace mailroom::ledger
