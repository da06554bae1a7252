#include "certificates.hpp"
#include "maildir_transport.hpp"
#include "smtp_endpoint.hpp"
#include "smtp_transport.hpp"
#include "transport_url.hpp"

#include <engine/transport/transport.hpp>

#include <vmime/net/session.hpp>
#include <vmime/net/transport.hpp>
#include <vmime/platform.hpp>

#include <mutex>

namespace mailroom::transport {

namespace {

// vmime creates its platform handler and the SMTP services' property tables on first use,
// partly without a lock; create them here, before pipeline threads can race to do it.
void prepare_vmime() {
  static std::once_flag once;
  std::call_once(once, [] {
    vmime::platform::getHandler();
    const auto session = vmime::net::session::create();
    for (const char* protocol : {"smtp", "smtps"}) {
      if (const auto transport = session->getTransport(protocol)) {
        transport->getInfos().getAvailableProperties();
      }
    }
  });
}

Result<std::unique_ptr<Transport>> open_smtp(const Settings& settings, TransportUrl url) {
  const std::string label = "mailbox '" + settings.name + "'";
  if (settings.connections == 0) {
    return make_error(label + ": connections must be at least 1");
  }
  prepare_vmime();
  auto endpoint = std::make_shared<SmtpEndpoint>();
  endpoint->mailbox_name = settings.name;
  endpoint->url = std::move(url);
  endpoint->starttls = settings.starttls;
  endpoint->username = settings.username;
  endpoint->password = settings.password;
  endpoint->timeouts.connect = settings.connect_timeout;
  endpoint->timeouts.idle = settings.command_timeout;
  endpoint->timeouts.data_done = settings.data_timeout;
  if (endpoint->uses_tls()) {
    const std::filesystem::path bundle =
      settings.ca_file.empty() ? std::filesystem::path(k_system_ca_bundle) : settings.ca_file;
    auto certificates = load_certificates(bundle);
    if (!certificates) {
      return make_error(label + ": cannot load the trusted certificate authorities: " +
                        certificates.error().to_string());
    }
    endpoint->trusted_authorities = std::move(*certificates);
  }
  auto transport = std::make_unique<SmtpTransport>(std::move(endpoint), settings.connections);
  transport->set_retry_policy(settings.retry);
  return std::unique_ptr<Transport>(std::move(transport));
}

} // namespace

Result<std::unique_ptr<Transport>> open_transport(const Settings& settings) {
  try {
    auto url = parse_transport_url(settings.url);
    if (!url) {
      return make_error("mailbox '" + settings.name + "': " + url.error().message);
    }
    if (url->scheme == UrlScheme::Maildir) {
      auto transport = std::make_unique<MaildirTransport>(settings.name, url->folder);
      transport->set_retry_policy(settings.retry);
      return std::unique_ptr<Transport>(std::move(transport));
    }
    return open_smtp(settings, std::move(*url));
  } catch (const std::exception& error) {
    return make_error("mailbox '" + settings.name + "': " + error.what());
  }
}

} // namespace mailroom::transport
