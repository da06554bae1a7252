#include <engine/transport/transport.hpp>

#include <algorithm>

namespace mailroom::transport {

void Transport::mark_unreachable(std::string reason) {
  const std::lock_guard lock(m_mutex);
  if (!m_unreachable) {
    m_unreachable = std::move(reason);
  }
}

std::optional<std::string> Transport::unreachable() const {
  const std::lock_guard lock(m_mutex);
  return m_unreachable;
}

std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, unsigned retry, double random) {
  using std::chrono::milliseconds;
  // Doubling stops at the cap long before 2^retry could overflow.
  milliseconds delay = policy.backoff_base;
  for (unsigned step = 1; step < retry && delay < policy.backoff_cap; ++step) {
    delay *= 2;
  }
  delay = std::min(delay, policy.backoff_cap);
  const auto jitter = milliseconds(static_cast<milliseconds::rep>(
    static_cast<double>(delay.count()) * std::clamp(random, 0.0, 1.0)));
  return delay + jitter;
}

} // namespace mailroom::transport
