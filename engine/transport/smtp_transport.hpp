#pragma once

#include "smtp_connection.hpp"
#include "smtp_endpoint.hpp"

#include <engine/transport/transport.hpp>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

// An SMTP(S) mailbox: a pool of up to `connections` SmtpConnections. send() borrows an idle one
// (waiting while all are busy), sends over it and gives it back, so a run opens a handful of
// connections and sends every message over them.

namespace mailroom::transport {

class SmtpTransport final : public Transport {
public:
  SmtpTransport(std::shared_ptr<const SmtpEndpoint> endpoint, unsigned connections);
  ~SmtpTransport() override;

  Status check() override;
  Outcome send(const Envelope& envelope, std::string_view message) override;
  void close() override;

private:
  // Hands out one connection to one thread at a time; returns it on destruction.
  class Loan {
  public:
    Loan(SmtpTransport& transport, SmtpConnection& connection)
      : m_transport(transport)
      , m_connection(connection) {}
    ~Loan() { m_transport.give_back(m_connection); }
    Loan(const Loan&) = delete;
    Loan& operator=(const Loan&) = delete;
    SmtpConnection* operator->() { return &m_connection; }

  private:
    SmtpTransport& m_transport;
    SmtpConnection& m_connection;
  };

  Loan borrow();
  void give_back(SmtpConnection& connection);

  std::shared_ptr<const SmtpEndpoint> m_endpoint;
  std::mutex m_mutex;
  std::condition_variable m_returned;
  std::vector<std::unique_ptr<SmtpConnection>> m_connections; // All; created on first send.
  std::vector<SmtpConnection*> m_idle;                        // Most recently used last.
  unsigned m_capacity;
};

} // namespace mailroom::transport
