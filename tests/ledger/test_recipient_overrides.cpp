// Recipient overrides in a real SQLite ledger: the latest is in force and every one is kept, a
// clearing row sends the invoice back to its data's addresses, an invoice not in the register is
// refused, the register's rows carry the override in force, and a version 4 ledger gains the
// table when it is opened, keeping everything it held.

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

InvoiceFacts facts(std::string number, std::string creditor = "acme") {
  InvoiceFacts facts;
  facts.creditor = std::move(creditor);
  facts.number = std::move(number);
  facts.issue_date = "2026-11-20";
  facts.due_date = "2026-12-20";
  facts.currency = "EUR";
  facts.subtotal_cents = 10000;
  facts.vat_cents = 2100;
  facts.total_cents = 12100;
  facts.debtor_id = "D-7";
  facts.debtor_name = "Bakkerij Élan";
  facts.recipients = "boekhouding@elan.example";
  facts.language = "nl";
  facts.job = "november";
  facts.source = "invoices.jsonl:3";
  return facts;
}

std::string query(const std::filesystem::path& path, std::string_view sql) {
  return testing::query_ledger(path, sql);
}

// On both backends (ledger_backends.hpp).
class RecipientOverrideTest : public testing::LedgerBackendTest {
protected:
  void SetUp() override {
    m_ledger = open_ledger();
    ASSERT_NE(m_ledger, nullptr);
    for (const auto& invoice : {facts("2026-1"), facts("2026-2"), facts("2026-1", "northwind")}) {
      ASSERT_OK(m_ledger->record_facts(invoice));
    }
  }

  std::optional<RecipientOverride> in_force(std::string_view number,
                                            std::string_view creditor = "acme") {
    auto found = m_ledger->recipient_override(creditor, number);
    EXPECT_TRUE(found) << found.error().to_string();
    return found ? *found : std::nullopt;
  }

  std::vector<RecipientOverride> history(std::string_view number) {
    auto found = m_ledger->recipient_overrides("acme", number);
    EXPECT_TRUE(found) << found.error().to_string();
    return found ? *found : std::vector<RecipientOverride>{};
  }

  std::string row_override(std::string_view number) {
    auto row = m_ledger->register_row("acme", number);
    EXPECT_TRUE(row && *row);
    return row && *row ? (*row)->override_recipients : "(no row)";
  }

  std::unique_ptr<Ledger> m_ledger;
};
MAILROOM_ON_BOTH_BACKENDS(RecipientOverrideTest);

TEST_P(RecipientOverrideTest, AnInvoiceWithoutAnOverrideGoesToItsData) {
  EXPECT_FALSE(in_force("2026-1"));
  EXPECT_TRUE(history("2026-1").empty());
  EXPECT_EQ(row_override("2026-1"), "");
}

TEST_P(RecipientOverrideTest, TheLatestOverrideIsInForceAndEveryOneIsKept) {
  ASSERT_OK(m_ledger->set_recipient_override("acme", "2026-1", "ap@elan.example", "new clerk"));
  ASSERT_OK(m_ledger->set_recipient_override("acme", "2026-1", "a@elan.example; b@elan.example",
                                             "two of them"));
  const auto current = in_force("2026-1");
  ASSERT_TRUE(current);
  EXPECT_EQ(current->recipients, "a@elan.example; b@elan.example");
  EXPECT_EQ(current->note, "two of them");
  EXPECT_EQ(current->creditor, "acme");
  EXPECT_EQ(current->number, "2026-1");
  // UTC ISO 8601 with milliseconds, as the ledger writes every time.
  EXPECT_EQ(current->set_at.size(), std::string_view("2026-12-07T12:00:00.000Z").size())
    << current->set_at;
  EXPECT_TRUE(current->set_at.ends_with("Z"));
  EXPECT_EQ(row_override("2026-1"), "a@elan.example; b@elan.example");

  const auto rows = history("2026-1");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].recipients, "ap@elan.example");
  EXPECT_EQ(rows[0].note, "new clerk");
  EXPECT_EQ(rows[1].recipients, "a@elan.example; b@elan.example");
  EXPECT_LT(rows[0].sequence, rows[1].sequence);
  EXPECT_LE(rows[0].set_at, rows[1].set_at);
  // Only that invoice: the other creditor's invoice of the same number and the next invoice keep
  // their data's addresses.
  EXPECT_FALSE(in_force("2026-2"));
  EXPECT_FALSE(in_force("2026-1", "northwind"));
  EXPECT_EQ(row_override("2026-2"), "");
  // The invoice data's addresses in the register are never touched.
  auto found = m_ledger->find_invoice("acme", "2026-1");
  ASSERT_OK(found);
  EXPECT_EQ((*found)->facts.recipients, "boekhouding@elan.example");
}

TEST_P(RecipientOverrideTest, ClearingSendsTheInvoiceBackToItsDataAndIsKeptInTheHistory) {
  ASSERT_OK(m_ledger->set_recipient_override("acme", "2026-1", "ap@elan.example", ""));
  ASSERT_OK(m_ledger->set_recipient_override("acme", "2026-1", "", "address fixed in the data"));
  EXPECT_FALSE(in_force("2026-1"));
  EXPECT_EQ(row_override("2026-1"), "");
  auto rows = history("2026-1");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_TRUE(rows[1].is_cleared());
  EXPECT_EQ(rows[1].note, "address fixed in the data");
  // A new override after the clearing is in force again.
  ASSERT_OK(m_ledger->set_recipient_override("acme", "2026-1", "late@elan.example", ""));
  ASSERT_TRUE(in_force("2026-1"));
  EXPECT_EQ(in_force("2026-1")->recipients, "late@elan.example");
  EXPECT_EQ(history("2026-1").size(), 3u);
}

TEST_P(RecipientOverrideTest, ClearingWhenNoneIsInForceIsRefused) {
  auto refused = m_ledger->set_recipient_override("acme", "2026-1", "", "");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message, "invoice 2026-1 of creditor acme has no recipient override "
                                     "to clear: it goes to the addresses of its invoice data");
  ASSERT_OK(m_ledger->set_recipient_override("acme", "2026-1", "ap@elan.example", ""));
  ASSERT_OK(m_ledger->set_recipient_override("acme", "2026-1", "", ""));
  EXPECT_FALSE(m_ledger->set_recipient_override("acme", "2026-1", "", ""));
  EXPECT_EQ(history("2026-1").size(), 2u);
}

TEST_P(RecipientOverrideTest, AnInvoiceNotInTheRegisterIsRefused) {
  auto refused = m_ledger->set_recipient_override("acme", "2026-999", "ap@elan.example", "");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message, "the register has no invoice 2026-999 of creditor acme: an "
                                     "override is kept only for an invoice a run has read");
  EXPECT_FALSE(m_ledger->set_recipient_override("other", "2026-1", "ap@elan.example", ""));
  EXPECT_EQ(query("SELECT count(*) FROM recipient_overrides"), "0");
}

TEST_P(RecipientOverrideTest, AnOverrideIsSyncedToDiskWhenItIsSet) {
  const auto syncs = m_ledger->commit_statistics().syncs;
  ASSERT_OK(m_ledger->set_recipient_override("acme", "2026-2", "ap@elan.example", "phoned"));
  EXPECT_EQ(m_ledger->commit_statistics().syncs, syncs + 1);
  // Read by a connection of its own, as another process would.
  EXPECT_EQ(query("SELECT recipients || '|' || note FROM recipient_overrides"),
            "ap@elan.example|phoned");
  m_ledger.reset();
  auto reopened = Ledger::open(m_address);
  ASSERT_OK(reopened);
  auto found = (*reopened)->recipient_override("acme", "2026-2");
  ASSERT_OK(found);
  ASSERT_TRUE(*found);
  EXPECT_EQ((*found)->recipients, "ap@elan.example");
}

TEST(RecipientOverrideMigration, AVersionFourLedgerKeepsEverythingAndGainsRecipientOverrides) {
  TemporaryFolder folder;
  const auto path = folder / "ledger.db";
  {
    auto ledger = Ledger::open(path);
    ASSERT_OK(ledger);
    auto invoice = facts("2026-1");
    invoice.debtor_address = "Dorpsstraat 5\n1234 AB Ergens";
    ASSERT_OK((*ledger)->record_facts(invoice));
    ASSERT_OK((*ledger)->mark_sending(SendingRecord{"november", "2026-1", "acme",
                                                    "boekhouding@elan.example", "<1@mailroom>",
                                                    std::string(64, 'b')}));
    ASSERT_OK((*ledger)->mark_sent("november", "2026-1", "2026-11-20T22:00:00.000Z", "250 ok"));
  }
  {
    // Version 4 is today's file without the recipient overrides and the list's indexes.
    auto database = SqliteDatabase::open(path);
    ASSERT_OK(database);
    ASSERT_OK((*database)->exec("DROP TABLE archive_unsynced; DROP TABLE mailbox_run_messages; "
                                "DROP TABLE mailbox_pace; DROP TABLE recipient_overrides; "
                                "DROP INDEX invoices_by_number; DROP INDEX invoices_by_debtor; "
                                "DROP INDEX invoices_by_total; DROP INDEX invoices_by_due_date; "
                                "DROP INDEX invoices_by_creditor; "
                                "PRAGMA user_version = 4;"));
  }
  EXPECT_EQ(query(path, "PRAGMA user_version"), "4");
  EXPECT_EQ(query(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'recipient_overrides'"),
            "0");
  auto ledger = Ledger::open(path);
  ASSERT_OK(ledger);
  EXPECT_EQ(query(path, "PRAGMA user_version"), std::to_string(schema::k_version));
  EXPECT_EQ(query(path, "SELECT count(*) FROM deliveries"), "1");
  EXPECT_EQ(query(path, "SELECT count(*) FROM events"), "2");
  EXPECT_EQ(query(path, "SELECT number || '|' || debtor_address || '|' || (issued_at <> '') "
                        "FROM invoices"),
            "2026-1|Dorpsstraat 5\n1234 AB Ergens|1");
  auto row = (*ledger)->register_row("acme", "2026-1");
  ASSERT_OK(row);
  ASSERT_TRUE(*row);
  EXPECT_EQ((*row)->delivery, State::Sent);
  EXPECT_EQ((*row)->override_recipients, "");
  // The new table works in the migrated file, its foreign key included.
  ASSERT_OK((*ledger)->set_recipient_override("acme", "2026-1", "ap@elan.example", "after"));
  EXPECT_EQ(query(path, "SELECT recipients FROM recipient_overrides"), "ap@elan.example");
  EXPECT_EQ(query(path, "SELECT count(*) FROM pragma_foreign_key_check"), "0");
  // Opening again changes nothing.
  ledger->reset();
  ASSERT_OK(Ledger::open(path));
  EXPECT_EQ(query(path, "SELECT count(*) FROM recipient_overrides"), "1");
}

} // namespace
} // namespace mailroom::ledger
