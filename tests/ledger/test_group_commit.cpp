#include <engine/ledger/group_commit.hpp>
#include <engine/ledger/ledger.hpp>
#include <engine/ledger/sqlite_database.hpp>

#include <gtest/gtest.h>
#include <tests/support/temporary_folder.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace mailroom::ledger {
namespace {

using namespace std::chrono_literals;
using testing::TemporaryFolder;

class GroupCommitTest : public ::testing::Test {
protected:
  void SetUp() override {
    auto opened = SqliteDatabase::open(m_folder / "group.sqlite");
    ASSERT_TRUE(opened) << opened.error().to_string();
    m_database = std::move(opened).value();
    // As the ledger sets its connection up (schema.cpp): GroupCommit syncs the write-ahead log.
    ASSERT_TRUE(m_database->exec("PRAGMA journal_mode = WAL"));
    ASSERT_TRUE(m_database->exec("PRAGMA synchronous = NORMAL"));
    ASSERT_TRUE(m_database->exec("CREATE TABLE items (name TEXT PRIMARY KEY)"));
  }

  static Status insert(Database& database, const std::string& name) {
    auto statement = TRY(database.cached("INSERT INTO items (name) VALUES (?1)"));
    const ScopedReset reset(*statement);
    TRY(statement->bind_text(1, name));
    TRY(statement->step());
    return Ok{};
  }

  std::set<std::string> names() {
    std::set<std::string> found;
    auto statement = m_database->prepare("SELECT name FROM items");
    EXPECT_TRUE(statement);
    while (statement && *statement->step() == StepResult::Row) {
      found.insert(statement->column_text(0));
    }
    return found;
  }

  // Waits until `count` writes are queued behind the group being written, as a commit that is
  // syncing would see them arrive.
  static void wait_for_queue(GroupCommit& group, std::size_t count) {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (group.waiting() < count && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(1ms);
    }
    ASSERT_EQ(group.waiting(), count);
  }

  TemporaryFolder m_folder;
  std::unique_ptr<SqliteDatabase> m_database;
};

TEST_F(GroupCommitTest, WritesArrivingDuringACommitShareTheNextOneAndAFailedOneIsRolledBack) {
  GroupCommit group(*m_database);
  std::atomic<bool> first_started = false;
  Status second = Ok{};
  Status third = Ok{};
  const GroupCommit::Write first_write = [&](Database& database) -> Status {
    first_started = true;
    wait_for_queue(group, 2);
    return insert(database, "first");
  };
  // The second write inserts and then fails: its insert must not survive. The third, in the same
  // group, must.
  const GroupCommit::Write second_write = [&](Database& database) -> Status {
    TRY(insert(database, "second"));
    return make_error("the second write fails after writing");
  };
  const GroupCommit::Write third_write = [&](Database& database) {
    return insert(database, "third");
  };
  std::thread leader([&] { EXPECT_TRUE(group.commit(Durability::OnDisk, first_write)); });
  while (!first_started) {
    std::this_thread::sleep_for(1ms);
  }
  std::thread second_thread([&] { second = group.commit(Durability::OnDisk, second_write); });
  std::thread third_thread([&] { third = group.commit(Durability::OnDisk, third_write); });
  leader.join();
  second_thread.join();
  third_thread.join();

  EXPECT_FALSE(second);
  EXPECT_EQ(second.error().message, "the second write fails after writing");
  EXPECT_TRUE(third) << third.error().to_string();
  EXPECT_EQ(names(), (std::set<std::string>{"first", "third"}));
  const auto statistics = group.statistics();
  EXPECT_EQ(statistics.writes, 3u);
  EXPECT_EQ(statistics.commits, 2u); // The first alone, then the second and third together.
}

TEST_F(GroupCommitTest, AWriteThatBreaksItsSavepointFailsOnlyItself) {
  GroupCommit group(*m_database);
  const auto insert_one = [](Database& database) { return insert(database, "one"); };
  ASSERT_TRUE(group.commit(Durability::OnDisk, insert_one));
  // A duplicate key: the statement fails inside the savepoint, which is rolled back.
  EXPECT_FALSE(group.commit(Durability::WithNextSync, insert_one));
  ASSERT_TRUE(
    group.commit(Durability::OnDisk, [](Database& database) { return insert(database, "two"); }));
  EXPECT_EQ(names(), (std::set<std::string>{"one", "two"}));
  EXPECT_FALSE(m_database->in_transaction());
}

// Only writes that must be on disk before their caller goes on wait for a sync; the others are
// committed at once and ride on the next sync, or on sync().
TEST_F(GroupCommitTest, OnlyWritesThatMustBeOnDiskWaitForASync) {
  GroupCommit group(*m_database);
  const auto inserting = [](std::string name) {
    return [name](Database& database) { return insert(database, name); };
  };
  ASSERT_TRUE(group.commit(Durability::WithNextSync, inserting("deferred-1")));
  ASSERT_TRUE(group.commit(Durability::WithNextSync, inserting("deferred-2")));
  EXPECT_EQ(group.statistics().syncs, 0u);
  // Committed, though not synced: another connection sees them.
  auto reader = SqliteDatabase::open(m_folder / "group.sqlite");
  ASSERT_TRUE(reader) << reader.error().to_string();
  auto count = (*reader)->prepare("SELECT count(*) FROM items");
  ASSERT_TRUE(count) << count.error().to_string();
  ASSERT_EQ(*count->step(), StepResult::Row);
  EXPECT_EQ(count->column_int64(0), 2);
  count->reset();

  ASSERT_TRUE(group.commit(Durability::OnDisk, inserting("on-disk")));
  EXPECT_EQ(group.statistics().syncs, 1u);
  // Nothing left to sync.
  ASSERT_TRUE(group.sync());
  EXPECT_EQ(group.statistics().syncs, 1u);
  ASSERT_TRUE(group.commit(Durability::WithNextSync, inserting("deferred-3")));
  ASSERT_TRUE(group.sync());
  const auto statistics = group.statistics();
  EXPECT_EQ(statistics.syncs, 2u);
  EXPECT_EQ(statistics.commits, 4u);
  // A failed write syncs nothing, even if it asked to be on disk.
  EXPECT_FALSE(group.commit(Durability::OnDisk, inserting("on-disk")));
  EXPECT_EQ(group.statistics().syncs, 2u);
  EXPECT_EQ(names(), (std::set<std::string>{"deferred-1", "deferred-2", "on-disk", "deferred-3"}));
}

// Through the ledger: many threads marking their invoices sending and then sent, as the pipeline
// does, with refused marks among them. Every transition is recorded exactly as if it had been
// committed alone.
TEST(LedgerGroupCommit, ManyThreadsTransitionsAreAllRecordedAndRefusalsStayRefused) {
  TemporaryFolder folder;
  auto opened = Ledger::open(folder / "ledger.db");
  ASSERT_TRUE(opened) << opened.error().to_string();
  auto& ledger = **opened;
  constexpr int k_threads = 8;
  constexpr int k_invoices = 40;
  std::atomic<int> unexpected = 0;
  std::vector<std::thread> threads;
  for (int thread = 0; thread < k_threads; ++thread) {
    threads.emplace_back([&, thread] {
      for (int invoice = 0; invoice < k_invoices; ++invoice) {
        const std::string number = std::to_string(thread) + "-" + std::to_string(invoice);
        SendingRecord record{"job", number, "acme", "a@example.org", "<" + number + "@x>", "sha"};
        unexpected += ledger.mark_sending(record) ? 0 : 1;
        unexpected += ledger.mark_sent("job", number, "", "250 ok") ? 0 : 1;
        // Refused: already sent, and never marked sending.
        unexpected += ledger.mark_sending(record) ? 1 : 0;
        unexpected += ledger.mark_sent("job", "never-" + number, "", "250 ok") ? 1 : 0;
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(unexpected, 0);
  const auto entries = ledger.entries("job");
  ASSERT_TRUE(entries) << entries.error().to_string();
  ASSERT_EQ(entries->size(), static_cast<size_t>(k_threads * k_invoices));
  for (const auto& entry : *entries) {
    EXPECT_EQ(entry.state, State::Sent) << entry.number;
    EXPECT_EQ(entry.attempts, 1) << entry.number;
    EXPECT_EQ(entry.server_reply, "250 ok") << entry.number;
  }
  const auto statistics = ledger.commit_statistics();
  EXPECT_EQ(statistics.transitions, static_cast<std::uint64_t>(k_threads * k_invoices * 4));
  EXPECT_GE(statistics.commits, 1u);
  EXPECT_LE(statistics.commits, statistics.transitions);
  // Only the successful `sending` marks wait for a sync, and those of one group share it.
  EXPECT_GE(statistics.syncs, 1u);
  EXPECT_LE(statistics.syncs, static_cast<std::uint64_t>(k_threads * k_invoices));
}

} // namespace
} // namespace mailroom::ledger
