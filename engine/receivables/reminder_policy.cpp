#include "reminder_policy.hpp"

#include <algorithm>

namespace mailroom::receivables {

namespace {

ReminderDecision not_reminded(std::string reason) {
  ReminderDecision decision;
  decision.reason = std::move(reason);
  return decision;
}

} // namespace

ReminderDecision decide_reminder(const ledger::RegisterRow& row, const Standing& standing,
                                 const std::vector<SentReminder>& sent,
                                 const std::vector<job::ReminderLevel>& levels,
                                 const time::Date& as_of) {
  const auto& invoice = row.invoice;
  if (levels.empty()) {
    return not_reminded("its creditor sends no reminders");
  }
  if (invoice.known == ledger::FactsKnown::Unknown) {
    return not_reminded("its facts are not in the register yet");
  }
  if (invoice.facts.kind == ledger::RegisterKind::CreditNote) {
    return not_reminded("a credit note");
  }
  if (row.delivery != ledger::State::Sent) {
    return not_reminded(row.delivery == ledger::State::Unknown
                          ? "its delivery is unknown: check the mailbox first"
                          : "it was never sent");
  }
  if (standing.outstanding_cents <= 0) {
    ReminderDecision decision;
    decision.verdict = ReminderVerdict::NothingOwed;
    decision.reason = std::string(payment_status_name(standing.status));
    return decision;
  }
  const auto due = time::parse_date(invoice.facts.due_date);
  if (!due) {
    return not_reminded("its due date \"" + invoice.facts.due_date + "\" is not a date");
  }
  // The levels go out in order; the next is the one after the highest accepted.
  unsigned highest = 0;
  std::optional<time::Date> previous_on;
  for (const auto& reminder : sent) {
    if (reminder.level > highest) {
      highest = reminder.level;
      previous_on = reminder.accepted_on;
    }
  }
  ReminderDecision decision;
  if (highest >= levels.size()) {
    decision.verdict = ReminderVerdict::AllSent;
    decision.level = highest;
    decision.reason = "every reminder level went out";
    return decision;
  }
  decision.level = highest + 1;
  const auto& level = levels[highest];
  decision.on = due->plus_days(level.after_days);
  if (previous_on) {
    const auto gap = level.after_days - levels[highest - 1].after_days;
    decision.on = std::max(decision.on, previous_on->plus_days(gap));
  }
  if (as_of < decision.on) {
    decision.verdict = ReminderVerdict::NotYet;
    decision.reason =
      "level " + std::to_string(decision.level) + " is due on " + decision.on.to_iso();
    return decision;
  }
  decision.verdict = ReminderVerdict::Due;
  return decision;
}

std::optional<std::string> held_for_statement(std::optional<unsigned> hold_days,
                                              const std::string& newest_statement_date,
                                              const time::Date& as_of) {
  if (!hold_days) {
    return std::nullopt;
  }
  if (newest_statement_date.empty()) {
    return "no bank statement of its account was imported yet";
  }
  const auto newest = time::parse_date(newest_statement_date);
  if (newest && as_of.days_since(*newest) <= static_cast<long>(*hold_days)) {
    return std::nullopt;
  }
  return "its newest bank statement reports up to " + newest_statement_date + ", more than " +
         std::to_string(*hold_days) + " days before " + as_of.to_iso();
}

} // namespace mailroom::receivables
