// The reminders due, read from a real ledger one page at a time: every open invoice of a creditor
// with levels, past the pages' edges; none for a paid invoice, a credit note or one never sent;
// held when the creditor's bank statement is too old; the reminder's amounts and dates.

#include <engine/receivables/reminder_source.hpp>

#include <gtest/gtest.h>
#include <tests/support/temporary_folder.hpp>

#include <cstdio>

namespace mailroom::receivables {
namespace {

using testing::TemporaryFolder;

ledger::InvoiceFacts facts(const std::string& number) {
  ledger::InvoiceFacts facts;
  facts.creditor = "acme";
  facts.number = number;
  facts.issue_date = "2026-10-01";
  facts.due_date = "2026-10-31";
  facts.currency = "EUR";
  facts.subtotal_cents = 10000;
  facts.vat_cents = 2100;
  facts.total_cents = 12100;
  facts.debtor_id = "D-1";
  facts.debtor_name = "Bakkerij Élan";
  facts.debtor_address = "Dorpsstraat 5\n1234 AB Ergens";
  facts.recipients = "boekhouding@elan.example";
  facts.language = "nl";
  facts.payment_reference = "RF18" + number;
  facts.creditor_iban = "NL91ABNA0417164300";
  facts.job = "october";
  facts.source = "invoices.jsonl:7";
  return facts;
}

std::string number_of(int index) {
  char number[32];
  std::snprintf(number, sizeof number, "2026-%06d", index);
  return number;
}

class ReminderSourceTest : public ::testing::Test {
protected:
  void SetUp() override {
    auto opened = ledger::Ledger::open(m_folder / "ledger.db");
    ASSERT_TRUE(opened) << opened.error().to_string();
    m_ledger = std::move(*opened);
    job::Creditor acme;
    acme.id = "acme";
    acme.iban = "NL91 ABNA 0417 1643 00";
    acme.language = job::Language::Dutch;
    acme.reminders = {{14, "acme-reminder", {}, 14}, {30, "acme-final-notice", {1500}, 7}};
    m_creditors.by_id.emplace("acme", acme);
    job::Creditor quiet = acme;
    quiet.id = "quiet"; // No levels: never looked at.
    quiet.reminders.clear();
    m_creditors.by_id.emplace("quiet", quiet);
  }

  void issue(const ledger::InvoiceFacts& invoice, ledger::State state = ledger::State::Sent) {
    ASSERT_TRUE(m_ledger->record_facts(invoice));
    ASSERT_TRUE(m_ledger->mark_sending(ledger::SendingRecord{"october", invoice.number,
                                                             invoice.creditor, invoice.recipients,
                                                             "<m@x>", std::string(64, 'a')}));
    if (state == ledger::State::Sent) {
      ASSERT_TRUE(
        m_ledger->mark_sent("october", invoice.number, "2026-10-01T10:00:00.000Z", "250"));
    }
  }

  std::vector<DueReminder> all(ReminderSource& source) {
    std::vector<DueReminder> given;
    for (;;) {
      auto next = source.next();
      EXPECT_TRUE(next) << next.error().to_string();
      if (!next || !*next) {
        return given;
      }
      given.push_back(std::move(**next));
    }
  }

  TemporaryFolder m_folder;
  std::unique_ptr<ledger::Ledger> m_ledger;
  job::Creditors m_creditors;
};

TEST_F(ReminderSourceTest, GivesEveryOpenSentInvoicePastThePagesEdgesAndNothingElse) {
  constexpr int k_invoices = 600; // More than two pages.
  for (int index = 1; index <= k_invoices; ++index) {
    issue(facts(number_of(index)));
  }
  // Not reminded: paid in full, a credit note, never sent, of a creditor without levels.
  ASSERT_TRUE(
    m_ledger->add_payment(ledger::PaymentRecord{"acme", number_of(7), 12100, "EUR", "2026-11-02",
                                                ledger::PaymentMethod::Bank},
                          ledger::RepeatedPayment::Intended));
  auto credit = facts("2026-900001");
  credit.kind = ledger::RegisterKind::CreditNote;
  credit.total_cents = -12100;
  issue(credit);
  ASSERT_TRUE(m_ledger->record_facts(facts("2026-900002")));
  auto other = facts("2026-900003");
  other.creditor = "quiet";
  issue(other);

  ReminderSource source(*m_ledger, m_creditors, {2026, 11, 14});
  const auto given = all(source);
  ASSERT_EQ(given.size(), static_cast<size_t>(k_invoices - 1));
  EXPECT_EQ(given.front().invoice.number, number_of(1));
  EXPECT_EQ(given.back().invoice.number, number_of(k_invoices));
  for (const auto& due : given) {
    EXPECT_NE(due.invoice.number, number_of(7));
  }
  EXPECT_EQ(source.tallies().at("acme").due, static_cast<size_t>(k_invoices - 1));
  EXPECT_EQ(source.tallies().count("quiet"), 0u);

  // A day earlier nothing is due: 13 days after the due date.
  ReminderSource early(*m_ledger, m_creditors, {2026, 11, 13});
  EXPECT_TRUE(all(early).empty());
  EXPECT_EQ(early.tallies().at("acme").not_yet, static_cast<size_t>(k_invoices - 1));
}

TEST_F(ReminderSourceTest, TheReminderSaysWhatIsOwedTheFeeAndTheNewDateToPayBy) {
  issue(facts(number_of(1)));
  ASSERT_TRUE(
    m_ledger->add_payment(ledger::PaymentRecord{"acme", number_of(1), 2100, "EUR", "2026-11-02",
                                                ledger::PaymentMethod::Bank},
                          ledger::RepeatedPayment::Intended));
  ReminderSource source(*m_ledger, m_creditors, {2026, 11, 20});
  const auto given = all(source);
  ASSERT_EQ(given.size(), 1u);
  const auto& due = given[0];
  EXPECT_EQ(due.invoice.debtor.name, "Bakkerij Élan");
  EXPECT_EQ(due.invoice.debtor.address,
            (std::vector<std::string>{"Dorpsstraat 5", "1234 AB Ergens"}));
  EXPECT_EQ(due.invoice.debtor.emails, "boekhouding@elan.example");
  EXPECT_EQ(due.invoice.due_date, (time::Date{2026, 10, 31}));
  EXPECT_EQ(due.invoice.source.file, "invoices.jsonl");
  EXPECT_EQ(due.invoice.source.line, 7);
  EXPECT_EQ(due.reminder.level, 1u);
  EXPECT_EQ(due.reminder.level_count, 2u);
  EXPECT_FALSE(due.reminder.is_final());
  EXPECT_EQ(due.reminder.paid.cents, 2100);
  EXPECT_EQ(due.reminder.outstanding.cents, 10000);
  EXPECT_EQ(due.reminder.fee.cents, 0);
  EXPECT_EQ(due.reminder.asked.cents, 10000);
  EXPECT_EQ(due.reminder.pay_by, (time::Date{2026, 12, 4}));
  EXPECT_EQ(due.reminder.payment_reference, "RF18" + number_of(1));
  EXPECT_EQ(due.reminder.invoice_pdf_sha256, std::string(64, 'a'));

  // The final level: its fee is asked on top, within its own days.
  ledger::RegisterRow row;
  row.invoice.facts = facts(number_of(1));
  const auto final_notice = make_due_reminder(row, standing_of(row, {2026, 12, 20}), 2,
                                              m_creditors.by_id.at("acme"), {2026, 12, 20});
  EXPECT_TRUE(final_notice.reminder.is_final());
  EXPECT_EQ(final_notice.reminder.fee.cents, 1500);
  EXPECT_EQ(final_notice.reminder.asked.cents, 12100 + 1500);
  EXPECT_EQ(final_notice.reminder.pay_by, (time::Date{2026, 12, 27}));
}

TEST_F(ReminderSourceTest, AnOldBankStatementHoldsTheCreditorsReminders) {
  issue(facts(number_of(1)));
  issue(facts(number_of(2)));
  m_creditors.by_id.at("acme").hold_reminders_if_statement_older_than = 3;
  ReminderSource source(*m_ledger, m_creditors, {2026, 11, 20});
  EXPECT_TRUE(all(source).empty());
  const auto& tally = source.tallies().at("acme");
  EXPECT_EQ(tally.held, 2u);
  EXPECT_EQ(tally.held_because, "no bank statement of its account was imported yet");
}

TEST_F(ReminderSourceTest, AnUnknownDeliveryIsNeverReminded) {
  issue(facts(number_of(1)), ledger::State::Sending);
  ReminderSource source(*m_ledger, m_creditors, {2026, 11, 20});
  EXPECT_TRUE(all(source).empty());
}

} // namespace
} // namespace mailroom::receivables
