#pragma once

#include <engine/transport/send_pacer.hpp>
#include <engine/util/result.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

// A paced mailbox shared by several workers (`run --shard` on one ledger): each worker keeps its
// own pace (InProcessPacer) and, right before a message goes out, also takes the next slot of the
// mailbox's schedule that all of them share, kept in the ledger (Ledger::claim_send_slot), and
// waits for it. So four workers sending through a mailbox of 30/minute send 30 a minute together,
// not 120.
//
// A throttling reply slows all of them down: the worker that got it halves its own pace and notes
// the slower one in the ledger; the others learn of it with their next slot and keep no faster a
// pace from then on (a slow-down noted up to ten minutes before a worker started counts too: the
// mailbox was throttled just now). Each then recovers as from a slow-down of its own. And when the
// workers of one run share a run id (`run --run-id`), the mailbox's max_per_run counts the
// messages of all of them: each claims one in the ledger before marking it as sending, and gives
// it back when it is not accepted.
//
// The schedule is in wall-clock time: the workers' clocks must agree (NTP) to within a fraction
// of the interval. Should the ledger fail to give a slot or count a message, the message keeps its
// worker's own pace and count, and the run says so once.

namespace mailroom::transport {

// What the workers sharing a mailbox keep in common: one mailbox's rows of the ledger
// (pipeline/shared_mailbox.cpp). Times in microseconds since 1970 by the wall clock.
class SharedMailbox {
public:
  struct Slot {
    std::int64_t at = 0;
    std::int64_t slowed_interval = 0; // 0: no slow-down noted.
    std::int64_t slowed_at = 0;
  };
  enum class Allowance { Claimed, LimitReached };

  virtual ~SharedMailbox() = default;

  // The mailbox's next slot, no earlier than `now`; the schedule moves on by `interval`.
  [[nodiscard]] virtual Result<Slot> claim_slot(std::int64_t now, std::int64_t interval) = 0;
  [[nodiscard]] virtual Status note_slowdown(std::int64_t interval, std::int64_t at) = 0;
  // One more message of the run, unless `limit` are under way or accepted.
  [[nodiscard]] virtual Result<Allowance> claim_run_message(unsigned limit) = 0;
  [[nodiscard]] virtual Status return_run_message() = 0;
};

// Whose messages the mailbox's max_per_run counts.
enum class RunCount {
  EachWorker,  // Each worker's own (no run id).
  SharedByRun, // Those of all workers with this run id, in the ledger.
};

class SharedPacer final : public SendPacer {
public:
  using WallClock = std::function<std::chrono::system_clock::time_point()>;
  // Says a sentence in the run's output.
  using Notice = std::function<void(const std::string&)>;

  SharedPacer(std::unique_ptr<InProcessPacer> own, std::string mailbox,
              std::unique_ptr<SharedMailbox> shared, RunCount run_count, WallClock clock,
              InProcessPacer::Sleep sleep, Notice notice);

  Turn take_turn(WhenPaced when) override { return m_own->take_turn(when); }
  SendStart start_send() override;
  Turn space_send(SendStart& start) override;
  std::optional<std::string> finish_send(const SendStart& start, const Outcome& outcome) override;
  std::optional<double> seconds_left() const override { return m_own->seconds_left(); }
  std::optional<unsigned> max_per_run() const override { return m_own->max_per_run(); }

private:
  std::int64_t now_microseconds() const;
  // Keeps no faster a pace than the slow-down in the slot, if it is one this worker has not seen.
  void adopt_slowdown(const SharedMailbox::Slot& slot);
  void say_once(std::once_flag& flag, const std::string& what, const std::string& failure);

  std::unique_ptr<InProcessPacer> m_own;
  std::string m_mailbox;
  std::unique_ptr<SharedMailbox> m_shared;
  RunCount m_run_count;
  WallClock m_clock;
  InProcessPacer::Sleep m_sleep;
  Notice m_notice;

  std::mutex m_mutex;
  std::int64_t m_known_slowdown; // When the latest slow-down this worker knows of was noted.

  std::once_flag m_slot_failure_said;
  std::once_flag m_slowdown_failure_said;
  std::once_flag m_count_failure_said;
};

} // namespace mailroom::transport
