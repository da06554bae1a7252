#include "send_pacer.hpp"

#include <engine/transport/transport.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace mailroom::transport {

namespace {

using std::chrono::steady_clock;

constexpr double k_slowest = 1.0 / 60.0; // A throttled mailbox never goes below 1/minute.
constexpr unsigned k_recovery_step = 10; // Accepted messages per tenth of rate regained.
// Messages go out 2% further apart than the rate: the server times them by their arrival, a few
// milliseconds later or earlier each, and an exact pace would then now and then put one message
// too many into a period (measured: 6 in a second at 5/second, gaps of 197 to 202 ms).
constexpr double k_margin = 1.02;

std::string lowered(std::string_view text) {
  std::string result(text);
  std::transform(result.begin(), result.end(), result.begin(),
                 [](unsigned char character) { return std::tolower(character); });
  return result;
}

std::string number_text(double value) {
  char buffer[32];
  if (std::fabs(value - std::round(value)) < 0.05) {
    std::snprintf(buffer, sizeof buffer, "%.0f", value);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.1f", value);
  }
  return buffer;
}

std::string_view period_name(std::chrono::seconds period) {
  switch (period.count()) {
    case 1:
      return "second";
    case 60:
      return "minute";
    case 3'600:
      return "hour";
    default:
      return "day";
  }
}

} // namespace

double Rate::per_second() const {
  return static_cast<double>(messages) / static_cast<double>(period.count());
}

std::string rate_text(double per_second, std::chrono::seconds preferred_period) {
  using std::chrono::seconds;
  const seconds periods[] = {seconds(1), seconds(60), seconds(3'600), seconds(86'400)};
  for (const auto period : periods) {
    if (period < preferred_period) {
      continue;
    }
    const double count = per_second * static_cast<double>(period.count());
    if (count >= 1.0 || period == periods[3]) {
      return number_text(count) + "/" + std::string(period_name(period));
    }
  }
  return number_text(per_second * 86'400) + "/day";
}

bool is_throttling_reply(std::string_view reply) {
  const auto text = lowered(reply);
  return text.find("rate") != std::string::npos || text.find("too many") != std::string::npos ||
         text.find("throttl") != std::string::npos;
}

InProcessPacer::InProcessPacer(std::string mailbox, PacerLimits limits, Clock clock, Sleep sleep)
  : m_mailbox(std::move(mailbox))
  , m_limits(limits)
  , m_clock(std::move(clock))
  , m_sleep(std::move(sleep))
  , m_display_period(limits.rate ? limits.rate->period : std::chrono::seconds(1)) {
  if (m_limits.rate) {
    m_current_rate = m_limits.rate->per_second();
    m_ceiling = m_current_rate;
  }
}

steady_clock::duration InProcessPacer::interval() const {
  return std::chrono::duration_cast<steady_clock::duration>(
    std::chrono::duration<double>(k_margin / *m_current_rate));
}

Turn InProcessPacer::take_turn(WhenPaced when) {
  std::unique_lock lock(m_mutex);
  if (m_limits.max_per_run && m_accepted >= *m_limits.max_per_run) {
    if (when == WhenPaced::WaitHeldBack && m_held_back > 0) {
      --m_held_back;
    }
    return Turn::LimitReached;
  }
  if (!m_current_rate) {
    if (when == WhenPaced::WaitHeldBack && m_held_back > 0) {
      --m_held_back;
    }
    return Turn::Taken;
  }
  const auto now = m_clock();
  if (when == WhenPaced::HoldBack && now < m_next_turn) {
    ++m_held_back;
    return Turn::HeldBack;
  }
  // The turn is this one's from now on, even while it sleeps until then.
  const auto turn = std::max(m_next_turn, now);
  m_next_turn = turn + interval();
  if (when == WhenPaced::WaitHeldBack && m_held_back > 0) {
    --m_held_back;
  }
  lock.unlock();
  if (turn > now && !m_sleep(turn - now)) {
    return Turn::Stopped;
  }
  return Turn::Taken;
}

SendStart InProcessPacer::start_send() {
  const std::lock_guard lock(m_mutex);
  const auto now = m_clock();
  // Counting those under way too keeps several threads from all passing the limit at once.
  if (m_limits.max_per_run && m_accepted + m_in_flight >= *m_limits.max_per_run) {
    return {Turn::LimitReached, now};
  }
  ++m_in_flight;
  return {Turn::Taken, now};
}

Turn InProcessPacer::space_send(SendStart& start) {
  std::unique_lock lock(m_mutex);
  const auto now = m_clock();
  auto at = now;
  if (m_current_rate) {
    at = std::max(m_next_send, now);
    m_next_send = at + interval();
  }
  if (!m_first_send) {
    m_first_send = at;
  }
  start.at = at;
  lock.unlock();
  if (at > now && !m_sleep(at - now)) {
    start.turn = Turn::Stopped;
    return Turn::Stopped;
  }
  return Turn::Taken;
}

std::optional<std::string> InProcessPacer::finish_send(const SendStart& start,
                                                       const Outcome& outcome) {
  const std::lock_guard lock(m_mutex);
  if (m_in_flight > 0) {
    --m_in_flight;
  }
  if (outcome.delivered()) {
    ++m_accepted;
    // Recovery: a tenth of the rate back per k_recovery_step accepted messages, up to the ceiling.
    if (m_current_rate && m_ceiling && *m_current_rate < *m_ceiling &&
        ++m_accepted_since_change >= k_recovery_step) {
      m_current_rate = std::min(*m_ceiling, *m_current_rate * 1.1);
      m_accepted_since_change = 0;
    }
    return std::nullopt;
  }
  const auto& failure = outcome.failure;
  if (failure.kind != FailureKind::Temporary || !is_throttling_reply(failure.server_reply) ||
      start.at <= m_last_slowdown) {
    return std::nullopt;
  }
  const auto now = m_clock();
  double from = 0;
  if (m_current_rate) {
    from = *m_current_rate;
  } else {
    // Unpaced until now: the rate it has been sending at (at least one message in the time).
    const double seconds = std::chrono::duration<double>(now - m_first_send.value_or(now)).count();
    from = static_cast<double>(std::max(1u, m_accepted)) / std::max(1.0, seconds);
    m_ceiling = from;
  }
  m_current_rate = std::max(k_slowest, from / 2);
  m_last_slowdown = now;
  m_accepted_since_change = 0;
  // The slower pace holds from now on for the turns not yet given out.
  m_next_turn = std::max(m_next_turn, now + interval());
  m_next_send = std::max(m_next_send, now + interval());
  return "mailbox \"" + m_mailbox + "\" slowed to " + rate_text(*m_current_rate, m_display_period) +
         " after: " + (failure.server_reply.empty() ? failure.message : failure.server_reply);
}

std::optional<std::chrono::microseconds> InProcessPacer::current_interval() const {
  const std::lock_guard lock(m_mutex);
  if (!m_current_rate) {
    return std::nullopt;
  }
  return std::chrono::round<std::chrono::microseconds>(interval());
}

std::optional<std::string> InProcessPacer::adopt_slowdown(std::chrono::microseconds spacing) {
  const std::lock_guard lock(m_mutex);
  const double rate =
    std::max(k_slowest, k_margin / std::chrono::duration<double>(spacing).count());
  if (m_current_rate && *m_current_rate <= rate) {
    return std::nullopt;
  }
  if (!m_ceiling) {
    // Unpaced until now: recovery climbs back to twice the rate, as after a slow-down of its own.
    m_ceiling = 2 * rate;
  }
  const auto now = m_clock();
  m_current_rate = rate;
  // Replies to sends already under way say nothing of the new pace.
  m_last_slowdown = now;
  m_accepted_since_change = 0;
  m_next_turn = std::max(m_next_turn, now + interval());
  m_next_send = std::max(m_next_send, now + interval());
  return "mailbox \"" + m_mailbox + "\" slowed to " + rate_text(rate, m_display_period) +
         ": another worker sending through it was told it sends too fast";
}

std::optional<double> InProcessPacer::seconds_left() const {
  const std::lock_guard lock(m_mutex);
  if (!m_current_rate || m_held_back == 0) {
    return std::nullopt;
  }
  return static_cast<double>(m_held_back) / *m_current_rate;
}

std::optional<double> InProcessPacer::current_rate() const {
  const std::lock_guard lock(m_mutex);
  return m_current_rate;
}

} // namespace mailroom::transport
