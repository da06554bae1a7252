#include "smtp_connection.hpp"

#include "idle_timeout.hpp"
#include "message_stream.hpp"
#include "smtp_envelope.hpp"
#include "smtp_failure.hpp"

#include <engine/util/time.hpp>

#include <vmime/net/session.hpp>
#include <vmime/security/cert/defaultCertificateVerifier.hpp>

#include <algorithm>

namespace mailroom::transport {

namespace {

// A fresh vmime session and transport for each connection: nothing vmime keeps is shared
// between the threads that use the pool.
std::shared_ptr<vmime::net::transport> make_vmime_transport(
  const SmtpEndpoint& endpoint, std::shared_ptr<TcpSocketFactory> socket_factory,
  std::shared_ptr<ReplyRecorder> recorder) {
  auto session = vmime::net::session::create();
  const bool is_smtps = endpoint.url.scheme == UrlScheme::Smtps;
  const std::string prefix = is_smtps ? "transport.smtps." : "transport.smtp.";
  auto& properties = session->getProperties();
  properties.setProperty(prefix + "server.address", endpoint.url.host);
  properties.setProperty(prefix + "server.port", vmime::port_t{endpoint.url.port});
  // FIXME: vmime 0.9.2 starts TLS (smtps and STARTTLS) without SNI, the server name indication;
  // later vmime sets it. A server with several names may then present another name's
  // certificate, which is refused.
  if (!is_smtps) {
    properties.setProperty(prefix + "connection.tls", endpoint.starttls != StartTls::Off);
    properties.setProperty(prefix + "connection.tls.required",
                           endpoint.starttls == StartTls::Required);
  }
  const bool authenticates = !endpoint.username.empty();
  properties.setProperty(prefix + "options.need-authentication", authenticates);
  if (authenticates) {
    properties.setProperty(prefix + "auth.username", endpoint.username);
    properties.setProperty(prefix + "auth.password", endpoint.password);
  }

  auto transport = session->getTransport(is_smtps ? "smtps" : "smtp");
  if (!transport) {
    throw vmime::exceptions::no_factory_available();
  }
  transport->setSocketFactory(std::move(socket_factory));
  // Our socket enforces the command and final-reply limits itself; vmime's handler only backs it
  // up, so it must never give up before the longer of the two.
  transport->setTimeoutHandlerFactory(std::make_shared<IdleTimeoutFactory>(
    std::max(endpoint.timeouts.idle, endpoint.timeouts.data_done)));
  // FIXME: vmime 0.9.2 numbers the connections of all tracing transports with an unguarded
  // static counter; two pool threads connecting at once race on it (the number is unused).
  transport->setTracerFactory(std::make_shared<RecordingTracerFactory>(std::move(recorder)));
  auto verifier = std::make_shared<vmime::security::cert::defaultCertificateVerifier>();
  verifier->setX509RootCAs(endpoint.trusted_authorities);
  transport->setCertificateVerifier(verifier);
  return transport;
}

} // namespace

SmtpConnection::SmtpConnection(std::shared_ptr<const SmtpEndpoint> endpoint)
  : m_endpoint(std::move(endpoint))
  , m_recorder(std::make_shared<ReplyRecorder>())
  , m_socket_factory(std::make_shared<TcpSocketFactory>(m_endpoint->timeouts)) {
  // The recorder lives as long as this connection; it must not keep the factory alive.
  m_recorder->on_data_sent([factory = std::weak_ptr<TcpSocketFactory>(m_socket_factory)] {
    if (const auto owner = factory.lock()) {
      if (const auto socket = owner->latest_socket()) {
        socket->flush();
        socket->expect(TcpSocket::Waiting::ForFinalReply);
      }
    }
  });
}

SmtpConnection::~SmtpConnection() {
  disconnect();
}

bool SmtpConnection::is_open() const {
  if (!m_transport) {
    return false;
  }
  const auto socket = m_socket_factory->latest_socket();
  if (!socket || !m_transport->isConnected()) {
    return false;
  }
  return socket->is_idle_and_open(m_transport->isSecuredConnection()
                                    ? TcpSocket::Protocol::Encrypted
                                    : TcpSocket::Protocol::Plain);
}

Status SmtpConnection::connect() {
  try {
    if (is_open()) {
      return Ok{};
    }
    drop();
    m_recorder->begin_message();
    m_transport = make_vmime_transport(*m_endpoint, m_socket_factory, m_recorder);
    m_transport->connect();
    return Ok{};
  } catch (...) {
    auto message =
      describe_connect_failure(*m_endpoint, std::current_exception(), m_recorder->last_reply());
    drop();
    return make_error(m_endpoint->label() + ": " + message);
  }
}

Outcome SmtpConnection::send(const Envelope& envelope, std::string_view message) {
  Outcome outcome;
  auto converted = to_smtp_envelope(envelope);
  if (!converted) {
    outcome.failure = {FailureKind::Permanent,
                       m_endpoint->label() + ": " + converted.error().message};
    return outcome;
  }
  if (auto connected = connect(); !connected) {
    outcome.failure.kind = FailureKind::Temporary;
    outcome.failure.message = connected.error().message;
    outcome.failure.scope = FailureScope::Mailbox;
    return outcome;
  }
  m_recorder->begin_message();
  if (const auto socket = m_socket_factory->latest_socket()) {
    socket->expect(TcpSocket::Waiting::ForCommandReply);
  }
  try {
    const std::string_view data = data_for_vmime(message);
    MessageStream stream(data);
    m_transport->send(*converted->sender, converted->recipients, stream, data.size());
  } catch (...) {
    const auto data = m_recorder->data_sent() ? DataState::Sent : DataState::NotSent;
    auto failure = classify_send_failure(*m_endpoint, std::current_exception(), data);
    if (failure.connection == ConnectionState::Broken) {
      drop();
    }
    outcome.failure = std::move(failure.failure);
    return outcome;
  }
  Delivery delivery;
  delivery.accepted_at = time::now();
  delivery.server_reply = m_recorder->last_reply();
  // FIXME: vmime 0.9.2 abandons the whole message at the first refused RCPT, so a delivery
  // never has refused recipients; the refusal comes back as a failure naming the address.
  outcome.delivery = std::move(delivery);
  return outcome;
}

void SmtpConnection::disconnect() {
  try {
    if (m_transport && m_transport->isConnected()) {
      m_transport->disconnect();
    }
  } catch (...) {
    // QUIT is a courtesy; the socket is closed below either way.
  }
  drop();
}

void SmtpConnection::drop() {
  if (!m_transport) {
    return;
  }
  // Close the socket first: vmime's destructor would otherwise say QUIT on a connection whose
  // state is unknown.
  if (const auto socket = m_socket_factory->latest_socket()) {
    socket->disconnect();
  }
  m_transport.reset();
}

} // namespace mailroom::transport
