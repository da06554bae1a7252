// The invoice register and its payments in a real SQLite ledger: facts that change until the
// invoice is issued and never after, what a row says of credit notes, payments and deliveries, a
// payment entered twice, and the migration of a version 2 ledger.

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

InvoiceFacts facts(std::string number, std::int64_t total_cents = 146790) {
  InvoiceFacts facts;
  facts.creditor = "acme";
  facts.number = std::move(number);
  facts.issue_date = "2026-11-20";
  facts.due_date = "2026-12-20";
  facts.currency = "EUR";
  facts.subtotal_cents = total_cents * 100 / 121;
  facts.vat_cents = total_cents - facts.subtotal_cents;
  facts.total_cents = total_cents;
  facts.debtor_id = "D-7";
  facts.debtor_name = "Bakkerij Élan";
  facts.recipients = "boekhouding@elan.example";
  facts.language = "nl";
  facts.payment_reference = "RF712026000123";
  facts.creditor_iban = "NL91ABNA0417164300";
  facts.job = "november";
  facts.source = "invoices.jsonl:3";
  return facts;
}

SendingRecord sending(std::string_view number) {
  return SendingRecord{"november",     std::string(number), "acme", "boekhouding@elan.example",
                       "<1@mailroom>", std::string(64, 'b')};
}

PaymentRecord payment(std::string_view number, std::int64_t cents, std::string key = {}) {
  PaymentRecord record;
  record.creditor = "acme";
  record.number = number;
  record.amount_cents = cents;
  record.currency = "EUR";
  record.paid_on = "2026-11-25";
  record.method = PaymentMethod::Bank;
  record.key = std::move(key);
  return record;
}

// On both backends (ledger_backends.hpp).
class RegisterTest : public testing::LedgerBackendTest {
protected:
  void SetUp() override {
    m_ledger = open_ledger();
    ASSERT_NE(m_ledger, nullptr);
  }

  Registration record(const InvoiceFacts& invoice) {
    auto recorded = m_ledger->record_facts(invoice);
    EXPECT_TRUE(recorded) << recorded.error().to_string();
    return recorded ? recorded->registration : Registration::Conflict;
  }

  // Records and sends the invoice: it is issued.
  void issue(const InvoiceFacts& invoice) {
    EXPECT_NE(record(invoice), Registration::Conflict);
    ASSERT_OK(m_ledger->mark_sending(sending(invoice.number)));
    ASSERT_OK(m_ledger->mark_sent("november", invoice.number, "2026-11-20T22:00:00.000Z", "250"));
  }

  RegisterRow row(std::string_view number) {
    auto found = m_ledger->register_row("acme", number);
    EXPECT_TRUE(found) << found.error().to_string();
    return found && *found ? **found : RegisterRow{};
  }

  std::unique_ptr<Ledger> m_ledger;
};
MAILROOM_ON_BOTH_BACKENDS(RegisterTest);

TEST_P(RegisterTest, FactsMayChangeUntilTheInvoiceIsFirstSent) {
  EXPECT_EQ(record(facts("2026-000123")), Registration::New);
  EXPECT_EQ(record(facts("2026-000123")), Registration::Unchanged);
  EXPECT_EQ(record(facts("2026-000123", 150000)), Registration::Updated);
  auto found = m_ledger->find_invoice("acme", "2026-000123");
  ASSERT_OK(found);
  ASSERT_TRUE(*found);
  EXPECT_EQ((*found)->facts.total_cents, 150000);
  EXPECT_EQ((*found)->facts.debtor_name, "Bakkerij Élan");
  EXPECT_EQ((*found)->known, FactsKnown::Recorded);
  EXPECT_FALSE((*found)->is_issued());
  EXPECT_EQ((*found)->pdf_sha256, "");

  ASSERT_OK(m_ledger->mark_sending(sending("2026-000123")));
  found = m_ledger->find_invoice("acme", "2026-000123");
  ASSERT_OK(found);
  EXPECT_TRUE((*found)->is_issued());
  EXPECT_EQ((*found)->pdf_sha256, std::string(64, 'b'));
}

TEST_P(RegisterTest, AnIssuedInvoiceNeverChanges) {
  issue(facts("2026-000123"));
  auto changed = m_ledger->record_facts(facts("2026-000123", 150000));
  ASSERT_OK(changed);
  EXPECT_EQ(changed->registration, Registration::Conflict);
  EXPECT_EQ(changed->differing_field, "total");
  ASSERT_TRUE(changed->issued);
  EXPECT_EQ(changed->issued->facts.total_cents, 146790);

  auto later_due = facts("2026-000123");
  later_due.due_date = "2027-01-31";
  changed = m_ledger->record_facts(later_due);
  ASSERT_OK(changed);
  EXPECT_EQ(changed->differing_field, "due date");

  auto other_debtor = facts("2026-000123");
  other_debtor.debtor_id = "D-8";
  EXPECT_EQ(record(other_debtor), Registration::Conflict);

  // Sent again to another address, from another job: the same document.
  auto other_address = facts("2026-000123");
  other_address.recipients = "nieuw@elan.example";
  other_address.job = "december";
  EXPECT_EQ(record(other_address), Registration::Unchanged);

  const auto kept = m_ledger->find_invoice("acme", "2026-000123");
  ASSERT_OK(kept);
  EXPECT_EQ((*kept)->facts.total_cents, 146790);
  EXPECT_EQ((*kept)->facts.due_date, "2026-12-20");
  EXPECT_EQ((*kept)->facts.recipients, "boekhouding@elan.example");
  EXPECT_EQ((*kept)->facts.job, "november");
}

TEST_P(RegisterTest, ARowAddsUpCreditNotesPaymentsAndTheDelivery) {
  issue(facts("2026-000123"));
  auto credit_note = facts("2026-000130", -20000);
  credit_note.kind = RegisterKind::CreditNote;
  credit_note.credits = "2026-000123";
  issue(credit_note);
  // A credit note never sent credits nothing yet.
  auto draft = facts("2026-000131", -5000);
  draft.kind = RegisterKind::CreditNote;
  draft.credits = "2026-000123";
  EXPECT_EQ(record(draft), Registration::New);

  ASSERT_OK(m_ledger->add_payment(payment("2026-000123", 50000), RepeatedPayment::AskFirst));
  auto later = payment("2026-000123", 10000);
  later.paid_on = "2026-12-01";
  ASSERT_OK(m_ledger->add_payment(later, RepeatedPayment::AskFirst));
  auto reversal = payment("2026-000123", -10000);
  reversal.paid_on = "2026-12-02";
  ASSERT_OK(m_ledger->add_payment(reversal, RepeatedPayment::AskFirst));

  const auto invoice = row("2026-000123");
  EXPECT_EQ(invoice.credited_cents, 20000);
  EXPECT_EQ(invoice.paid_cents, 50000);
  EXPECT_EQ(invoice.last_paid_on, "2026-12-02");
  EXPECT_EQ(invoice.delivery, State::Sent);
  EXPECT_EQ(invoice.sent_at, "2026-11-20T22:00:00.000Z");

  // A later failed delivery in another job does not make a sent invoice unsent.
  ASSERT_OK(m_ledger->mark_failed("december", "2026-000123", "acme", "bad data"));
  EXPECT_EQ(row("2026-000123").delivery, State::Sent);
  EXPECT_EQ(row("2026-000131").delivery, std::nullopt);
}

TEST_P(RegisterTest, ARemindersLevelsAreDeliveriesOfTheirOwnCountedOnceAccepted) {
  issue(facts("2026-000123"));
  EXPECT_EQ(reminder_document("2026-000123", 2, "acme"), "2026-000123#reminder-2@acme");
  EXPECT_EQ(reminder_level("2026-000123#reminder-2@acme", "2026-000123"), 2u);
  EXPECT_EQ(reminder_level("2026-000123#reminder-12", "2026-000123"), 12u);
  EXPECT_EQ(reminder_level("2026-000123#reminder-x@acme", "2026-000123"), std::nullopt);
  EXPECT_EQ(reminder_level("2026-000124#reminder-1@acme", "2026-000123"), std::nullopt);
  EXPECT_EQ(reminder_level("2026-000123", "2026-000123"), std::nullopt);
  const auto remind = [&](std::string_view job, unsigned level, bool accepted) {
    auto record = sending(reminder_document("2026-000123", level, "acme"));
    record.job = job;
    ASSERT_OK(m_ledger->mark_sending(record));
    if (accepted) {
      ASSERT_OK(m_ledger->mark_sent(job, record.number, "2026-12-18T06:00:00.000Z", "250 ok"));
    } else {
      ASSERT_OK(m_ledger->mark_unknown(job, record.number, "connection lost"));
    }
  };
  remind("december", 1, true);
  remind("january", 1, true); // Sent again by another job (--resend): still one level.
  remind("january", 2, false);
  EXPECT_EQ(row("2026-000123").reminders_sent, 1);
  // A reminder leaves the invoice's own facts and delivery alone.
  EXPECT_EQ(row("2026-000123").delivery, State::Sent);
  EXPECT_EQ(row("2026-000123").invoice.pdf_sha256, std::string(64, 'b'));
  const auto sent = m_ledger->sent_reminders("acme", "2026-000123");
  ASSERT_OK(sent);
  ASSERT_EQ(sent->size(), 1u);
  EXPECT_EQ((*sent)[0].level, 1u);
  EXPECT_EQ((*sent)[0].sent_at, "2026-12-18T06:00:00.000Z");
  // Another invoice whose number begins alike has none.
  issue(facts("2026-0001234"));
  EXPECT_EQ(row("2026-0001234").reminders_sent, 0);
}

TEST_P(RegisterTest, RowsComeInIssueDateOrderAndFilterByCreditorAndDates) {
  auto late = facts("2026-000200");
  late.issue_date = "2026-11-30";
  auto early = facts("2026-000300");
  early.issue_date = "2026-11-01";
  auto other = facts("2026-000100");
  other.creditor = "globex";
  for (const auto& invoice : {late, early, other, facts("2026-000123")}) {
    EXPECT_EQ(record(invoice), Registration::New);
  }
  const auto numbers = [&](const RegisterQuery& query) {
    std::string listed;
    const auto status =
      m_ledger->each_register_row(query, [&](const RegisterRow& found) -> Result<Reading> {
        listed += found.invoice.facts.creditor + "/" + found.invoice.facts.number + " ";
        return Reading::GoOn;
      });
    EXPECT_TRUE(status) << status.error().to_string();
    return listed;
  };
  EXPECT_EQ(numbers({}), "acme/2026-000300 globex/2026-000100 acme/2026-000123 acme/2026-000200 ");
  EXPECT_EQ(numbers({"acme", "", ""}), "acme/2026-000300 acme/2026-000123 acme/2026-000200 ");
  EXPECT_EQ(numbers({"", "2026-11-20", "2026-11-29"}), "globex/2026-000100 acme/2026-000123 ");

  // Each order is total, in both directions.
  const auto sorted = [](RegisterOrder order, SortDirection direction) {
    RegisterQuery query;
    query.order = order;
    query.direction = direction;
    return query;
  };
  EXPECT_EQ(numbers(sorted(RegisterOrder::Number, SortDirection::Ascending)),
            "globex/2026-000100 acme/2026-000123 acme/2026-000200 acme/2026-000300 ");
  EXPECT_EQ(numbers(sorted(RegisterOrder::IssueDate, SortDirection::Descending)),
            "acme/2026-000200 acme/2026-000123 globex/2026-000100 acme/2026-000300 ");
  EXPECT_EQ(numbers(sorted(RegisterOrder::Creditor, SortDirection::Descending)),
            "globex/2026-000100 acme/2026-000200 acme/2026-000123 acme/2026-000300 ");

  // The delivery and reverse charge are judged by the register's query.
  issue(facts("2026-000123"));
  RegisterQuery not_sent;
  not_sent.deliveries = {"not_sent"};
  EXPECT_EQ(numbers(not_sent), "acme/2026-000300 globex/2026-000100 acme/2026-000200 ");
  RegisterQuery sent;
  sent.deliveries = {"sent", "failed"};
  EXPECT_EQ(numbers(sent), "acme/2026-000123 ");
  RegisterQuery reverse_charged;
  reverse_charged.reverse_charge_only = ReverseCharge::Yes;
  EXPECT_EQ(numbers(reverse_charged), "");

  // The visitor's error stops the listing and comes back.
  int seen = 0;
  const auto stopped = m_ledger->each_register_row({}, [&](const RegisterRow&) -> Result<Reading> {
    ++seen;
    return make_error("stop here");
  });
  ASSERT_FALSE(stopped);
  EXPECT_EQ(stopped.error().message, "stop here");
  EXPECT_EQ(seen, 1);

  // So does its Stop, without an error.
  seen = 0;
  const auto enough = m_ledger->each_register_row({}, [&](const RegisterRow&) -> Result<Reading> {
    return ++seen == 2 ? Reading::Stop : Reading::GoOn;
  });
  EXPECT_TRUE(enough);
  EXPECT_EQ(seen, 2);
}

TEST_P(RegisterTest, APaymentWithTheSameKeyIsRecordedOnce) {
  issue(facts("2026-000123"));
  auto first =
    m_ledger->add_payment(payment("2026-000123", 1000, "web-42"), RepeatedPayment::AskFirst);
  ASSERT_OK(first);
  EXPECT_EQ(*first, PaymentRecording::Recorded);
  auto again =
    m_ledger->add_payment(payment("2026-000123", 1000, "web-42"), RepeatedPayment::AskFirst);
  ASSERT_OK(again);
  EXPECT_EQ(*again, PaymentRecording::AlreadyRecorded);
  EXPECT_EQ(row("2026-000123").paid_cents, 1000);
}

TEST_P(RegisterTest, AnIdenticalPaymentMomentsLaterIsOnlyRecordedWhenMeant) {
  issue(facts("2026-000123"));
  ASSERT_OK(m_ledger->add_payment(payment("2026-000123", 1000), RepeatedPayment::AskFirst));
  auto twice = m_ledger->add_payment(payment("2026-000123", 1000), RepeatedPayment::AskFirst);
  ASSERT_OK(twice);
  EXPECT_EQ(*twice, PaymentRecording::RecordedMomentsAgo);
  EXPECT_EQ(row("2026-000123").paid_cents, 1000);
  // Another amount is another payment.
  auto other = m_ledger->add_payment(payment("2026-000123", 2000), RepeatedPayment::AskFirst);
  ASSERT_OK(other);
  EXPECT_EQ(*other, PaymentRecording::Recorded);
  auto meant = m_ledger->add_payment(payment("2026-000123", 1000), RepeatedPayment::Intended);
  ASSERT_OK(meant);
  EXPECT_EQ(*meant, PaymentRecording::Recorded);
  EXPECT_EQ(row("2026-000123").paid_cents, 4000);

  std::vector<std::int64_t> listed;
  ASSERT_OK(m_ledger->each_payment({"acme", "2026-000123", "", ""},
                                   [&](const RecordedPayment& found) -> Status {
                                     listed.push_back(found.record.amount_cents);
                                     EXPECT_EQ(found.record.method, PaymentMethod::Bank);
                                     EXPECT_FALSE(found.recorded_at.empty());
                                     return Ok{};
                                   }));
  EXPECT_EQ(listed, (std::vector<std::int64_t>{1000, 2000, 1000}));
}

TEST_P(RegisterTest, APaymentTheRegisterCannotTakeIsRefusedWithTheReason) {
  issue(facts("2026-000123"));
  auto credit_note = facts("2026-000130", -20000);
  credit_note.kind = RegisterKind::CreditNote;
  credit_note.credits = "2026-000123";
  issue(credit_note);
  EXPECT_EQ(record(facts("2026-000140")), Registration::New);

  const auto refused = [&](const PaymentRecord& record) {
    auto added = m_ledger->add_payment(record, RepeatedPayment::Intended);
    return added ? std::string("recorded") : added.error().message;
  };
  EXPECT_EQ(refused(payment("2026-999999", 100)),
            "the register has no invoice 2026-999999 of creditor acme");
  EXPECT_EQ(refused(payment("2026-000130", 100)),
            "2026-000130 is a credit note: it gives money back and takes no payment");
  EXPECT_EQ(refused(payment("2026-000140", 100)),
            "2026-000140 was never sent, so it cannot have been paid yet");
  auto dollars = payment("2026-000123", 100);
  dollars.currency = "USD";
  EXPECT_EQ(refused(dollars),
            "2026-000123 is in EUR, the payment in USD: currencies are never mixed");
  EXPECT_EQ(refused(payment("2026-000123", 0)), "a payment of 0.00 records nothing");
  EXPECT_EQ(row("2026-000123").paid_cents, 0);
}

// The version 2 layout as mailroom created it before the register, with a sent invoice, one
// that failed before it went out, a failure recorded beside the sent one, and a delivery of the
// sent invoice by a later job.
constexpr std::string_view k_version_2_rows = R"sql(
INSERT INTO deliveries VALUES ('job', '2026-1', 1, 'acme', 'sent', 'a@x.example', 1,
  '2026-11-20T10:00:00.000Z', '<1@x>', '250 ok', 'hash1', '', '2026-11-20T09:59:59.000Z',
  '2026-11-20T10:00:00.000Z');
INSERT INTO deliveries VALUES ('job', '2026-2', 2, 'acme', 'failed', '', 0, '', '', '', '',
  'render failed', '2026-11-20T09:59:59.000Z', '2026-11-20T10:00:01.000Z');
INSERT INTO deliveries VALUES ('job', '2026-1@in.jsonl:4', 3, 'acme', 'failed', '', 0, '', '', '',
  '', 'bad data', '2026-11-21T09:59:59.000Z', '2026-11-21T10:00:01.000Z');
INSERT INTO deliveries VALUES ('later', '2026-1', 4, 'acme', 'sent', 'new@x.example', 1,
  '2026-11-22T10:00:00.000Z', '<3@x>', '250 ok', 'hash2', '', '2026-11-22T09:59:59.000Z',
  '2026-11-22T10:00:00.000Z');
INSERT INTO events VALUES (1, 'job', '2026-1', '2026-11-20T09:59:59.000Z', 'sending', 1, 'to: a');
INSERT INTO events VALUES (2, 'job', '2026-1', '2026-11-20T10:00:00.000Z', 'sent', 1, '250 ok');
INSERT INTO events VALUES (3, 'job', '2026-2', '2026-11-20T10:00:01.000Z', 'failed', 0, 'render');
INSERT INTO events VALUES (4, 'later', '2026-1', '2026-11-22T09:59:59.000Z', 'sending', 1, 'to');
INSERT INTO events VALUES (5, 'later', '2026-1', '2026-11-22T10:00:00.000Z', 'sent', 1, '250 ok');
PRAGMA user_version = 2;
)sql";

std::string query(const std::filesystem::path& path, std::string_view sql) {
  return testing::query_ledger(path, sql);
}

TEST(RegisterMigration, AVersionTwoLedgerKeepsEveryRowAndRegistersItsInvoices) {
  TemporaryFolder folder;
  const auto path = folder / "ledger.db";
  {
    // Today's deliveries and events tables are version 2's: a fresh ledger, taken back to
    // version 2 by dropping what versions 3 and 5 added, is the file an older mailroom wrote.
    auto ledger = Ledger::open(path);
    ASSERT_OK(ledger);
  }
  {
    auto database = SqliteDatabase::open(path);
    ASSERT_OK(database);
    ASSERT_OK((*database)->exec("DROP TABLE archive_unsynced; DROP TABLE mailbox_run_messages; "
                                "DROP TABLE mailbox_pace; DROP TABLE "
                                "recipient_overrides; DROP TABLE payments; "
                                "DROP TABLE invoices; DROP TABLE "
                                "bank_entries; DROP TABLE bank_statements; DROP INDEX "
                                "deliveries_by_invoice; PRAGMA user_version = 2;"));
    ASSERT_OK((*database)->exec(k_version_2_rows));
  }
  EXPECT_EQ(query(path, "PRAGMA user_version"), "2");
  auto ledger = Ledger::open(path);
  ASSERT_OK(ledger);
  EXPECT_EQ(query(path, "PRAGMA user_version"), std::to_string(schema::k_version));
  EXPECT_EQ(query(path, "SELECT count(*) FROM deliveries"), "4");
  EXPECT_EQ(query(path, "SELECT count(*) FROM events"), "5");
  EXPECT_EQ(query(path, "SELECT group_concat(number, ',') FROM invoices"), "2026-1,2026-2");

  auto sent = (*ledger)->register_row("acme", "2026-1");
  ASSERT_OK(sent);
  ASSERT_TRUE(*sent);
  EXPECT_EQ((*sent)->invoice.known, FactsKnown::Unknown);
  EXPECT_EQ((*sent)->invoice.issued_at, "2026-11-20T09:59:59.000Z");
  EXPECT_EQ((*sent)->invoice.pdf_sha256, "hash2");
  EXPECT_EQ((*sent)->invoice.facts.recipients, "new@x.example");
  EXPECT_EQ((*sent)->delivery, State::Sent);
  EXPECT_EQ((*sent)->sent_at, "2026-11-22T10:00:00.000Z");
  auto failed = (*ledger)->register_row("acme", "2026-2");
  ASSERT_OK(failed);
  EXPECT_FALSE((*failed)->invoice.is_issued());
  EXPECT_EQ((*failed)->delivery, State::Failed);

  // The next run that reads the sent invoice fills in its facts, once; then they are fixed.
  auto completed = (*ledger)->record_facts(facts("2026-1"));
  ASSERT_OK(completed);
  EXPECT_EQ(completed->registration, Registration::Completed);
  auto changed = (*ledger)->record_facts(facts("2026-1", 100));
  ASSERT_OK(changed);
  EXPECT_EQ(changed->registration, Registration::Conflict);
  auto found = (*ledger)->find_invoice("acme", "2026-1");
  ASSERT_OK(found);
  EXPECT_EQ((*found)->known, FactsKnown::Recorded);
  EXPECT_EQ((*found)->facts.total_cents, 146790);
  EXPECT_EQ((*found)->issued_at, "2026-11-20T09:59:59.000Z");
  EXPECT_EQ(query(path, "SELECT count(*) FROM pragma_foreign_key_check"), "0");
}

TEST(RegisterMigration, AVersionThreeLedgerKeepsItsInvoicesAndLearnsTheirDebtorsAddresses) {
  TemporaryFolder folder;
  const auto path = folder / "ledger.db";
  {
    auto ledger = Ledger::open(path);
    ASSERT_OK(ledger);
    ASSERT_OK((*ledger)->record_facts(facts("2026-1")));
    ASSERT_OK((*ledger)->mark_sending(sending("2026-1")));
  }
  {
    // Version 3 is today's file without the debtor's address, the recipient overrides and the
    // list's indexes.
    auto database = SqliteDatabase::open(path);
    ASSERT_OK(database);
    ASSERT_OK((*database)->exec("DROP TABLE archive_unsynced; DROP TABLE mailbox_run_messages; "
                                "DROP TABLE mailbox_pace; DROP TABLE recipient_overrides; "
                                "DROP INDEX invoices_by_number; DROP INDEX invoices_by_debtor; "
                                "DROP INDEX invoices_by_total; DROP INDEX invoices_by_due_date; "
                                "DROP INDEX invoices_by_creditor; "
                                "ALTER TABLE invoices DROP COLUMN debtor_address; "
                                "PRAGMA user_version = 3;"));
  }
  auto ledger = Ledger::open(path);
  ASSERT_OK(ledger);
  EXPECT_EQ(query(path, "PRAGMA user_version"), std::to_string(schema::k_version));
  EXPECT_EQ(query(path, "SELECT count(*) FROM deliveries"), "1");
  EXPECT_EQ(query(path, "SELECT number || ':' || debtor_address FROM invoices"), "2026-1:");

  // The next run that reads the issued invoice gives its address, once; nothing else changes.
  auto with_address = facts("2026-1");
  with_address.debtor_address = "Dorpsstraat 5\n1234 AB Ergens";
  auto recorded = (*ledger)->record_facts(with_address);
  ASSERT_OK(recorded);
  EXPECT_EQ(recorded->registration, Registration::Unchanged);
  // Before it is issued, a debtor's new address is taken, as new recipients are.
  auto draft = facts("2026-2");
  draft.debtor_address = "Oud 1";
  ASSERT_OK((*ledger)->record_facts(draft));
  draft.debtor_address = "Nieuw 2";
  auto corrected = (*ledger)->record_facts(draft);
  ASSERT_OK(corrected);
  EXPECT_EQ(corrected->registration, Registration::Updated);
  EXPECT_EQ(query(path, "SELECT debtor_address FROM invoices WHERE number = '2026-2'"), "Nieuw 2");

  auto moved = with_address;
  moved.debtor_address = "Elders 1";
  ASSERT_OK((*ledger)->record_facts(moved));
  auto found = (*ledger)->find_invoice("acme", "2026-1");
  ASSERT_OK(found);
  EXPECT_EQ((*found)->facts.debtor_address, "Dorpsstraat 5\n1234 AB Ergens");
  EXPECT_EQ((*found)->facts.total_cents, 146790);
}

} // namespace
} // namespace mailroom::ledger
