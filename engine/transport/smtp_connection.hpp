#pragma once

#include "reply_recorder.hpp"
#include "smtp_endpoint.hpp"
#include "tcp_socket.hpp"

#include <engine/transport/transport.hpp>
#include <engine/util/result.hpp>

#include <vmime/net/transport.hpp>

#include <memory>
#include <string_view>

// One SMTP connection of the pool: a vmime SMTP(S) transport with our socket, timeouts, tracer
// and certificate checks. Used by one thread at a time (the one that borrowed it); carries many
// messages; reconnects when it was dropped.

namespace mailroom::transport {

class SmtpConnection {
public:
  explicit SmtpConnection(std::shared_ptr<const SmtpEndpoint> endpoint);
  ~SmtpConnection();
  SmtpConnection(const SmtpConnection&) = delete;
  SmtpConnection& operator=(const SmtpConnection&) = delete;

  // Connects unless already connected with the server still there.
  Status connect();

  Outcome send(const Envelope& envelope, std::string_view message);

  // Says QUIT and closes; the next send() reconnects.
  void disconnect();

private:
  bool is_open() const;
  // Forgets the vmime transport (closing its socket) after an error left it in an unknown state.
  void drop();

  std::shared_ptr<const SmtpEndpoint> m_endpoint;
  std::shared_ptr<ReplyRecorder> m_recorder;
  std::shared_ptr<TcpSocketFactory> m_socket_factory;
  std::shared_ptr<vmime::net::transport> m_transport;
};

} // namespace mailroom::transport
