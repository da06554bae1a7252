#pragma once

#include "certificates.hpp"
#include "tcp_socket.hpp"
#include "transport_url.hpp"

#include <engine/transport/transport.hpp>

#include <string>

// Everything one SMTP connection of a mailbox needs to know, fixed when the transport opens and
// shared read-only by all its pooled connections.

namespace mailroom::transport {

struct SmtpEndpoint {
  std::string mailbox_name;
  TransportUrl url;
  StartTls starttls = StartTls::Required;
  std::string username; // Empty: no authentication.
  std::string password;
  SocketTimeouts timeouts;
  Certificates trusted_authorities; // Empty when TLS is never used.

  // "mailbox 'acme'", the start of every message about this mailbox.
  std::string label() const { return "mailbox '" + mailbox_name + "'"; }
  // "smtp.example.com:587".
  std::string address() const { return host_and_port(url); }
  bool uses_tls() const { return url.scheme == UrlScheme::Smtps || starttls != StartTls::Off; }
};

} // namespace mailroom::transport
