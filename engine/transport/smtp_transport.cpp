#include "smtp_transport.hpp"

namespace mailroom::transport {

SmtpTransport::SmtpTransport(std::shared_ptr<const SmtpEndpoint> endpoint, unsigned connections)
  : m_endpoint(std::move(endpoint))
  , m_capacity(connections) {
  m_connections.reserve(m_capacity);
}

SmtpTransport::~SmtpTransport() {
  close();
}

SmtpTransport::Loan SmtpTransport::borrow() {
  std::unique_lock lock(m_mutex);
  while (true) {
    if (!m_idle.empty()) {
      // The most recently used connection is the one most likely still open.
      SmtpConnection* connection = m_idle.back();
      m_idle.pop_back();
      return Loan(*this, *connection);
    }
    if (m_connections.size() < m_capacity) {
      // Connecting happens later, outside the lock, so threads connect in parallel.
      m_connections.push_back(std::make_unique<SmtpConnection>(m_endpoint));
      return Loan(*this, *m_connections.back());
    }
    m_returned.wait(lock);
  }
}

void SmtpTransport::give_back(SmtpConnection& connection) {
  {
    const std::lock_guard lock(m_mutex);
    m_idle.push_back(&connection);
  }
  // Both senders and close() wait on this; wake them all so none misses its turn.
  m_returned.notify_all();
}

Status SmtpTransport::check() {
  auto connection = borrow();
  return connection->connect();
}

Outcome SmtpTransport::send(const Envelope& envelope, std::string_view message) {
  try {
    auto connection = borrow();
    return connection->send(envelope, message);
  } catch (const std::exception& error) {
    // Only allocation failures can get here; SmtpConnection catches everything vmime throws.
    Outcome outcome;
    outcome.failure = {FailureKind::Temporary, m_endpoint->label() + ": " + error.what()};
    return outcome;
  }
}

void SmtpTransport::close() {
  std::unique_lock lock(m_mutex);
  // Wait for the messages under way: their connections come back when they finish, within
  // the timeouts.
  m_returned.wait(lock, [&] { return m_idle.size() == m_connections.size(); });
  for (auto* connection : m_idle) {
    connection->disconnect();
  }
}

} // namespace mailroom::transport
