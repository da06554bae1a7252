#pragma once

#include <engine/job/model.hpp>
#include <engine/ledger/register.hpp>
#include <engine/receivables/standing.hpp>
#include <engine/util/time.hpp>

#include <optional>
#include <string>
#include <vector>

// Which payment reminder an invoice is due, as of a day. Level k goes out when the invoice is
// still open, level k−1 went out (and a server accepted it) at least after_days[k] −
// after_days[k−1] days before, and the day is at least its due date + after_days[k]. Levels go
// out in order, one per run at most: a run after a week without runs catches up one level, never
// a burst. Never for a credit note, an invoice paid or fully credited, never sent, or whose
// delivery is unknown.

namespace mailroom::receivables {

// A reminder level a server accepted, and the day it did (UTC).
struct SentReminder {
  unsigned level = 0; // 1-based.
  time::Date accepted_on;
};

enum class ReminderVerdict {
  Due,         // `level` goes out now.
  NotYet,      // `level` goes out on `on`.
  AllSent,     // Every level went out.
  NothingOwed, // Paid, overpaid or credited.
  NotReminded, // A credit note, never sent, its delivery unknown, its facts unknown, no levels.
  Held,        // The bank statement is too old to know it is still open.
};

struct ReminderDecision {
  ReminderVerdict verdict = ReminderVerdict::NotReminded;
  unsigned level = 0; // 1-based: the level due, or next.
  time::Date on;      // The first day that level may go out.
  std::string reason; // For a person: why not now.
};

ReminderDecision decide_reminder(const ledger::RegisterRow& row, const Standing& standing,
                                 const std::vector<SentReminder>& sent,
                                 const std::vector<job::ReminderLevel>& levels,
                                 const time::Date& as_of);

// Whether a creditor's reminders are held as of the day: it asks to hold them while the newest
// bank statement of its account (empty: none was ever imported) is older than `hold_days`.
std::optional<std::string> held_for_statement(std::optional<unsigned> hold_days,
                                              const std::string& newest_statement_date,
                                              const time::Date& as_of);

} // namespace mailroom::receivables
