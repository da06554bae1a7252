// Which reminder level is due as of a day: in order, one at a time, with the promised time
// between levels, and never for what is paid, credited, unsent or of unknown delivery.

#include <engine/receivables/reminder_policy.hpp>

#include <gtest/gtest.h>

namespace mailroom::receivables {
namespace {

const std::vector<job::ReminderLevel> k_levels = {
  {14, "acme-reminder", {}},
  {30, "acme-final-notice", job::Money{1500}},
};

ledger::RegisterRow sent_invoice() {
  ledger::RegisterRow row;
  row.invoice.facts.number = "2026-000123";
  row.invoice.facts.total_cents = 10000;
  row.invoice.facts.due_date = "2026-12-04";
  row.invoice.issued_at = "2026-11-20T22:00:00.000Z";
  row.delivery = ledger::State::Sent;
  return row;
}

ReminderDecision decide(const ledger::RegisterRow& row, const std::vector<SentReminder>& sent,
                        time::Date as_of) {
  return decide_reminder(row, standing_of(row, as_of), sent, k_levels, as_of);
}

TEST(ReminderPolicy, TheFirstLevelIsDueItsDaysAfterTheDueDate) {
  auto early = decide(sent_invoice(), {}, {2026, 12, 17});
  EXPECT_EQ(early.verdict, ReminderVerdict::NotYet);
  EXPECT_EQ(early.level, 1u);
  EXPECT_EQ(early.on, (time::Date{2026, 12, 18}));
  EXPECT_EQ(early.reason, "level 1 is due on 2026-12-18");
  const auto due = decide(sent_invoice(), {}, {2026, 12, 18});
  EXPECT_EQ(due.verdict, ReminderVerdict::Due);
  EXPECT_EQ(due.level, 1u);
}

TEST(ReminderPolicy, AfterAWeekWithoutRunsOnlyOneLevelGoesOutAndTheNextWaitsItsTime) {
  // Nothing was sent and it is long past both levels' days: level 1 only.
  const auto late = decide(sent_invoice(), {}, {2027, 1, 20});
  EXPECT_EQ(late.verdict, ReminderVerdict::Due);
  EXPECT_EQ(late.level, 1u);
  // Level 1 went out on 20 January: level 2 waits the 16 days the policy promises.
  const std::vector<SentReminder> first{{1, {2027, 1, 20}}};
  const auto next = decide(sent_invoice(), first, {2027, 1, 21});
  EXPECT_EQ(next.verdict, ReminderVerdict::NotYet);
  EXPECT_EQ(next.level, 2u);
  EXPECT_EQ(next.on, (time::Date{2027, 2, 5}));
  EXPECT_EQ(decide(sent_invoice(), first, {2027, 2, 5}).verdict, ReminderVerdict::Due);
  // On time: level 2 on its own day after the due date.
  const std::vector<SentReminder> on_time{{1, {2026, 12, 18}}};
  EXPECT_EQ(decide(sent_invoice(), on_time, {2027, 1, 2}).verdict, ReminderVerdict::NotYet);
  EXPECT_EQ(decide(sent_invoice(), on_time, {2027, 1, 3}).verdict, ReminderVerdict::Due);
  const std::vector<SentReminder> both{{1, {2026, 12, 18}}, {2, {2027, 1, 3}}};
  EXPECT_EQ(decide(sent_invoice(), both, {2027, 6, 1}).verdict, ReminderVerdict::AllSent);
}

TEST(ReminderPolicy, NeverForWhatIsSettledOrNotSurelyDelivered) {
  auto paid = sent_invoice();
  paid.paid_cents = 10000;
  EXPECT_EQ(decide(paid, {}, {2027, 1, 20}).verdict, ReminderVerdict::NothingOwed);
  auto credited = sent_invoice();
  credited.credited_cents = 10000;
  EXPECT_EQ(decide(credited, {}, {2027, 1, 20}).verdict, ReminderVerdict::NothingOwed);
  auto partly = sent_invoice();
  partly.paid_cents = 5000;
  EXPECT_EQ(decide(partly, {}, {2027, 1, 20}).verdict, ReminderVerdict::Due);

  auto credit_note = sent_invoice();
  credit_note.invoice.facts.kind = ledger::RegisterKind::CreditNote;
  EXPECT_EQ(decide(credit_note, {}, {2027, 1, 20}).verdict, ReminderVerdict::NotReminded);
  auto unknown = sent_invoice();
  unknown.delivery = ledger::State::Unknown;
  EXPECT_EQ(decide(unknown, {}, {2027, 1, 20}).reason,
            "its delivery is unknown: check the mailbox first");
  auto never = sent_invoice();
  never.delivery = ledger::State::InvalidAddress;
  EXPECT_EQ(decide(never, {}, {2027, 1, 20}).reason, "it was never sent");
  EXPECT_EQ(decide_reminder(sent_invoice(), standing_of(sent_invoice(), {2027, 1, 20}), {}, {},
                            {2027, 1, 20})
              .verdict,
            ReminderVerdict::NotReminded);
}

TEST(ReminderPolicy, AStaleBankStatementHoldsReminders) {
  const time::Date today{2026, 12, 20};
  EXPECT_EQ(held_for_statement(std::nullopt, "", today), std::nullopt);
  EXPECT_EQ(held_for_statement(3, "2026-12-17", today), std::nullopt);
  EXPECT_EQ(held_for_statement(3, "2026-12-16", today),
            "its newest bank statement reports up to 2026-12-16, more than 3 days before "
            "2026-12-20");
  EXPECT_EQ(held_for_statement(3, "", today), "no bank statement of its account was imported yet");
}

} // namespace
} // namespace mailroom::receivables
