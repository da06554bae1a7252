// The state `unknown` (a message that went out without a final reply) and the migration of
// version 1 ledgers, which did not allow it, to version 2.

#include <engine/ledger/ledger.hpp>
#include <engine/ledger/schema.hpp>
#include <engine/ledger/sqlite_database.hpp>

#include <gtest/gtest.h>
#include <tests/ledger/ledger_backends.hpp>
#include <tests/ledger/ledger_query.hpp>
#include <tests/support/temporary_folder.hpp>

namespace mailroom::ledger {
namespace {

using testing::TemporaryFolder;

#define ASSERT_OK(expression)                                                                      \
  do {                                                                                             \
    const auto& result_ = (expression);                                                            \
    ASSERT_TRUE(result_) << result_.error().to_string();                                           \
  } while (false)

// The version 1 layout exactly as mailroom 0.1 created it, with two rows and their events.
constexpr std::string_view k_version_1 = R"sql(
CREATE TABLE deliveries (
  job TEXT NOT NULL,
  number TEXT NOT NULL,
  sequence INTEGER NOT NULL UNIQUE,
  creditor TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'failed', 'invalid_address')),
  recipients TEXT NOT NULL DEFAULT '',
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  sent_at TEXT NOT NULL DEFAULT '',
  message_id TEXT NOT NULL DEFAULT '',
  server_reply TEXT NOT NULL DEFAULT '',
  pdf_sha256 TEXT NOT NULL DEFAULT '',
  error TEXT NOT NULL DEFAULT '',
  first_recorded_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (job, number)
);
CREATE INDEX deliveries_in_recorded_order ON deliveries (job, sequence);
CREATE TABLE events (
  sequence INTEGER PRIMARY KEY,
  job TEXT NOT NULL,
  number TEXT NOT NULL,
  at TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'failed', 'invalid_address')),
  attempt INTEGER NOT NULL,
  detail TEXT NOT NULL DEFAULT '',
  FOREIGN KEY (job, number) REFERENCES deliveries (job, number)
);
CREATE INDEX events_by_delivery ON events (job, number, sequence);
INSERT INTO deliveries VALUES ('job', '2026-1', 1, 'acme', 'sent', 'a@x.example', 1,
  '2026-11-20T10:00:00.000Z', '<1@x>', '250 ok', 'hash', '', '2026-11-20T09:59:59.000Z',
  '2026-11-20T10:00:00.000Z');
INSERT INTO deliveries VALUES ('job', '2026-2', 2, 'acme', 'sending', 'b@x.example', 2, '',
  '<2@x>', '', 'hash', '', '2026-11-20T09:59:59.000Z', '2026-11-20T10:00:01.000Z');
INSERT INTO events VALUES (1, 'job', '2026-1', '2026-11-20T09:59:59.000Z', 'sending', 1, 'to: a');
INSERT INTO events VALUES (2, 'job', '2026-1', '2026-11-20T10:00:00.000Z', 'sent', 1, '250 ok');
INSERT INTO events VALUES (3, 'job', '2026-2', '2026-11-20T10:00:01.000Z', 'sending', 2, 'to: b');
PRAGMA user_version = 1;
)sql";

std::string query(const std::filesystem::path& path, std::string_view sql) {
  return testing::query_ledger(path, sql);
}

// On both backends (ledger_backends.hpp).
class LedgerUnknownTest : public testing::LedgerBackendTest {};
MAILROOM_ON_BOTH_BACKENDS(LedgerUnknownTest);

TEST_P(LedgerUnknownTest, ASendingInvoiceCanBeMarkedUnknownWithTheReason) {
  auto ledger = Ledger::open(m_address);
  ASSERT_OK(ledger);
  ASSERT_OK((*ledger)->mark_sending({"job", "2026-1", "acme", "a@x.example", "<1@x>", "hash"}));
  ASSERT_OK((*ledger)->mark_unknown("job", "2026-1", "connection lost after the final dot"));
  auto entry = (*ledger)->find("job", "2026-1");
  ASSERT_OK(entry);
  ASSERT_TRUE(*entry);
  EXPECT_EQ((*entry)->state, State::Unknown);
  EXPECT_EQ((*entry)->error, "connection lost after the final dot");
  EXPECT_EQ((*entry)->sent_at, "");
  EXPECT_EQ(query("SELECT state FROM events ORDER BY sequence DESC"), "unknown");

  // Only from `sending`: an unknown invoice is not unknown twice, a sent one never.
  EXPECT_FALSE((*ledger)->mark_unknown("job", "2026-1", "again"));
  EXPECT_FALSE((*ledger)->mark_unknown("job", "2026-9", "never recorded"));

  // An explicit resend marks it as sending again, counting the attempt.
  ASSERT_OK((*ledger)->mark_sending({"job", "2026-1", "acme", "a@x.example", "<2@x>", "hash"}));
  ASSERT_OK((*ledger)->mark_sent("job", "2026-1", "", "250 ok"));
  EXPECT_FALSE((*ledger)->mark_unknown("job", "2026-1", "too late"));
  entry = (*ledger)->find("job", "2026-1");
  ASSERT_OK(entry);
  EXPECT_EQ((*entry)->state, State::Sent);
  EXPECT_EQ((*entry)->attempts, 2);
}

TEST(LedgerUnknownMigration, AVersionOneLedgerIsMigratedKeepingItsRecordsAndHistory) {
  TemporaryFolder folder;
  const auto path = folder / "ledger.db";
  {
    auto database = SqliteDatabase::open(path);
    ASSERT_OK(database);
    ASSERT_OK((*database)->exec(k_version_1));
  }
  {
    auto ledger = Ledger::open(path);
    ASSERT_OK(ledger);
    auto entries = (*ledger)->entries("job");
    ASSERT_OK(entries);
    ASSERT_EQ(entries->size(), 2u);
    EXPECT_EQ((*entries)[0].number, "2026-1");
    EXPECT_EQ((*entries)[0].state, State::Sent);
    EXPECT_EQ((*entries)[0].sent_at, "2026-11-20T10:00:00.000Z");
    EXPECT_EQ((*entries)[0].server_reply, "250 ok");
    EXPECT_EQ((*entries)[1].number, "2026-2");
    EXPECT_EQ((*entries)[1].state, State::Sending);
    EXPECT_EQ((*entries)[1].attempts, 2);
    // The new state is allowed now, in both tables.
    ASSERT_OK((*ledger)->mark_unknown("job", "2026-2", "no final reply"));
    // New rows continue the old sequence.
    ASSERT_OK((*ledger)->mark_failed("job", "2026-3", "acme", "bad data"));
    entries = (*ledger)->entries("job");
    ASSERT_OK(entries);
    ASSERT_EQ(entries->size(), 3u);
    EXPECT_EQ((*entries)[2].number, "2026-3");
  }
  // Migrated through version 2 to this build's version, whose register knows the two invoices.
  EXPECT_EQ(query(path, "PRAGMA user_version"), std::to_string(schema::k_version));
  EXPECT_EQ(query(path, "SELECT count(*) FROM events"), "5");
  EXPECT_EQ(query(path, "SELECT group_concat(number || ':' || facts, ',') FROM invoices"),
            "2026-1:unknown,2026-2:unknown");
  EXPECT_EQ(query(path, "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema "
                        "WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%' ORDER BY "
                        "name)"),
            "archive_unsynced,bank_entries,bank_statements,bank_statements_by_account,deliveries,"
            "deliveries_by_invoice,deliveries_in_recorded_order,events,"
            "events_by_delivery,invoices,invoices_by_creditor,invoices_by_debtor,"
            "invoices_by_due_date,invoices_by_number,invoices_by_payment_reference,"
            "invoices_by_total,invoices_crediting,invoices_in_issue_order,mailbox_pace,"
            "mailbox_run_messages,payments,"
            "payments_by_invoice,payments_by_key,"
            "recipient_overrides,recipient_overrides_by_invoice");
  EXPECT_EQ(query(path, "SELECT count(*) FROM pragma_foreign_key_check"), "0");
  EXPECT_NE(query(path, "SELECT sql FROM sqlite_schema WHERE name = 'events'")
              .find("REFERENCES deliveries (job, number)"),
            std::string::npos);
  // Opening again changes nothing.
  ASSERT_OK(Ledger::open(path));
  EXPECT_EQ(query(path, "SELECT count(*) FROM deliveries"), "3");
}

} // namespace
} // namespace mailroom::ledger
