#pragma once

#include <engine/job/model.hpp>
#include <engine/mail/templates.hpp>
#include <engine/util/result.hpp>
#include <engine/util/time.hpp>

#include <string>
#include <vector>

namespace mailroom::mail {

// A PDF attached to a mail.
struct Attachment {
  std::string name;       // The file name the reader sees: "<number>.pdf".
  std::string_view bytes; // The PDF; not copied until the MIME body is built.
};

// Everything that goes into one mail: an invoice's, or a reminder's.
struct MessageInput {
  const job::Mailbox* mailbox = nullptr; // From, Reply-To and Bcc.
  std::vector<std::string> to;           // The debtor's valid addresses.
  std::string to_name;                   // The debtor's name, shown with the first address.
  MailTexts texts;
  std::vector<Attachment> attachments; // At least one, attached in this order.
  std::string message_id;              // Without angle brackets.
  time::TimePoint date;
};

// The message as bytes ready for SMTP DATA (CRLF line ends), and its envelope.
struct BuiltMessage {
  std::string bytes;
  std::string envelope_sender;
  std::vector<std::string> envelope_recipients; // To and Bcc.
  std::string message_id;
};

// Builds the MIME message with vmime: multipart/mixed with the text (or multipart/alternative
// text+html) and the attachments, each application/pdf in base64, in order; non-ASCII names and
// subjects encoded per RFC 2047.
Result<BuiltMessage> build_message(const MessageInput& input);

// vmime's one-time set-up, done by the first build_message too. Call it before starting threads
// that build messages, so that it happens once, on this thread (mime_parts.cpp says why).
void prepare_message_building();

// A Message-ID unique and stable per job, invoice and attempt:
// "<20 hex digits of SHA-256 of job and invoice>.<attempt>.mailroom@<domain of the sender>"
// (without angle brackets).
std::string make_message_id(std::string_view job_name, std::string_view invoice_number, int attempt,
                            std::string_view sender_address);

} // namespace mailroom::mail
