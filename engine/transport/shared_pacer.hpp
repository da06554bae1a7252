#pragma once

#include <engine/transport/send_pacer.hpp>
#include <engine/util/result.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

// A paced mailbox shared by several workers (`run --shard` on one ledger): each worker keeps its
// own pace (InProcessPacer) and, right before a message goes out, also takes the next slot of the
// mailbox's schedule that all of them share, kept in the ledger (Ledger::claim_send_slot), and
// waits for it. So four workers sending through a mailbox of 30/minute send 30 a minute together,
// not 120.
//
// The schedule is in wall-clock time: the workers' clocks must agree (NTP) to within a fraction
// of the interval. Should the ledger fail to give a slot, the message keeps its worker's own pace
// and the run says so once.
// FIXME: a slow-down after a throttling reply, and max_per_run, are still each worker's own; the
// schedule's interval is the worker's current rate, so a slowed worker spaces its claims further.

namespace mailroom::transport {

class SharedPacer final : public SendPacer {
public:
  // The slot (microseconds since 1970) of the mailbox's next message, no earlier than `now`.
  using ClaimSlot = std::function<Result<std::int64_t>(
    std::string_view mailbox, std::int64_t now_microseconds, std::int64_t interval_microseconds)>;
  using WallClock = std::function<std::chrono::system_clock::time_point()>;
  // Says a sentence once in the run's output.
  using Notice = std::function<void(const std::string&)>;

  SharedPacer(std::unique_ptr<InProcessPacer> own, std::string mailbox, ClaimSlot claim,
              WallClock clock, InProcessPacer::Sleep sleep, Notice notice);

  Turn take_turn(WhenPaced when) override { return m_own->take_turn(when); }
  SendStart start_send() override { return m_own->start_send(); }
  Turn space_send(SendStart& start) override;
  std::optional<std::string> finish_send(const SendStart& start, const Outcome& outcome) override {
    return m_own->finish_send(start, outcome);
  }
  std::optional<double> seconds_left() const override { return m_own->seconds_left(); }
  std::optional<unsigned> max_per_run() const override { return m_own->max_per_run(); }

private:
  std::unique_ptr<InProcessPacer> m_own;
  std::string m_mailbox;
  ClaimSlot m_claim;
  WallClock m_clock;
  InProcessPacer::Sleep m_sleep;
  Notice m_notice;
  std::once_flag m_failure_said;
};

} // namespace mailroom::transport
