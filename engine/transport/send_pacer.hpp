#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

// The pace of one mailbox: how many messages it may send in a period (hosted mailboxes throttle:
// Microsoft 365 takes about 30 a minute, Gmail a few thousand a day), how many in one run, and
// how it slows down when the server says it is sending too fast.

namespace mailroom::transport {

struct Outcome;

// `messages` per `period`: "30/minute" is {30, 60 s}.
struct Rate {
  unsigned messages = 0;
  std::chrono::seconds period{1};

  double per_second() const;
};

// "30/minute", "5/second", "2000/day"; a rate of no whole number in its unit is given in the next
// smaller one ("0.5/minute" is "30/hour").
std::string rate_text(double per_second, std::chrono::seconds preferred_period);

// What a mailbox allows: none of them set means no pacing until the server complains.
struct PacerLimits {
  std::optional<Rate> rate;
  std::optional<unsigned> max_per_run; // Messages accepted in one run; the rest wait for the next.
};

// How a message asks for its turn.
enum class WhenPaced {
  HoldBack,     // Only if a turn is free now; otherwise it is held back to be sent later.
  WaitHeldBack, // Waits for its turn: a message held back before.
  Wait,         // Waits for its turn: a retry, say.
};

enum class Turn {
  Taken,        // Go on.
  HeldBack,     // Asked with HoldBack and not free now: send it later (WaitHeldBack).
  Stopped,      // A stop request came while waiting.
  LimitReached, // max_per_run messages were accepted (or are under way) in this run.
};

// Whether a send holds one of the messages a shared max_per_run counts (SharedPacer), to give
// back when it is not accepted.
enum class RunMessage { NotCounted, Claimed };

// When a send started, for finish_send: a slow-down is learnt only from a send started after the
// last one (the replies to sends already under way say nothing of the new pace).
struct SendStart {
  Turn turn = Turn::Taken;
  std::chrono::steady_clock::time_point at;
  RunMessage run_message = RunMessage::NotCounted;
};

// Paces the messages of one mailbox. Thread-safe; the pipeline's threads call it concurrently.
// In-process (InProcessPacer, below); a pacer shared by several worker processes (a bucket in the
// shared ledger) implements the same interface: take_turn and space_send then claim the mailbox's
// next turn and next send time in one row of the database (a conditional update, so two workers
// never get the same one), and sleep here until it comes; max_per_run counts the sends of all of
// them; a slow-down is written to the row for all of them to keep.
//
// Every call may block (a turn or send time still to come) and must return at a stop request: the
// in-process pacer sleeps through the Sleep it is given (pipeline::sleep_unless_stopped).
class SendPacer {
public:
  virtual ~SendPacer() = default;

  // A turn to send one message, before the work of making it (rendering) begins.
  virtual Turn take_turn(WhenPaced when) = 0;
  // Before the message is marked as sending: Taken, or LimitReached (max_per_run). Every Taken
  // start is followed by one finish_send.
  virtual SendStart start_send() = 0;
  // Right before the bytes go out: waits out what is left of the spacing since the mailbox's
  // previous message. Taken, or Stopped by a stop request.
  virtual Turn space_send(SendStart& start) = 0;
  // After a send that start_send let go, with what became of it (a default Outcome when it never
  // went out). Returns a sentence for the run's output when the mailbox was slowed down because of
  // it.
  virtual std::optional<std::string> finish_send(const SendStart& start,
                                                 const Outcome& outcome) = 0;

  // How long the messages held back still need at the current pace; none when not paced.
  virtual std::optional<double> seconds_left() const = 0;
  virtual std::optional<unsigned> max_per_run() const = 0;
};

// Whether a temporary refusal says the mailbox is sending too fast: "rate", "too many" or
// "throttl" in the server's reply (Microsoft 365: "4.7.0 ... too many messages", Gmail: "4.7.28
// ... unusual rate").
bool is_throttling_reply(std::string_view reply);

// A token bucket of one token in this process, refilled at the mailbox's current rate: a smooth
// message every period/messages, 2% more (30/minute is one every 2.04 s), never a burst. A burst of
// 30 would also keep within "30 in any minute", but the hosted mailboxes do not say how they count
// (a sliding window, fixed minutes, or a bucket of their own that refills slowly), and the smooth
// pace is within all of them. On top of the bucket, space_send keeps the messages themselves that
// far apart, right before they go out, so the time spent rendering and marking between a turn and
// its send cannot bunch them up: no window of one period ever holds more than `messages` sends.
//
// A throttling reply halves the current rate (at least 1/minute) for the rest of the run; every
// 10 accepted messages after that add a tenth, up to the configured rate (Postfix's feedback on
// per-destination concurrency). A mailbox without a rate is paced from its first throttling reply
// on, at half the rate it had been sending at.
class InProcessPacer final : public SendPacer {
public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  // Sleeps for the duration unless a stop is requested; false if stopped.
  using Sleep = std::function<bool(std::chrono::steady_clock::duration)>;

  InProcessPacer(std::string mailbox, PacerLimits limits, Clock clock, Sleep sleep);

  Turn take_turn(WhenPaced when) override;
  SendStart start_send() override;
  Turn space_send(SendStart& start) override;
  std::optional<std::string> finish_send(const SendStart& start, const Outcome& outcome) override;
  std::optional<double> seconds_left() const override;
  std::optional<unsigned> max_per_run() const override { return m_limits.max_per_run; }

  // How far apart its messages go now (the rate's period per message, 2% more); none while
  // unpaced. What the workers sharing the mailbox space their schedule by (SharedPacer).
  std::optional<std::chrono::microseconds> current_interval() const;
  // Another worker sharing the mailbox was slowed down to messages `spacing` apart (SharedPacer):
  // this one keeps no faster a pace, from now on, and recovers from it as from a slow-down of its
  // own. Returns a sentence for the run's output when it slowed this one down.
  std::optional<std::string> adopt_slowdown(std::chrono::microseconds spacing);

  // The current rate in messages per second; none while unpaced. For tests.
  std::optional<double> current_rate() const;

private:
  std::chrono::steady_clock::duration interval() const; // Requires m_current_rate; under lock.

  std::string m_mailbox;
  PacerLimits m_limits;
  Clock m_clock;
  Sleep m_sleep;
  std::chrono::seconds m_display_period; // The unit messages give rates in.

  mutable std::mutex m_mutex;
  std::optional<double> m_current_rate; // Messages per second; none: unpaced.
  std::optional<double> m_ceiling;      // What recovery climbs back to.
  std::chrono::steady_clock::time_point m_next_turn{};
  std::chrono::steady_clock::time_point m_next_send{};
  std::optional<std::chrono::steady_clock::time_point> m_first_send;
  std::chrono::steady_clock::time_point m_last_slowdown{};
  unsigned m_accepted = 0;
  unsigned m_in_flight = 0;
  unsigned m_held_back = 0;
  unsigned m_accepted_since_change = 0;
};

} // namespace mailroom::transport
