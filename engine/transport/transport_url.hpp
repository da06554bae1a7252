#pragma once

#include <engine/util/result.hpp>

#include <filesystem>
#include <string>
#include <string_view>

// The mailbox URL of the settings, taken apart.

namespace mailroom::transport {

enum class UrlScheme { Smtp, Smtps, Maildir };

struct TransportUrl {
  UrlScheme scheme = UrlScheme::Smtp;
  std::string host;             // Without brackets, for SMTP(S).
  unsigned short port = 0;      // For SMTP(S): given, or 25 / 465.
  std::filesystem::path folder; // Absolute, for maildir.
};

// Accepts smtp://host[:port], smtps://host[:port] (IPv6 addresses in brackets) and
// maildir:/absolute/path; nothing else, so a typo is found before anything is sent.
Result<TransportUrl> parse_transport_url(std::string_view url);

// "host:port" for messages, with brackets around an IPv6 address.
std::string host_and_port(const TransportUrl& url);

} // namespace mailroom::transport
