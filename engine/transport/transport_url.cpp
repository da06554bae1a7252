#include "transport_url.hpp"

#include <engine/util/text.hpp>

#include <charconv>

namespace mailroom::transport {

namespace {

constexpr std::string_view k_expected_forms =
  "expected smtp://host:port, smtps://host:port or maildir:/absolute/path";

Error invalid(std::string_view url, std::string_view reason) {
  return make_error("invalid mailbox url \"" + std::string(url) + "\": " + std::string(reason) +
                    " (" + std::string(k_expected_forms) + ")");
}

Result<TransportUrl> parse_server(std::string_view url, std::string_view rest, UrlScheme scheme) {
  TransportUrl parsed;
  parsed.scheme = scheme;
  parsed.port = scheme == UrlScheme::Smtps ? 465 : 25;
  // A trailing slash is harmless; a path, a query or credentials are not what we expect.
  if (!rest.empty() && rest.back() == '/') {
    rest.remove_suffix(1);
  }
  if (rest.find_first_of("/?#@") != std::string_view::npos) {
    return invalid(url, "only a host and a port may follow the scheme");
  }
  std::string_view host = rest;
  std::string_view port;
  if (text::starts_with(rest, "[")) {
    const auto closing = rest.find(']');
    if (closing == std::string_view::npos) {
      return invalid(url, "missing ']' after the IPv6 address");
    }
    host = rest.substr(1, closing - 1);
    const auto after = rest.substr(closing + 1);
    if (!after.empty()) {
      if (after.front() != ':') {
        return invalid(url, "expected ':' and a port after ']'");
      }
      port = after.substr(1);
    }
  } else if (const auto colon = rest.rfind(':'); colon != std::string_view::npos) {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) {
      return invalid(url, "write an IPv6 address in brackets, as in smtp://[::1]:25");
    }
  }
  if (host.empty()) {
    return invalid(url, "the host is missing");
  }
  if (text::has_control_character(host) || host.find(' ') != std::string_view::npos) {
    return invalid(url, "the host holds a space or a control character");
  }
  parsed.host = std::string(host);
  if (!port.empty() || rest.ends_with(":")) {
    unsigned value = 0;
    const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || error != std::errc{} || end != port.data() + port.size() || value == 0 ||
        value > 65535) {
      return invalid(url, "the port must be a number from 1 to 65535");
    }
    parsed.port = static_cast<unsigned short>(value);
  }
  return parsed;
}

} // namespace

Result<TransportUrl> parse_transport_url(std::string_view url) {
  if (text::starts_with(url, "smtp://")) {
    return parse_server(url, url.substr(7), UrlScheme::Smtp);
  }
  if (text::starts_with(url, "smtps://")) {
    return parse_server(url, url.substr(8), UrlScheme::Smtps);
  }
  if (text::starts_with(url, "maildir:")) {
    std::string_view path = url.substr(8);
    // Accept maildir:///path as well as maildir:/path.
    if (text::starts_with(path, "//")) {
      path.remove_prefix(2);
    }
    const std::filesystem::path folder(path);
    if (path.empty() || !folder.is_absolute()) {
      return invalid(url, "the maildir path must be absolute");
    }
    TransportUrl parsed;
    parsed.scheme = UrlScheme::Maildir;
    parsed.folder = folder.lexically_normal();
    return parsed;
  }
  return invalid(url, "unknown scheme");
}

std::string host_and_port(const TransportUrl& url) {
  const bool is_ipv6 = url.host.find(':') != std::string::npos;
  return (is_ipv6 ? "[" + url.host + "]" : url.host) + ":" + std::to_string(url.port);
}

} // namespace mailroom::transport
