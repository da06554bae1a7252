#include <engine/ledger/run_lock.hpp>

#include <gtest/gtest.h>
#include <tests/support/temporary_folder.hpp>
#include <unistd.h>

namespace mailroom::ledger {
namespace {

using testing::TemporaryFolder;

TEST(RunLockTest, ASecondRunIsRefusedNamingTheJobThePidAndTheLedger) {
  TemporaryFolder folder;
  const auto ledger = folder / "ledger.db";
  auto first = RunLock::acquire(ledger, "november");
  ASSERT_TRUE(first) << first.error().to_string();
  EXPECT_TRUE(std::filesystem::exists(RunLock::path_for(ledger)));

  // flock locks belong to an open file description, so a second acquire in this very process
  // is refused just as another process would be.
  auto second = RunLock::acquire(ledger, "december");
  ASSERT_FALSE(second);
  const auto message = second.error().to_string();
  EXPECT_NE(message.find("job november is already running (pid " + std::to_string(::getpid()) +
                         ") on ledger " + ledger.string()),
            std::string::npos)
    << message;

  // Released with its owner: the next run goes ahead.
  { auto released = std::move(*first); }
  auto third = RunLock::acquire(ledger, "december");
  EXPECT_TRUE(third) << third.error().to_string();
}

TEST(RunLockTest, AnotherLedgerHasALockOfItsOwn) {
  TemporaryFolder folder;
  auto first = RunLock::acquire(folder / "a.db", "job");
  auto second = RunLock::acquire(folder / "b.db", "job");
  EXPECT_TRUE(first);
  EXPECT_TRUE(second);
}

TEST(RunLockTest, AMissingFolderIsReportedWithThePath) {
  TemporaryFolder folder;
  auto lock = RunLock::acquire(folder / "missing" / "ledger.db", "job");
  ASSERT_FALSE(lock);
  EXPECT_NE(lock.error().to_string().find("missing/ledger.db.lock"), std::string::npos)
    << lock.error().to_string();
}

} // namespace
} // namespace mailroom::ledger
