// What only the PostgreSQL ledger has: the dialect its connection translates to, its schema's
// version rules in a table of their own, the password from an environment variable, the copy
// between backends, and the advisory run lock. Run against the suite's real PostgreSQL server.

#include <engine/ledger/ledger.hpp>
#include <engine/ledger/ledger_copy.hpp>
#include <engine/ledger/postgresql_database.hpp>
#include <engine/ledger/postgresql_dialect.hpp>
#include <engine/ledger/run_lock.hpp>
#include <engine/ledger/schema.hpp>

#include <gtest/gtest.h>
#include <tests/ledger/ledger_backends.hpp>
#include <tests/support/postgresql_server.hpp>
#include <tests/support/temporary_folder.hpp>
#include <unistd.h>

#include <cstdlib>
#include <map>
#include <thread>

namespace mailroom::ledger {
namespace {

using testing::postgresql_server;
using testing::TemporaryFolder;

#define ASSERT_OK(expression)                                                                      \
  do {                                                                                             \
    const auto& result_ = (expression);                                                            \
    ASSERT_TRUE(result_) << result_.error().to_string();                                           \
  } while (false)

Address postgresql(const std::string& url) {
  return address_from_command_line(url);
}

TEST(PostgresqlDialect, ParametersBecomeNumberedDollarsOutsideTexts) {
  EXPECT_EQ(to_postgresql("SELECT ?1, '?2', ?12 FROM t WHERE a = 'it''s ?3' AND b = ?3"),
            "SELECT $1, '?2', $12 FROM t WHERE a = 'it''s ?3' AND b = $3");
  EXPECT_EQ(parameter_count("SELECT $1, '$9', $12"), 12);
  EXPECT_EQ(parameter_count("SELECT 1"), 0);
  EXPECT_EQ(to_postgresql("BEGIN IMMEDIATE"), "BEGIN");
  EXPECT_EQ(to_postgresql("VALUES ((SELECT coalesce(max(sequence), 0) + 1 FROM deliveries))"),
            "VALUES (nextval('deliveries_sequence'))");
  EXPECT_EQ(to_postgresql("ORDER BY i.debtor_name COLLATE NOCASE DESC"),
            "ORDER BY lower(i.debtor_name) DESC");
}

TEST(PostgresqlUrl, APasswordIsNeverShownNorAcceptedInAJob) {
  EXPECT_EQ(shown_postgresql_url("postgresql://mailroom:secret@db/ledger"),
            "postgresql://mailroom@db/ledger");
  EXPECT_EQ(shown_postgresql_url("postgresql://mailroom@db/ledger"),
            "postgresql://mailroom@db/ledger");
  EXPECT_EQ(shown_postgresql_url("postgresql:///ledger?host=/run/postgresql"),
            "postgresql:///ledger?host=/run/postgresql");
  EXPECT_TRUE(postgresql_url_problem("postgresql://mailroom:secret@db/ledger"));
  EXPECT_TRUE(postgresql_url_problem("postgresql://db/ledger?password=secret"));
  EXPECT_FALSE(postgresql_url_problem("postgresql://mailroom@db/ledger"));
}

TEST(PostgresqlLedger, ANewerSchemaVersionIsRefusedAndLeftAsItWas) {
  const auto url = testing::new_postgresql_database();
  ASSERT_OK(Ledger::open(postgresql(url)));
  const auto newer = std::to_string(schema::k_version + 1);
  {
    auto database = PostgresqlDatabase::open(url, "");
    ASSERT_OK(database);
    ASSERT_OK((*database)->exec("UPDATE mailroom_schema SET version = " + newer));
  }
  auto ledger = Ledger::open(postgresql(url));
  ASSERT_FALSE(ledger);
  EXPECT_NE(ledger.error().message.find("schema version " + newer + ", newer"), std::string::npos)
    << ledger.error().message;
  EXPECT_EQ(ledger.error().location.file, url);
}

// The first PostgreSQL ledgers had version 5: opened, they gain the mailboxes' schedule and the
// archive's notes.
TEST(PostgresqlLedger, AVersionFiveLedgerGainsTheMailboxScheduleAndTheArchiveNotes) {
  const auto url = testing::new_postgresql_database();
  {
    auto ledger = Ledger::open(postgresql(url));
    ASSERT_OK(ledger);
    ASSERT_OK((*ledger)->mark_sending({"job", "2026-1", "acme", "a@x.example", "<1@x>", "hash"}));
  }
  {
    auto database = PostgresqlDatabase::open(url, "");
    ASSERT_OK(database);
    ASSERT_OK((*database)->exec(
      "DROP TABLE archive_unsynced; DROP TABLE mailbox_run_messages; DROP TABLE mailbox_pace; "
      "UPDATE mailroom_schema SET version = 5"));
  }
  auto ledger = Ledger::open(postgresql(url));
  ASSERT_OK(ledger);
  auto slot = (*ledger)->claim_send_slot("acme", 1000, 10);
  ASSERT_OK(slot);
  EXPECT_EQ(slot->at, 1000);
  auto noted = (*ledger)->unsynced_archive_copies("job");
  ASSERT_OK(noted);
  EXPECT_TRUE(noted->empty());
  auto entries = (*ledger)->entries("job");
  ASSERT_OK(entries);
  EXPECT_EQ(entries->size(), 1u);
  auto database = PostgresqlDatabase::open(url, "");
  ASSERT_OK(database);
  auto statement = (*database)->prepare("SELECT version FROM mailroom_schema");
  ASSERT_OK(statement);
  ASSERT_OK(statement->step());
  EXPECT_EQ(statement->column_text(0), std::to_string(schema::k_version));
}

// Version 7 to 8, as tests/ledger/test_ledger.cpp has it for SQLite.
TEST(PostgresqlLedger, AVersionSevenLedgerGainsTheSlowdownAndMaxPerRunTheWorkersShare) {
  const auto url = testing::new_postgresql_database();
  {
    auto ledger = Ledger::open(postgresql(url));
    ASSERT_OK(ledger);
    ASSERT_OK((*ledger)->claim_send_slot("acme", 1'000, 10));
  }
  {
    auto database = PostgresqlDatabase::open(url, "");
    ASSERT_OK(database);
    ASSERT_OK((*database)->exec("DROP TABLE mailbox_run_messages; ALTER TABLE mailbox_pace DROP "
                                "COLUMN slowed_interval, DROP COLUMN slowed_at; UPDATE "
                                "mailroom_schema SET version = 7"));
  }
  auto ledger = Ledger::open(postgresql(url));
  ASSERT_OK(ledger);
  testing::expect_shared_mailbox_limits_after_migration(**ledger);
}

TEST(PostgresqlLedger, ADatabaseWithOtherTablesIsRefused) {
  const auto url = testing::new_postgresql_database();
  {
    auto database = PostgresqlDatabase::open(url, "");
    ASSERT_OK(database);
    ASSERT_OK((*database)->exec("CREATE TABLE customers (name text)"));
  }
  auto ledger = Ledger::open(postgresql(url));
  ASSERT_FALSE(ledger);
  EXPECT_NE(ledger.error().message.find("not a mailroom ledger"), std::string::npos)
    << ledger.error().message;
}

TEST(PostgresqlLedger, WorkersStartingTogetherCreateTheSchemaOnce) {
  const auto url = testing::new_postgresql_database();
  std::vector<std::thread> threads;
  std::vector<int> failures(6, 0);
  for (int thread = 0; thread < 6; ++thread) {
    threads.emplace_back([&, thread] {
      if (!Ledger::open(postgresql(url))) {
        failures[static_cast<size_t>(thread)] = 1;
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  for (const int failed : failures) {
    EXPECT_EQ(failed, 0);
  }
  EXPECT_EQ(postgresql_server().query(
              url.substr(url.find(":///") + 4, url.find('?') - url.find(":///") - 4),
              "SELECT count(*) FROM mailroom_schema"),
            "1");
}

TEST(PostgresqlLedger, ThePasswordComesFromTheVariableTheJobNames) {
  const auto url = testing::new_postgresql_database();
  auto address = postgresql(url);
  address.password_env = "MAILROOM_TEST_UNSET_PASSWORD";
  ::unsetenv("MAILROOM_TEST_UNSET_PASSWORD");
  auto ledger = Ledger::open(address);
  ASSERT_FALSE(ledger);
  EXPECT_NE(ledger.error().message.find("MAILROOM_TEST_UNSET_PASSWORD (ledger_password_env) is "
                                        "not set"),
            std::string::npos)
    << ledger.error().message;
  // The server trusts its socket, so any password opens it; the variable is what was read.
  ::setenv("MAILROOM_TEST_UNSET_PASSWORD", "anything", 1);
  ASSERT_OK(Ledger::open(address));
  ::unsetenv("MAILROOM_TEST_UNSET_PASSWORD");
}

TEST(PostgresqlLedger, AnUnreachableServerIsAClearError) {
  TemporaryFolder nowhere;
  auto ledger = Ledger::open(postgresql("postgresql:///ledger?host=" + nowhere.path().string()));
  ASSERT_FALSE(ledger);
  EXPECT_NE(ledger.error().message.find("cannot connect to the ledger's database"),
            std::string::npos)
    << ledger.error().message;
}

TEST(PostgresqlRunLock, TheSameJobAndShardTwiceIsRefusedNamingTheHolder) {
  const auto url = testing::new_postgresql_database();
  {
    auto first = RunLock::acquire(postgresql(url), "nightly", "1/4");
    ASSERT_OK(first);
    auto second = RunLock::acquire(postgresql(url), "nightly", "1/4");
    ASSERT_FALSE(second);
    EXPECT_NE(second.error().message.find("job nightly, shard 1/4 is already running (mailroom " +
                                          std::to_string(::getpid()) + "@"),
              std::string::npos)
      << second.error().message;
    // Another shard, another job: locks of their own.
    ASSERT_OK(RunLock::acquire(postgresql(url), "nightly", "2/4"));
    ASSERT_OK(RunLock::acquire(postgresql(url), "weekly", "1/4"));
  }
  // Released with its connection.
  ASSERT_OK(RunLock::acquire(postgresql(url), "nightly", "1/4"));
}

// SQLite into PostgreSQL and back: every row of every table, checked.
TEST(LedgerCopy, ASqliteLedgerGoesToPostgresqlAndBackUnchanged) {
  TemporaryFolder folder;
  const auto sqlite = sqlite_address(folder / "ledger.db");
  {
    auto ledger = Ledger::open(sqlite);
    ASSERT_OK(ledger);
    InvoiceFacts facts;
    facts.creditor = "acme";
    facts.number = "2026-1";
    facts.issue_date = "2026-11-20";
    facts.currency = "EUR";
    facts.total_cents = 12100;
    facts.debtor_name = "Bakkerij Élan";
    ASSERT_OK((*ledger)->record_facts(facts));
    ASSERT_OK((*ledger)->mark_sending({"job", "2026-1", "acme", "a@x.example", "<1@x>", "hash"}));
    ASSERT_OK((*ledger)->mark_sent("job", "2026-1", "", "250 ok"));
    ASSERT_OK((*ledger)->mark_failed("job", "2026-2", "acme", "no address"));
    PaymentRecord payment;
    payment.creditor = "acme";
    payment.number = "2026-1";
    payment.amount_cents = 5000;
    payment.currency = "EUR";
    payment.paid_on = "2026-11-25";
    ASSERT_OK((*ledger)->add_payment(payment, RepeatedPayment::Intended));
    ASSERT_OK((*ledger)->set_recipient_override("acme", "2026-1", "b@x.example", "moved"));
  }
  const auto url = testing::new_postgresql_database();
  auto copied = copy_ledger(sqlite, postgresql(url));
  ASSERT_OK(copied);
  std::map<std::string, std::int64_t> rows;
  for (const auto& table : *copied) {
    rows[table.name] = table.rows;
  }
  EXPECT_EQ(rows["deliveries"], 2);
  EXPECT_EQ(rows["events"], 3);
  EXPECT_EQ(rows["invoices"], 1);
  EXPECT_EQ(rows["payments"], 1);
  EXPECT_EQ(rows["recipient_overrides"], 1);

  // The copy is a working ledger: new rows number on after the copied ones.
  {
    auto ledger = Ledger::open(postgresql(url));
    ASSERT_OK(ledger);
    ASSERT_OK((*ledger)->mark_sending({"job", "2026-3", "acme", "c@x.example", "<3@x>", "h"}));
    auto entries = (*ledger)->entries("job");
    ASSERT_OK(entries);
    ASSERT_EQ(entries->size(), 3u);
    EXPECT_EQ((*entries)[2].number, "2026-3");
    auto row = (*ledger)->register_row("acme", "2026-1");
    ASSERT_OK(row);
    ASSERT_TRUE(*row);
    EXPECT_EQ((*row)->paid_cents, 5000);
    EXPECT_EQ((*row)->invoice.facts.debtor_name, "Bakkerij Élan");
  }
  // And back into a new SQLite file.
  ASSERT_OK(copy_ledger(postgresql(url), sqlite_address(folder / "back.db")));

  // Into a ledger that holds rows: refused, nothing written.
  auto again = copy_ledger(sqlite, postgresql(url));
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("already holds"), std::string::npos)
    << again.error().message;
}

} // namespace
} // namespace mailroom::ledger
