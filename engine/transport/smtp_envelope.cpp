#include "smtp_envelope.hpp"

#include <engine/util/text.hpp>

#include <vmime/emailAddress.hpp>

namespace mailroom::transport {

namespace {

Result<std::shared_ptr<vmime::mailbox>> to_mailbox(std::string_view address,
                                                   std::string_view role) {
  const auto invalid = [&](std::string_view reason) {
    return make_error("invalid envelope " + std::string(role) + " \"" + std::string(address) +
                      "\": " + std::string(reason));
  };
  if (text::has_control_character(address)) {
    return invalid("it holds a control character");
  }
  if (address.find_first_of(" <>") != std::string_view::npos) {
    return invalid("it holds a space or an angle bracket");
  }
  const auto at = address.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == address.size()) {
    return invalid("expected local-part@domain");
  }
  // Built from its two parts rather than parsed, so vmime cannot reinterpret the address.
  // FIXME: a non-ASCII address only goes through unchanged to a server offering SMTPUTF8.
  const vmime::emailAddress email(std::string(address.substr(0, at)),
                                  std::string(address.substr(at + 1)));
  return std::make_shared<vmime::mailbox>(email);
}

} // namespace

Result<SmtpEnvelope> to_smtp_envelope(const Envelope& envelope) {
  SmtpEnvelope converted;
  converted.sender = TRY(to_mailbox(envelope.sender, "sender"));
  if (envelope.recipients.empty()) {
    return make_error("the envelope has no recipient");
  }
  for (const auto& recipient : envelope.recipients) {
    converted.recipients.appendMailbox(TRY(to_mailbox(recipient, "recipient")));
  }
  return converted;
}

} // namespace mailroom::transport
