#pragma once

#include <engine/ledger/ledger.hpp>
#include <engine/transport/shared_pacer.hpp>

#include <optional>
#include <string>

// What the workers sharing a paced mailbox keep in common (transport/shared_pacer.hpp), in the
// ledger they share: the mailbox's schedule and last slow-down, and the messages a run sent
// through it when its workers share a run id (`run --run-id`).

namespace mailroom::pipeline {

class LedgerSharedMailbox final : public transport::SharedMailbox {
public:
  // `run`: the run id its workers share; none when each counts its own max_per_run.
  LedgerSharedMailbox(ledger::Ledger& ledger, std::string mailbox, std::optional<std::string> run);

  Result<Slot> claim_slot(std::int64_t now, std::int64_t interval) override;
  Status note_slowdown(std::int64_t interval, std::int64_t at) override;
  Result<Allowance> claim_run_message(unsigned limit) override;
  Status return_run_message() override;

private:
  ledger::Ledger& m_ledger;
  std::string m_mailbox;
  std::optional<std::string> m_run;
};

} // namespace mailroom::pipeline
