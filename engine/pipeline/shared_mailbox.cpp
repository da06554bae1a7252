#include "shared_mailbox.hpp"

namespace mailroom::pipeline {

LedgerSharedMailbox::LedgerSharedMailbox(ledger::Ledger& ledger, std::string mailbox,
                                         std::optional<std::string> run)
  : m_ledger(ledger)
  , m_mailbox(std::move(mailbox))
  , m_run(std::move(run)) {}

Result<transport::SharedMailbox::Slot> LedgerSharedMailbox::claim_slot(std::int64_t now,
                                                                       std::int64_t interval) {
  const auto slot = TRY(m_ledger.claim_send_slot(m_mailbox, now, interval));
  Slot result{slot.at, 0, 0};
  if (slot.slowdown) {
    result.slowed_interval = slot.slowdown->interval_microseconds;
    result.slowed_at = slot.slowdown->noted_at;
  }
  return result;
}

Status LedgerSharedMailbox::note_slowdown(std::int64_t interval, std::int64_t at) {
  return m_ledger.note_mailbox_slowdown(m_mailbox, {interval, at});
}

Result<transport::SharedMailbox::Allowance> LedgerSharedMailbox::claim_run_message(unsigned limit) {
  if (!m_run) {
    return make_error("the run has no run id to count its messages under");
  }
  const auto allowance = TRY(m_ledger.claim_run_message(m_mailbox, *m_run, limit));
  return allowance == ledger::RunAllowance::Claimed ? Allowance::Claimed : Allowance::LimitReached;
}

Status LedgerSharedMailbox::return_run_message() {
  if (!m_run) {
    return make_error("the run has no run id to count its messages under");
  }
  return m_ledger.return_run_message(m_mailbox, *m_run);
}

} // namespace mailroom::pipeline
