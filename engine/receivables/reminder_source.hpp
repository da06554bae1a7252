#pragma once

#include <engine/job/model.hpp>
#include <engine/job/reminder.hpp>
#include <engine/ledger/ledger.hpp>
#include <engine/receivables/reminder_policy.hpp>
#include <engine/util/result.hpp>
#include <engine/util/time.hpp>

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

// The payment reminders due as of a day, found in the register one page at a time, so that
// `mailroom remind` never holds the whole register: each creditor's issued invoices by number,
// each judged by the reminder policy (reminder_policy.hpp). A creditor whose bank statements are
// too old has its reminders held, counted but not given out.

namespace mailroom::receivables {

// A reminder due: the invoice as the register knows it (no lines) and what the reminder says.
struct DueReminder {
  job::Invoice invoice;
  job::Reminder reminder;
};

// What the source saw of one creditor's invoices.
struct CreditorTally {
  size_t due = 0;      // Given out.
  size_t held = 0;     // Due, but held: `held_because` says why.
  size_t not_yet = 0;  // Open, but the next level is not due yet.
  size_t all_sent = 0; // Open, and every level went out.
  std::string held_because;
};

class ReminderSource {
public:
  // Looks at the invoices of every creditor with reminder levels; `ledger` must outlive it.
  ReminderSource(ledger::Ledger& ledger, const job::Creditors& creditors, const time::Date& as_of);

  // The next reminder due, in creditor and number order; none when every invoice was looked at.
  [[nodiscard]] Result<std::optional<DueReminder>> next();

  // By creditor id, for the creditors with reminder levels.
  const std::map<std::string, CreditorTally>& tallies() const { return m_tallies; }

private:
  // Reads the next page of the current creditor's invoices, moving on to the next creditor when
  // this one has no more. False when every creditor is done.
  [[nodiscard]] Result<bool> read_page();
  [[nodiscard]] Result<std::optional<DueReminder>> judge(const ledger::RegisterRow& row);

  ledger::Ledger& m_ledger;
  time::Date m_as_of;
  std::vector<const job::Creditor*> m_creditors; // With reminder levels, by id.
  size_t m_creditor_index = 0;
  std::string m_after; // The last number read of the current creditor.
  std::vector<ledger::RegisterRow> m_page;
  size_t m_page_index = 0;
  bool m_creditor_done = false;
  std::optional<std::string> m_held; // Why the current creditor's reminders are held.
  std::map<std::string, CreditorTally> m_tallies;
};

// The reminder of level `level` of the invoice of `row`, as of the day (a pure function of the
// register's facts, its standing and the creditor's levels).
DueReminder make_due_reminder(const ledger::RegisterRow& row, const Standing& standing,
                              unsigned level, const job::Creditor& creditor,
                              const time::Date& as_of);

// The reminder levels a server accepted, from the ledger's records (the day of each acceptance).
std::vector<SentReminder> sent_reminders_of(const std::vector<ledger::SentReminderRecord>& records);

} // namespace mailroom::receivables
