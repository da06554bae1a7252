#include <engine/ledger/ledger.hpp>
#include <engine/ledger/schema.hpp>
#include <engine/ledger/sqlite_database.hpp>

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <tests/ledger/ledger_backends.hpp>
#include <tests/ledger/ledger_query.hpp>
#include <tests/support/temporary_folder.hpp>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <sqlite3.h>
#include <thread>

namespace mailroom::ledger {
namespace {

using testing::TemporaryFolder;
using testing::write_text;

constexpr std::string_view k_job = "acme-2026-11";

SendingRecord sending(std::string_view number, std::string message_id = "<1@mailroom>") {
  return SendingRecord{std::string(k_job),    std::string(number),
                       "ACME GmbH",           "billing@customer.example; boss@customer.example",
                       std::move(message_id), std::string(64, 'a')};
}

// Expects a successful Status or Result and shows its error otherwise.
#define ASSERT_OK(expression)                                                                      \
  do {                                                                                             \
    const auto& result_ = (expression);                                                            \
    ASSERT_TRUE(result_) << result_.error().to_string();                                           \
  } while (false)

class SqliteLedgerTest : public ::testing::Test {
protected:
  std::unique_ptr<Ledger> open_ledger() {
    auto ledger = Ledger::open(m_path);
    EXPECT_TRUE(ledger) << ledger.error().to_string();
    return ledger ? std::move(ledger).value() : nullptr;
  }

  std::optional<Entry> find(Ledger& ledger, std::string_view number, std::string_view job = k_job) {
    auto found = ledger.find(job, number);
    EXPECT_TRUE(found) << found.error().to_string();
    return found ? *found : std::nullopt;
  }

  // One integer or text read from the file through a connection of its own.
  std::string query(std::string_view sql) { return testing::query_ledger(m_path, sql); }

  TemporaryFolder m_folder;
  std::filesystem::path m_path = m_folder / "ledger.sqlite";
};

// The conformance suite: each TEST_P runs on SQLite and on PostgreSQL (ledger_backends.hpp).
class LedgerTest : public testing::LedgerBackendTest {
protected:
  std::optional<Entry> find(Ledger& ledger, std::string_view number, std::string_view job = k_job) {
    auto found = ledger.find(job, number);
    EXPECT_TRUE(found) << found.error().to_string();
    return found ? *found : std::nullopt;
  }
};
MAILROOM_ON_BOTH_BACKENDS(LedgerTest);

TEST_F(SqliteLedgerTest, OpeningCreatesTheSchemaInWriteAheadLogMode) {
  auto ledger = open_ledger();
  ASSERT_NE(ledger, nullptr);
  EXPECT_TRUE(std::filesystem::exists(m_path));

  // Asked through a plain SQLite connection, not ours: the mode is a property of the file.
  sqlite3* handle = nullptr;
  ASSERT_EQ(sqlite3_open_v2(m_path.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(handle, "PRAGMA journal_mode", -1, &statement, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)), "wal");
  sqlite3_finalize(statement);
  sqlite3_close(handle);

  EXPECT_EQ(query("PRAGMA user_version"), std::to_string(schema::k_version));
  EXPECT_EQ(query("SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema WHERE "
                  "type = 'table' ORDER BY name)"),
            "archive_unsynced,bank_entries,bank_statements,deliveries,events,invoices,mailbox_pace,"
            "mailbox_run_messages,"
            "payments,"
            "recipient_overrides");
}

TEST_P(LedgerTest, ReopeningKeepsTheRecords) {
  {
    auto ledger = open_ledger();
    ASSERT_NE(ledger, nullptr);
    ASSERT_OK(ledger->mark_sending(sending("2026-1")));
    ASSERT_OK(ledger->mark_sent(k_job, "2026-1", "2026-11-23T21:04:05.123Z", "250 2.0.0 Ok"));
  }
  auto ledger = open_ledger();
  ASSERT_NE(ledger, nullptr);
  const auto entry = find(*ledger, "2026-1");
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->state, State::Sent);
  EXPECT_EQ(entry->sent_at, "2026-11-23T21:04:05.123Z");
  EXPECT_EQ(entry->server_reply, "250 2.0.0 Ok");
  EXPECT_EQ(entry->creditor, "ACME GmbH");
}

// `sending` is synced to disk before mark_sending returns; the marks after it are committed at
// once and share the next sync, which sync() forces.
TEST_F(SqliteLedgerTest, OnlySendingWaitsForASyncToDisk) {
  auto ledger = open_ledger();
  ASSERT_NE(ledger, nullptr);
  ASSERT_OK(ledger->mark_sending(sending("2026-1")));
  EXPECT_EQ(ledger->commit_statistics().syncs, 1u);
  ASSERT_OK(ledger->mark_sent(k_job, "2026-1", "", "250 2.0.0 Ok"));
  ASSERT_OK(ledger->mark_failed(k_job, "2026-2", "ACME GmbH", "550 no such user"));
  ASSERT_OK(ledger->mark_invalid_address(k_job, "2026-3", "ACME GmbH", "nobody", "no @"));
  EXPECT_EQ(ledger->commit_statistics().syncs, 1u);
  // Committed though not synced: another connection reads them.
  EXPECT_EQ(query("SELECT group_concat(state, ',') FROM (SELECT state FROM deliveries ORDER BY "
                  "sequence)"),
            "sent,failed,invalid_address");
  ASSERT_OK(ledger->sync());
  ASSERT_OK(ledger->sync()); // Nothing new to sync.
  const auto statistics = ledger->commit_statistics();
  EXPECT_EQ(statistics.syncs, 2u);
  EXPECT_EQ(statistics.commits, 4u);
}

// SQLite keeps the log beside the file a symbolic link points to; the ledger syncs that log.
TEST_F(SqliteLedgerTest, ALedgerReachedThroughASymbolicLinkSyncsTheRealLog) {
  {
    auto real = open_ledger();
    ASSERT_NE(real, nullptr);
  }
  const auto elsewhere = m_folder / "elsewhere";
  std::filesystem::create_directories(elsewhere);
  const auto link = elsewhere / "ledger.db";
  std::filesystem::create_symlink(m_path, link);
  auto ledger = Ledger::open(link);
  ASSERT_TRUE(ledger) << ledger.error().to_string();
  ASSERT_OK((*ledger)->mark_sending(sending("2026-1")));
  EXPECT_EQ((*ledger)->commit_statistics().syncs, 1u);
  EXPECT_TRUE(std::filesystem::exists(m_path.string() + "-wal"));
  EXPECT_FALSE(std::filesystem::exists(link.string() + "-wal"));
  auto database = SqliteDatabase::open(link);
  ASSERT_TRUE(database) << database.error().to_string();
  EXPECT_EQ((*database)->write_ahead_log_path(), m_path.string() + "-wal");
}

// A mark not yet synced is already in the write-ahead log: a process that dies at once (no
// destructor, no sync) loses none of it.
TEST_P(LedgerTest, MarksNotYetSyncedSurviveTheProcessDying) {
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto ledger = Ledger::open(m_address);
    const bool marked = ledger && (*ledger)->mark_sending(sending("2026-1")) &&
                        (*ledger)->mark_sent(k_job, "2026-1", "", "250 2.0.0 Ok") &&
                        (*ledger)->commit_statistics().syncs == 1;
    ::_exit(marked ? 0 : 1); // Dies without destroying the ledger, which would sync it.
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);
  auto ledger = open_ledger();
  ASSERT_NE(ledger, nullptr);
  const auto entry = find(*ledger, "2026-1");
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->state, State::Sent);
  EXPECT_EQ(entry->server_reply, "250 2.0.0 Ok");
}

TEST_P(LedgerTest, SendingThenSentCountsAttempts) {
  auto ledger = open_ledger();
  ASSERT_NE(ledger, nullptr);

  ASSERT_OK(ledger->mark_sending(sending("2026-1", "<first@mailroom>")));
  auto entry = find(*ledger, "2026-1");
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->job, k_job);
  EXPECT_EQ(entry->number, "2026-1");
  EXPECT_EQ(entry->state, State::Sending);
  EXPECT_EQ(entry->attempts, 1);
  EXPECT_EQ(entry->recipients, "billing@customer.example; boss@customer.example");
  EXPECT_EQ(entry->message_id, "<first@mailroom>");
  EXPECT_EQ(entry->pdf_sha256, std::string(64, 'a'));
  EXPECT_EQ(entry->sent_at, "");
  EXPECT_FALSE(entry->updated_at.empty());

  ASSERT_OK(ledger->mark_failed(k_job, "2026-1", "ACME GmbH", "connection reset",
                                "421 4.7.0 try again later"));
  entry = find(*ledger, "2026-1");
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->state, State::Failed);
  EXPECT_EQ(entry->attempts, 1);
  EXPECT_EQ(entry->error, "connection reset");
  EXPECT_EQ(entry->server_reply, "421 4.7.0 try again later");
  EXPECT_EQ(entry->message_id, "<first@mailroom>");

  ASSERT_OK(ledger->mark_sending(sending("2026-1", "<second@mailroom>")));
  entry = find(*ledger, "2026-1");
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->state, State::Sending);
  EXPECT_EQ(entry->attempts, 2);
  EXPECT_EQ(entry->error, "");
  EXPECT_EQ(entry->server_reply, "");
  EXPECT_EQ(entry->message_id, "<second@mailroom>");

  ASSERT_OK(
    ledger->mark_sent(k_job, "2026-1", "2026-11-23T21:04:05.123Z", "250 2.0.0 Ok: queued as 4F2"));
  entry = find(*ledger, "2026-1");
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->state, State::Sent);
  EXPECT_EQ(entry->attempts, 2);
  EXPECT_EQ(entry->sent_at, "2026-11-23T21:04:05.123Z");
  EXPECT_EQ(entry->server_reply, "250 2.0.0 Ok: queued as 4F2");
  EXPECT_EQ(entry->message_id, "<second@mailroom>");
}

TEST_P(LedgerTest, AnEmptySentAtIsFilledIn) {
  auto ledger = open_ledger();
  ASSERT_NE(ledger, nullptr);
  ASSERT_OK(ledger->mark_sending(sending("2026-1")));
  ASSERT_OK(ledger->mark_sent(k_job, "2026-1", "", "250 Ok"));
  const auto entry = find(*ledger, "2026-1");
  ASSERT_TRUE(entry);
  // The form of an ISO 8601 UTC time with milliseconds, without asserting the clock.
  ASSERT_EQ(entry->sent_at.size(), 24u) << entry->sent_at;
  EXPECT_EQ(entry->sent_at[10], 'T');
  EXPECT_EQ(entry->sent_at.back(), 'Z');
}

TEST_P(LedgerTest, MarkSentWithoutSendingIsRefused) {
  auto ledger = open_ledger();
  ASSERT_NE(ledger, nullptr);

  auto status = ledger->mark_sent(k_job, "2026-1", "2026-11-23T21:04:05.123Z", "250 Ok");
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message.find("cannot mark 2026-1 sent"), std::string::npos)
    << status.error().message;
  EXPECT_FALSE(find(*ledger, "2026-1"));

  ASSERT_OK(ledger->mark_failed(k_job, "2026-1", "ACME GmbH", "the PDF could not be rendered"));
  status = ledger->mark_sent(k_job, "2026-1", "2026-11-23T21:04:05.123Z", "250 Ok");
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().message, "cannot mark 2026-1 sent: it is failed, not sending");
  const auto entry = find(*ledger, "2026-1");
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->state, State::Failed);
  EXPECT_EQ(entry->sent_at, "");
}

TEST_P(LedgerTest, FailedAndInvalidAddressAreRecordedWithoutSending) {
  auto ledger = open_ledger();
  ASSERT_NE(ledger, nullptr);

  ASSERT_OK(ledger->mark_failed(k_job, "2026-1", "ACME GmbH", "unknown currency XYZ"));
  auto entry = find(*ledger, "2026-1");
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->state, State::Failed);
  EXPECT_EQ(entry->attempts, 0);
  EXPECT_EQ(entry->creditor, "ACME GmbH");
  EXPECT_EQ(entry->error, "unknown currency XYZ");
  EXPECT_EQ(entry->server_reply, "");

  ASSERT_OK(ledger->mark_invalid_address(k_job, "2026-2", "ACME GmbH", "billing@@customer",
                                         "billing@@customer is not an address"));
  entry = find(*ledger, "2026-2");
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->state, State::InvalidAddress);
  EXPECT_EQ(entry->attempts, 0);
  EXPECT_EQ(entry->recipients, "billing@@customer");
  EXPECT_EQ(entry->error, "billing@@customer is not an address");

  // An upsert over an existing row replaces the outcome and keeps the creditor when none is
  // given.
  ASSERT_OK(ledger->mark_invalid_address(k_job, "2026-1", "", "nobody@", "nobody@ is incomplete"));
  entry = find(*ledger, "2026-1");
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->state, State::InvalidAddress);
  EXPECT_EQ(entry->creditor, "ACME GmbH");
  EXPECT_EQ(entry->error, "nobody@ is incomplete");
}

TEST_P(LedgerTest, ASentInvoiceStaysSent) {
  auto ledger = open_ledger();
  ASSERT_NE(ledger, nullptr);
  ASSERT_OK(ledger->mark_sending(sending("2026-1")));
  ASSERT_OK(ledger->mark_sent(k_job, "2026-1", "2026-11-23T21:04:05.123Z", "250 Ok"));

  auto failed = ledger->mark_failed(k_job, "2026-1", "ACME GmbH", "late timeout");
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().message,
            "cannot mark 2026-1 failed: it was already sent at 2026-11-23T21:04:05.123Z");
  EXPECT_FALSE(ledger->mark_invalid_address(k_job, "2026-1", "ACME GmbH", "x", "bad"));
  auto again = ledger->mark_sending(sending("2026-1"));
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("cannot mark 2026-1 sending: it was already sent"),
            std::string::npos);
  EXPECT_FALSE(ledger->mark_sent(k_job, "2026-1", "2026-11-24T00:00:00.000Z", "250 Ok"));

  const auto entry = find(*ledger, "2026-1");
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->state, State::Sent);
  EXPECT_EQ(entry->attempts, 1);
  EXPECT_EQ(entry->sent_at, "2026-11-23T21:04:05.123Z");
  EXPECT_EQ(entry->error, "");
  // The refused marks left no trace in the history either.
  EXPECT_EQ(query("SELECT count(*) FROM events"), "2");
}

TEST_P(LedgerTest, FindReturnsNothingForAnUnknownInvoice) {
  auto ledger = open_ledger();
  ASSERT_NE(ledger, nullptr);
  ASSERT_OK(ledger->mark_sending(sending("2026-1")));
  EXPECT_FALSE(find(*ledger, "2026-2"));
  EXPECT_FALSE(find(*ledger, "2026-1", "another-job"));
  EXPECT_TRUE(find(*ledger, "2026-1"));
}

TEST_P(LedgerTest, EntriesComeInFirstRecordedOrder) {
  auto ledger = open_ledger();
  ASSERT_NE(ledger, nullptr);
  ASSERT_OK(ledger->mark_sending(sending("10")));
  ASSERT_OK(ledger->mark_failed(k_job, "2", "ACME GmbH", "bad data"));
  ASSERT_OK(ledger->mark_invalid_address(k_job, "1", "ACME GmbH", "x@", "incomplete"));
  // Touching the first one again must not move it to the end.
  ASSERT_OK(ledger->mark_sent(k_job, "10", "2026-11-23T21:04:05.123Z", "250 Ok"));
  ASSERT_OK(ledger->mark_sending(sending("2")));

  auto entries = ledger->entries(k_job);
  ASSERT_OK(entries);
  ASSERT_EQ(entries->size(), 3u);
  EXPECT_EQ((*entries)[0].number, "10");
  EXPECT_EQ((*entries)[0].state, State::Sent);
  EXPECT_EQ((*entries)[1].number, "2");
  EXPECT_EQ((*entries)[1].state, State::Sending);
  EXPECT_EQ((*entries)[2].number, "1");
  EXPECT_EQ((*entries)[2].state, State::InvalidAddress);

  auto none = ledger->entries("unknown-job");
  ASSERT_OK(none);
  EXPECT_TRUE(none->empty());
}

TEST_P(LedgerTest, JobsAreKeptApart) {
  auto ledger = open_ledger();
  ASSERT_NE(ledger, nullptr);
  ASSERT_OK(ledger->mark_sending(sending("2026-1")));
  ASSERT_OK(ledger->mark_failed("other-job", "2026-1", "Other Ltd", "no mailbox"));

  const auto first = find(*ledger, "2026-1");
  const auto second = find(*ledger, "2026-1", "other-job");
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->state, State::Sending);
  EXPECT_EQ(first->creditor, "ACME GmbH");
  EXPECT_EQ(second->state, State::Failed);
  EXPECT_EQ(second->creditor, "Other Ltd");

  auto entries = ledger->entries("other-job");
  ASSERT_OK(entries);
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].job, "other-job");
}

TEST_P(LedgerTest, EventsKeepTheHistoryOfAttempts) {
  auto ledger = open_ledger();
  ASSERT_NE(ledger, nullptr);
  ASSERT_OK(ledger->mark_sending(sending("2026-1", "<first@mailroom>")));
  ASSERT_OK(ledger->mark_failed(k_job, "2026-1", "ACME GmbH", "timeout", "451 busy"));
  ASSERT_OK(ledger->mark_sending(sending("2026-1", "<second@mailroom>")));
  ASSERT_OK(ledger->mark_sent(k_job, "2026-1", "2026-11-23T21:04:05.123Z", "250 Ok"));
  ledger.reset();

  auto database = open_database(m_address);
  ASSERT_OK(database);
  auto statement = (*database)->prepare(
    "SELECT state, attempt, detail, at FROM events WHERE job = ?1 AND number = ?2 "
    "ORDER BY sequence");
  ASSERT_OK(statement);
  ASSERT_OK(statement->bind_text(1, k_job));
  ASSERT_OK(statement->bind_text(2, "2026-1"));
  std::vector<std::string> history;
  while (true) {
    auto step = statement->step();
    ASSERT_OK(step);
    if (*step == StepResult::Done) {
      break;
    }
    EXPECT_FALSE(statement->column_text(3).empty());
    history.push_back(statement->column_text(0) + " " + std::to_string(statement->column_int64(1)) +
                      " " + statement->column_text(2));
  }
  ASSERT_EQ(history.size(), 4u);
  EXPECT_NE(history[0].find("sending 1 "), std::string::npos) << history[0];
  EXPECT_NE(history[0].find("<first@mailroom>"), std::string::npos) << history[0];
  EXPECT_EQ(history[1], "failed 1 timeout | server: 451 busy");
  EXPECT_NE(history[2].find("sending 2 "), std::string::npos) << history[2];
  EXPECT_NE(history[2].find("<second@mailroom>"), std::string::npos) << history[2];
  EXPECT_EQ(history[3], "sent 2 250 Ok");
}

TEST_F(SqliteLedgerTest, AFileThatIsNotADatabaseIsRefusedWithItsPath) {
  const std::string contents(2048, 'x');
  write_text(m_path, contents);
  auto ledger = Ledger::open(m_path);
  ASSERT_FALSE(ledger);
  const auto text = ledger.error().to_string();
  EXPECT_NE(text.find(m_path.string()), std::string::npos) << text;
  EXPECT_NE(text.find("file is not a database"), std::string::npos) << text;
  EXPECT_EQ(testing::read_text(m_path), contents);
}

TEST_F(SqliteLedgerTest, AMissingFolderIsReportedWithThePath) {
  const auto path = m_folder / "missing" / "ledger.sqlite";
  auto ledger = Ledger::open(path);
  ASSERT_FALSE(ledger);
  EXPECT_NE(ledger.error().to_string().find(path.string()), std::string::npos)
    << ledger.error().to_string();
  EXPECT_FALSE(std::filesystem::exists(path.parent_path()));
}

// Version 7 to 8: the mailbox's row keeps its schedule and gains room for a slow-down; the run
// counts get a table of their own.
TEST_F(SqliteLedgerTest, AVersionSevenLedgerGainsTheSlowdownAndMaxPerRunTheWorkersShare) {
  {
    auto ledger = Ledger::open(m_path);
    ASSERT_OK(ledger);
    ASSERT_OK((*ledger)->claim_send_slot("acme", 1'000, 10));
  }
  {
    auto database = SqliteDatabase::open(m_path);
    ASSERT_OK(database);
    ASSERT_OK((*database)->exec("DROP TABLE mailbox_run_messages; ALTER TABLE mailbox_pace DROP "
                                "COLUMN slowed_interval; ALTER TABLE mailbox_pace DROP COLUMN "
                                "slowed_at; PRAGMA user_version = 7;"));
  }
  auto ledger = Ledger::open(m_path);
  ASSERT_OK(ledger);
  EXPECT_EQ(query("PRAGMA user_version"), std::to_string(schema::k_version));
  testing::expect_shared_mailbox_limits_after_migration(**ledger);
}

TEST_F(SqliteLedgerTest, ANewerSchemaVersionIsRefused) {
  const auto newer = std::to_string(schema::k_version + 1);
  {
    auto database = SqliteDatabase::open(m_path);
    ASSERT_OK(database);
    ASSERT_OK((*database)->exec("PRAGMA user_version = " + newer));
  }
  auto ledger = Ledger::open(m_path);
  ASSERT_FALSE(ledger);
  EXPECT_EQ(ledger.error().location.file, m_path.string());
  EXPECT_NE(ledger.error().message.find("schema version " + newer + ", newer"), std::string::npos)
    << ledger.error().message;
  // The file was left as it was: no tables, still the newer version, not switched to WAL.
  EXPECT_EQ(query("PRAGMA user_version"), newer);
  EXPECT_EQ(query("SELECT count(*) FROM sqlite_schema"), "0");
  EXPECT_EQ(query("PRAGMA journal_mode"), "delete");
}

TEST_F(SqliteLedgerTest, AnotherSqliteDatabaseIsRefused) {
  {
    auto database = SqliteDatabase::open(m_path);
    ASSERT_OK(database);
    ASSERT_OK((*database)->exec("CREATE TABLE customers (name TEXT)"));
  }
  auto ledger = Ledger::open(m_path);
  ASSERT_FALSE(ledger);
  EXPECT_EQ(ledger.error().location.file, m_path.string());
  EXPECT_NE(ledger.error().message.find("not a mailroom ledger"), std::string::npos)
    << ledger.error().message;
  EXPECT_EQ(query("SELECT group_concat(name) FROM sqlite_schema"), "customers");
}

TEST_P(LedgerTest, AnInvoiceNeedsAJobAndANumber) {
  auto ledger = open_ledger();
  ASSERT_NE(ledger, nullptr);
  EXPECT_FALSE(ledger->mark_sending(sending("")));
  EXPECT_FALSE(ledger->mark_failed("", "2026-1", "ACME GmbH", "error"));
  EXPECT_FALSE(ledger->mark_invalid_address(k_job, "", "ACME GmbH", "x", "bad"));
  EXPECT_EQ(query("SELECT count(*) FROM deliveries"), "0");
}

TEST_P(LedgerTest, TwoLedgersOnOneFileSeeEachOther) {
  auto first = open_ledger();
  auto second = open_ledger();
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  ASSERT_OK(first->mark_sending(sending("2026-1")));
  ASSERT_OK(second->mark_sent(k_job, "2026-1", "2026-11-23T21:04:05.123Z", "250 Ok"));
  const auto entry = find(*first, "2026-1");
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->state, State::Sent);
}

TEST_P(LedgerTest, ConcurrentTransitionsLeaveConsistentRows) {
  auto ledger = open_ledger();
  ASSERT_NE(ledger, nullptr);
  constexpr int k_threads = 4;
  constexpr int k_invoices_per_thread = 25;

  std::vector<std::thread> threads;
  std::vector<int> failures(k_threads, 0);
  for (int thread = 0; thread < k_threads; ++thread) {
    threads.emplace_back([&, thread] {
      for (int invoice = 0; invoice < k_invoices_per_thread; ++invoice) {
        const auto number = std::to_string(thread) + "-" + std::to_string(invoice);
        const auto message_id = "<" + number + "@mailroom>";
        if (!ledger->mark_sending(sending(number, message_id))) {
          ++failures[thread];
        }
        auto found = ledger->find(k_job, number);
        if (!found || !*found || (*found)->state != State::Sending) {
          ++failures[thread];
        }
        if (!ledger->mark_sent(k_job, number, "", "250 Ok " + number)) {
          ++failures[thread];
        }
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  for (int thread = 0; thread < k_threads; ++thread) {
    EXPECT_EQ(failures[thread], 0) << "thread " << thread;
  }

  auto entries = ledger->entries(k_job);
  ASSERT_OK(entries);
  ASSERT_EQ(entries->size(), static_cast<size_t>(k_threads * k_invoices_per_thread));
  std::set<std::string> numbers;
  std::vector<int> next_invoice(k_threads, 0);
  for (const auto& entry : *entries) {
    numbers.insert(entry.number);
    EXPECT_EQ(entry.state, State::Sent) << entry.number;
    EXPECT_EQ(entry.attempts, 1) << entry.number;
    EXPECT_EQ(entry.message_id, "<" + entry.number + "@mailroom>");
    EXPECT_EQ(entry.server_reply, "250 Ok " + entry.number);
    // Each thread's invoices keep the order that thread recorded them in.
    const auto dash = entry.number.find('-');
    const int thread = std::stoi(entry.number.substr(0, dash));
    const int invoice = std::stoi(entry.number.substr(dash + 1));
    EXPECT_EQ(invoice, next_invoice[thread]) << entry.number;
    next_invoice[thread] = invoice + 1;
  }
  EXPECT_EQ(numbers.size(), entries->size());
  EXPECT_EQ(query("SELECT count(*) FROM events"),
            std::to_string(2 * k_threads * k_invoices_per_thread));
}

// Two runs that decided to send the same invoice (workers given overlapping shards) each mark it
// expecting the attempts they saw: the first wins, the second learns it lost and writes nothing.
TEST_P(LedgerTest, OnlyOneOfTwoRunsThatSawTheSameRecordMarksItSending) {
  auto first = open_ledger();
  auto second = open_ledger();
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  auto record = sending("2026-1", "<first@mailroom>");
  record.expected_attempts = 0; // Both saw no record of it.
  auto won = first->mark_sending(record);
  ASSERT_OK(won);
  EXPECT_EQ(*won, Claim::Won);
  record.message_id = "<second@mailroom>";
  auto lost = second->mark_sending(record);
  ASSERT_OK(lost);
  EXPECT_EQ(*lost, Claim::TakenByAnotherRun);
  auto entry = find(*first, "2026-1");
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->attempts, 1);
  EXPECT_EQ(entry->message_id, "<first@mailroom>");
  EXPECT_EQ(query("SELECT count(*) FROM events"), "1");

  // A retry of the winner expects its own attempt; one of the loser, still expecting none, loses
  // again, also once the invoice failed and could go out again.
  ASSERT_OK(first->mark_failed(k_job, "2026-1", "ACME GmbH", "451 busy"));
  lost = second->mark_sending(record);
  ASSERT_OK(lost);
  EXPECT_EQ(*lost, Claim::TakenByAnotherRun);
  record.expected_attempts = 1;
  won = first->mark_sending(record);
  ASSERT_OK(won);
  EXPECT_EQ(*won, Claim::Won);
  entry = find(*first, "2026-1");
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->attempts, 2);
}

// Many threads of two connections race to mark the same invoices: each is marked exactly once.
TEST_P(LedgerTest, RacingRunsMarkEachInvoiceExactlyOnce) {
  constexpr int k_invoices = 60;
  std::vector<std::unique_ptr<Ledger>> runs;
  runs.push_back(open_ledger());
  runs.push_back(open_ledger());
  ASSERT_NE(runs[0], nullptr);
  ASSERT_NE(runs[1], nullptr);
  std::vector<std::vector<int>> wins(4, std::vector<int>(k_invoices, 0));
  std::vector<int> errors(4, 0);
  std::vector<std::string> first_error(4); // Each thread's first, to say what went wrong.
  std::vector<std::thread> threads;
  for (int thread = 0; thread < 4; ++thread) {
    threads.emplace_back([&, thread] {
      auto& ledger = *runs[static_cast<size_t>(thread % 2)];
      for (int invoice = 0; invoice < k_invoices; ++invoice) {
        auto record = sending("R-" + std::to_string(invoice));
        record.expected_attempts = 0;
        const auto claim = ledger.mark_sending(record);
        if (!claim) {
          if (errors[static_cast<size_t>(thread)]++ == 0) {
            first_error[static_cast<size_t>(thread)] = claim.error().to_string();
          }
        } else if (*claim == Claim::Won) {
          ++wins[static_cast<size_t>(thread)][static_cast<size_t>(invoice)];
        }
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  for (int thread = 0; thread < 4; ++thread) {
    EXPECT_EQ(errors[static_cast<size_t>(thread)], 0)
      << "thread " << thread << ": " << first_error[static_cast<size_t>(thread)];
  }
  for (int invoice = 0; invoice < k_invoices; ++invoice) {
    int total = 0;
    for (int thread = 0; thread < 4; ++thread) {
      total += wins[static_cast<size_t>(thread)][static_cast<size_t>(invoice)];
    }
    EXPECT_EQ(total, 1) << "invoice R-" << invoice;
  }
  EXPECT_EQ(query("SELECT count(*) FROM events"), std::to_string(k_invoices));
  EXPECT_EQ(query("SELECT max(attempts) FROM deliveries"), "1");
}

// A paced mailbox's schedule, shared by every run on the ledger: slots an interval apart, never
// before now, and never the same one twice, whichever connection claims it.
TEST_P(LedgerTest, RunsSharingAMailboxTakeItsSlotsInTurn) {
  auto first = open_ledger();
  auto second = open_ledger();
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  constexpr std::int64_t k_now = 1'800'000'000'000'000;
  constexpr std::int64_t k_interval = 200'000;
  std::vector<std::int64_t> slots;
  for (int claim = 0; claim < 6; ++claim) {
    auto slot = (claim % 2 == 0 ? first : second)->claim_send_slot("acme", k_now, k_interval);
    ASSERT_OK(slot);
    slots.push_back(slot->at);
    EXPECT_FALSE(slot->slowdown.has_value());
  }
  for (size_t index = 0; index < slots.size(); ++index) {
    EXPECT_EQ(slots[index], k_now + static_cast<std::int64_t>(index) * k_interval) << index;
  }
  // Another mailbox has a schedule of its own; a claim long after the last slot starts at now.
  auto other = first->claim_send_slot("northwind", k_now, k_interval);
  ASSERT_OK(other);
  EXPECT_EQ(other->at, k_now);
  auto later = second->claim_send_slot("acme", k_now + 60'000'000, k_interval);
  ASSERT_OK(later);
  EXPECT_EQ(later->at, k_now + 60'000'000);
}

// A throttling reply to one run slows the others sharing the mailbox: the slow-down it notes comes
// with every run's next slot, the latest one noted replacing the one before, and only for that
// mailbox.
TEST_P(LedgerTest, RunsSharingAMailboxLearnItsLatestSlowdownWithTheirNextSlot) {
  auto first = open_ledger();
  auto second = open_ledger();
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  constexpr std::int64_t k_now = 1'800'000'000'000'000;
  // A slow-down noted before the mailbox ever had a slot starts its schedule.
  ASSERT_OK(first->note_mailbox_slowdown("acme", {400'000, k_now}));
  auto slot = second->claim_send_slot("acme", k_now, 200'000);
  ASSERT_OK(slot);
  EXPECT_EQ(slot->at, k_now);
  ASSERT_TRUE(slot->slowdown.has_value());
  EXPECT_EQ(slot->slowdown->interval_microseconds, 400'000);
  EXPECT_EQ(slot->slowdown->noted_at, k_now);
  ASSERT_OK(second->note_mailbox_slowdown("acme", {800'000, k_now + 1'000}));
  slot = first->claim_send_slot("acme", k_now, 400'000);
  ASSERT_OK(slot);
  EXPECT_EQ(slot->at, k_now + 200'000);
  ASSERT_TRUE(slot->slowdown.has_value());
  EXPECT_EQ(slot->slowdown->interval_microseconds, 800'000);
  EXPECT_EQ(slot->slowdown->noted_at, k_now + 1'000);
  auto other = first->claim_send_slot("northwind", k_now, 200'000);
  ASSERT_OK(other);
  EXPECT_FALSE(other->slowdown.has_value());
}

// A mailbox's max_per_run shared by the workers of one run: whichever connection claims, no more
// than the limit are claimed; one given back may be claimed again; another run, or another
// mailbox, counts from zero.
TEST_P(LedgerTest, TheWorkersOfOneRunClaimNoMoreMessagesThanTheMailboxsMaxPerRun) {
  auto first = open_ledger();
  auto second = open_ledger();
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  std::vector<ledger::RunAllowance> allowances;
  for (int claim = 0; claim < 5; ++claim) {
    auto allowance = (claim % 2 == 0 ? first : second)->claim_run_message("acme", "night-1", 3);
    ASSERT_OK(allowance);
    allowances.push_back(*allowance);
  }
  using ledger::RunAllowance;
  EXPECT_EQ(allowances, (std::vector<RunAllowance>{
                          RunAllowance::Claimed, RunAllowance::Claimed, RunAllowance::Claimed,
                          RunAllowance::LimitReached, RunAllowance::LimitReached}));
  ASSERT_OK(second->return_run_message("acme", "night-1"));
  auto again = first->claim_run_message("acme", "night-1", 3);
  ASSERT_OK(again);
  EXPECT_EQ(*again, RunAllowance::Claimed);
  again = second->claim_run_message("acme", "night-1", 3);
  ASSERT_OK(again);
  EXPECT_EQ(*again, RunAllowance::LimitReached);
  auto next_night = first->claim_run_message("acme", "night-2", 3);
  ASSERT_OK(next_night);
  EXPECT_EQ(*next_night, RunAllowance::Claimed);
  auto other = first->claim_run_message("northwind", "night-1", 1);
  ASSERT_OK(other);
  EXPECT_EQ(*other, RunAllowance::Claimed);
  auto none = first->claim_run_message("globex", "night-1", 0);
  ASSERT_OK(none);
  EXPECT_EQ(*none, RunAllowance::LimitReached);
}

// The archive's group sync (pipeline/archive_sync.hpp): a `sending` mark with a PDF not yet
// synced notes it, in the same commit; the notes go once the archive is synced, and with them
// nothing else.
TEST_P(LedgerTest, UnsyncedArchiveCopiesAreNotedWithTheirSendingMarkUntilForgotten) {
  auto ledger = open_ledger();
  ASSERT_NE(ledger, nullptr);
  for (const auto* number : {"2026-1", "2026-2", "2026-3"}) {
    auto record = sending(number, std::string("<") + number + "@mailroom>");
    record.archive_copy = ArchiveCopy::NotYetSynced;
    ASSERT_OK(ledger->mark_sending(record));
  }
  ASSERT_OK(ledger->mark_sending(sending("2026-4", "<2026-4@mailroom>"))); // Synced before.
  ASSERT_OK(ledger->mark_sent(k_job, "2026-2", "", "250 OK"));
  // A second attempt notes it once.
  auto again = sending("2026-3", "<2026-3b@mailroom>");
  again.archive_copy = ArchiveCopy::NotYetSynced;
  ASSERT_OK(ledger->mark_sending(again));

  const auto numbers = [&] {
    std::vector<std::string> noted;
    auto copies = ledger->unsynced_archive_copies(k_job);
    EXPECT_TRUE(copies) << copies.error().to_string();
    if (copies) {
      for (const auto& entry : *copies) {
        EXPECT_EQ(entry.pdf_sha256, std::string(64, 'a')) << entry.number;
        noted.push_back(entry.number);
      }
    }
    return noted;
  };
  EXPECT_EQ(numbers(), (std::vector<std::string>{"2026-1", "2026-2", "2026-3"}));
  auto other_job = ledger->unsynced_archive_copies("another-job");
  ASSERT_OK(other_job);
  EXPECT_TRUE(other_job->empty());

  ASSERT_OK(ledger->forget_unsynced_archive_copies(k_job, {"2026-1", "2026-3", "2026-9"}));
  EXPECT_EQ(numbers(), (std::vector<std::string>{"2026-2"}));
  ASSERT_OK(ledger->forget_unsynced_archive_copies("another-job", {"2026-2"}));
  EXPECT_EQ(numbers(), (std::vector<std::string>{"2026-2"}));
}

TEST(LedgerStateTest, NamesRoundTrip) {
  for (const auto state :
       {State::Sending, State::Sent, State::Failed, State::InvalidAddress, State::Unknown}) {
    const auto parsed = parse_state(state_name(state));
    ASSERT_TRUE(parsed) << state_name(state);
    EXPECT_EQ(*parsed, state);
  }
  EXPECT_EQ(state_name(State::InvalidAddress), "invalid_address");
  EXPECT_EQ(state_name(State::Sending), "sending");
  EXPECT_FALSE(parse_state("Sent"));
  EXPECT_FALSE(parse_state(""));
  EXPECT_FALSE(parse_state("bounced"));
}

} // namespace
} // namespace mailroom::ledger

namespace {

TEST(LedgerResend, AnExplicitResendMarksASentInvoiceAsSendingAgain) {
  mailroom::testing::TemporaryFolder folder;
  auto ledger = mailroom::ledger::Ledger::open(folder / "ledger.db");
  ASSERT_TRUE(ledger) << ledger.error().to_string();
  mailroom::ledger::SendingRecord record{"job", "2026-1", "acme", "a@x.example", "id-1", "hash"};
  ASSERT_TRUE((*ledger)->mark_sending(record));
  ASSERT_TRUE((*ledger)->mark_sent("job", "2026-1", "2026-11-23T10:00:00.000Z", "250 ok"));

  record.message_id = "id-2";
  EXPECT_FALSE((*ledger)->mark_sending(record)) << "a plain mark_sending must not touch a sent row";
  record.resend = mailroom::ledger::Resend::Requested;
  ASSERT_TRUE((*ledger)->mark_sending(record));
  auto entry = (*ledger)->find("job", "2026-1");
  ASSERT_TRUE(entry && *entry);
  EXPECT_EQ((*entry)->state, mailroom::ledger::State::Sending);
  EXPECT_EQ((*entry)->attempts, 2);
  EXPECT_EQ((*entry)->message_id, "id-2");
  EXPECT_EQ((*entry)->sent_at, "");
}

} // namespace
