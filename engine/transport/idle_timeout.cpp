#include "idle_timeout.hpp"

namespace mailroom::transport {

IdleTimeout::IdleTimeout(std::chrono::milliseconds limit)
  : m_limit(limit)
  , m_start(std::chrono::steady_clock::now()) {}

bool IdleTimeout::isTimeOut() {
  return std::chrono::steady_clock::now() - m_start >= m_limit;
}

void IdleTimeout::resetTimeOut() {
  m_start = std::chrono::steady_clock::now();
}

bool IdleTimeout::handleTimeOut() {
  // Cancel the operation: a retry is the pipeline's decision, not the socket's.
  return false;
}

IdleTimeoutFactory::IdleTimeoutFactory(std::chrono::milliseconds limit)
  : m_limit(limit) {}

std::shared_ptr<vmime::net::timeoutHandler> IdleTimeoutFactory::create() {
  return std::make_shared<IdleTimeout>(m_limit);
}

} // namespace mailroom::transport
