#include "shared_pacer.hpp"

#include <engine/transport/transport.hpp>

#include <algorithm>

namespace mailroom::transport {

namespace {

// A slow-down noted this long before a worker started still slows it down.
constexpr std::int64_t k_slowdown_memory_microseconds = 10LL * 60 * 1'000'000;

} // namespace

SharedPacer::SharedPacer(std::unique_ptr<InProcessPacer> own, std::string mailbox,
                         std::unique_ptr<SharedMailbox> shared, RunCount run_count, WallClock clock,
                         InProcessPacer::Sleep sleep, Notice notice)
  : m_own(std::move(own))
  , m_mailbox(std::move(mailbox))
  , m_shared(std::move(shared))
  , m_run_count(run_count)
  , m_clock(std::move(clock))
  , m_sleep(std::move(sleep))
  , m_notice(std::move(notice))
  , m_known_slowdown(now_microseconds() - k_slowdown_memory_microseconds) {}

std::int64_t SharedPacer::now_microseconds() const {
  return std::chrono::duration_cast<std::chrono::microseconds>(m_clock().time_since_epoch())
    .count();
}

void SharedPacer::say_once(std::once_flag& flag, const std::string& what,
                           const std::string& failure) {
  std::call_once(
    flag, [&] { m_notice("mailbox \"" + m_mailbox + "\": " + what + " (" + failure + ")"); });
}

SendStart SharedPacer::start_send() {
  auto start = m_own->start_send();
  const auto limit = m_own->max_per_run();
  if (start.turn != Turn::Taken || m_run_count != RunCount::SharedByRun || !limit) {
    return start;
  }
  const auto allowance = m_shared->claim_run_message(*limit);
  if (!allowance) {
    say_once(m_count_failure_said,
             "the ledger could not count the message against the run's max_per_run; this "
             "worker counts its own",
             allowance.error().message);
    return start;
  }
  if (*allowance == SharedMailbox::Allowance::LimitReached) {
    // The send start_send let go of does not happen.
    static_cast<void>(m_own->finish_send(start, Outcome{}));
    start.turn = Turn::LimitReached;
    return start;
  }
  start.run_message = RunMessage::Claimed;
  return start;
}

Turn SharedPacer::space_send(SendStart& start) {
  const auto own = m_own->space_send(start);
  const auto interval = m_own->current_interval();
  if (own != Turn::Taken || !interval) {
    return own;
  }
  const auto now = now_microseconds();
  const auto slot = m_shared->claim_slot(now, interval->count());
  if (!slot) {
    say_once(m_slot_failure_said,
             "the ledger gave no slot of the schedule the workers share; this run keeps its own "
             "pace",
             slot.error().message);
    return Turn::Taken;
  }
  adopt_slowdown(*slot);
  if (slot->at > now && !m_sleep(std::chrono::microseconds(slot->at - now))) {
    start.turn = Turn::Stopped;
    return Turn::Stopped;
  }
  return Turn::Taken;
}

std::optional<std::string> SharedPacer::finish_send(const SendStart& start,
                                                    const Outcome& outcome) {
  auto slowed = m_own->finish_send(start, outcome);
  if (start.run_message == RunMessage::Claimed && !outcome.delivered()) {
    if (auto returned = m_shared->return_run_message(); !returned) {
      say_once(m_count_failure_said,
               "the ledger could not give back a message not accepted; the run's max_per_run "
               "counts it",
               returned.error().message);
    }
  }
  const auto interval = m_own->current_interval();
  if (!slowed || !interval) {
    return slowed;
  }
  const auto now = now_microseconds();
  {
    // This worker's own slow-down, which it must not take over again from its next slot.
    const std::lock_guard lock(m_mutex);
    m_known_slowdown = std::max(m_known_slowdown, now);
  }
  if (auto noted = m_shared->note_slowdown(interval->count(), now); !noted) {
    say_once(m_slowdown_failure_said,
             "the ledger could not note the slow-down for the other workers; they keep their "
             "pace until told so themselves",
             noted.error().message);
  }
  return slowed;
}

void SharedPacer::adopt_slowdown(const SharedMailbox::Slot& slot) {
  {
    const std::lock_guard lock(m_mutex);
    if (slot.slowed_interval <= 0 || slot.slowed_at <= m_known_slowdown) {
      return;
    }
    m_known_slowdown = slot.slowed_at;
  }
  if (auto slowed = m_own->adopt_slowdown(std::chrono::microseconds(slot.slowed_interval))) {
    m_notice(*slowed);
  }
}

} // namespace mailroom::transport
