#pragma once

#include <engine/transport/transport.hpp>
#include <engine/util/result.hpp>

#include <vmime/mailbox.hpp>
#include <vmime/mailboxList.hpp>

#include <memory>
#include <string_view>

// The envelope in vmime's types, after checking each address is a plain "local@domain": the
// addresses come from invoice data, and a CR or LF in one would let it add SMTP commands.

namespace mailroom::transport {

struct SmtpEnvelope {
  std::shared_ptr<vmime::mailbox> sender;
  vmime::mailboxList recipients;
};

Result<SmtpEnvelope> to_smtp_envelope(const Envelope& envelope);

} // namespace mailroom::transport
