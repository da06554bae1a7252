#include "message.hpp"

#include <engine/mail/mail_address.hpp>
#include <engine/mail/mail_text.hpp>
#include <engine/mail/mime_parts.hpp>
#include <engine/util/hash.hpp>

#include <exception>

namespace mailroom::mail {

namespace {

// vmime fills an encoded word until it reaches the line length it is given, so the last
// character can take the line up to 11 past it (a four-byte UTF-8 character is 12 characters in
// Q encoding). Asking for 64 keeps header lines within the 76 characters RFC 2047 allows next to
// encoded words; base64 lines get shorter too, which costs about 1% in size.
constexpr size_t k_line_length = 64;
// What vmime's base64 encoder writes for that line length: it ends a line once another group of
// four and the CRLF would reach it. The PDF is encoded by us, as vmime would (test_mime_parts).
constexpr size_t k_base64_line_length = 60;

Status check_input(const MessageInput& input) {
  if (input.mailbox == nullptr) {
    return make_error("no mailbox to send the message from");
  }
  if (!is_plain_address(input.mailbox->from_address)) {
    return make_error("unusable From address \"" + input.mailbox->from_address + "\"");
  }
  if (input.to.empty()) {
    return make_error("the message has no recipient");
  }
  for (const auto& address : input.to) {
    if (!is_plain_address(address)) {
      return make_error("unusable To address \"" + address + "\"");
    }
  }
  for (const auto& address : input.mailbox->bcc) {
    if (!is_plain_address(address)) {
      return make_error("unusable Bcc address \"" + address + "\"");
    }
  }
  if (!input.mailbox->reply_to.empty() &&
      !is_plain_address(parse_display_address(input.mailbox->reply_to).address)) {
    return make_error("unusable Reply-To \"" + input.mailbox->reply_to + "\"");
  }
  if (input.message_id.empty() || !is_plain_address(input.message_id)) {
    return make_error("unusable Message-ID \"" + input.message_id + "\"");
  }
  if (input.attachments.empty()) {
    return make_error("the message has no attachment");
  }
  for (const auto& attachment : input.attachments) {
    if (attachment.name.empty() || collapse_to_single_line(attachment.name) != attachment.name) {
      return make_error("unusable attachment name \"" + attachment.name + "\"");
    }
  }
  return Ok{};
}

void add_headers(vmime::header& header, const MessageInput& input) {
  const job::Mailbox& mailbox = *input.mailbox;
  header.Date()->setValue(mime::make_datetime(input.date));
  header.From()->setValue(mime::make_mailbox(mailbox.from_name, mailbox.from_address));
  if (!mailbox.reply_to.empty()) {
    const auto reply_to = parse_display_address(mailbox.reply_to);
    header.ReplyTo()->setValue(mime::make_mailbox(reply_to.name, reply_to.address));
  }
  vmime::addressList to;
  for (size_t index = 0; index < input.to.size(); ++index) {
    const std::string_view name = index == 0 ? std::string_view(input.to_name) : "";
    to.appendAddress(vmime::make_shared<vmime::mailbox>(mime::make_mailbox(name, input.to[index])));
  }
  header.To()->setValue(to);
  // Bcc recipients get the message through the envelope only: a Bcc header would show them to
  // every recipient whose server does not remove it.
  header.Subject()->setValue(mime::make_header_text(collapse_to_single_line(input.texts.subject)));
  header.MessageId()->setValue(vmime::messageId(input.message_id));
  header.MimeVersion()->setValue(std::string("1.0"));
}

void add_body(vmime::message& message, const MessageInput& input) {
  mime::make_multipart(message, "mixed", input.message_id);
  auto text_part = mime::make_text_part(input.texts.text_body, "plain");
  if (input.texts.html_body) {
    auto alternative = vmime::make_shared<vmime::bodyPart>();
    mime::make_multipart(*alternative, "alternative", input.message_id);
    alternative->getBody()->appendPart(text_part);
    alternative->getBody()->appendPart(mime::make_text_part(*input.texts.html_body, "html"));
    message.getBody()->appendPart(alternative);
  } else {
    message.getBody()->appendPart(text_part);
  }
  for (const auto& attachment : input.attachments) {
    message.getBody()->appendPart(
      mime::make_pdf_part(attachment.bytes, attachment.name, k_base64_line_length));
  }
}

size_t expected_size(const MessageInput& input) {
  // Base64 grows each PDF by 4/3 plus a line end every 60 characters; the rest is a few
  // kilobytes of headers and text, and a few hundred bytes of headers per attachment.
  size_t encoded_pdfs = 0;
  for (const auto& attachment : input.attachments) {
    const size_t encoded = (attachment.bytes.size() + 2) / 3 * 4;
    encoded_pdfs += encoded + encoded / k_base64_line_length * 2 + 512;
  }
  return encoded_pdfs + 2 * input.texts.text_body.size() +
         (input.texts.html_body ? 2 * input.texts.html_body->size() : 0) + 4096;
}

// What the message is for, in errors: its first attachment's name ("<number>.pdf").
std::string described(const MessageInput& input) {
  return input.attachments.empty() ? input.message_id : input.attachments.front().name;
}

} // namespace

void prepare_message_building() {
  mime::ensure_vmime_ready();
}

Result<BuiltMessage> build_message(const MessageInput& input) {
  TRY(check_input(input));
  BuiltMessage built;
  try {
    mime::ensure_vmime_ready();
    auto message = vmime::make_shared<vmime::message>();
    add_headers(*message->getHeader(), input);
    add_body(*message, input);

    built.bytes.reserve(expected_size(input));
    vmime::utility::outputStreamStringAdapter output(built.bytes);
    vmime::generationContext context(vmime::generationContext::getDefaultContext());
    context.setMaxLineLength(k_line_length);
    message->generate(context, output);
    output.flush();
  } catch (const vmime::exception& exception) {
    return make_error("cannot build the message for " + described(input) + ": " + exception.what());
  } catch (const std::exception& exception) {
    return make_error("cannot build the message for " + described(input) + ": " + exception.what());
  }
  built.envelope_sender = input.mailbox->from_address;
  built.envelope_recipients = input.to;
  built.envelope_recipients.insert(built.envelope_recipients.end(), input.mailbox->bcc.begin(),
                                   input.mailbox->bcc.end());
  built.envelope_recipients = without_repeats(std::move(built.envelope_recipients));
  built.message_id = input.message_id;
  return built;
}

std::string make_message_id(std::string_view job_name, std::string_view invoice_number, int attempt,
                            std::string_view sender_address) {
  std::string key(job_name);
  key += '\0';
  key += invoice_number;
  const auto at = sender_address.rfind('@');
  std::string domain =
    at == std::string_view::npos ? std::string() : std::string(sender_address.substr(at + 1));
  for (char& character : domain) {
    if (character >= 'A' && character <= 'Z') {
      character = static_cast<char>(character + 32);
    }
  }
  if (domain.empty() || !is_plain_address("x@" + domain)) {
    domain = "mailroom.invalid";
  }
  return hash::sha256_hex(key).substr(0, 20) + "." + std::to_string(attempt) + ".mailroom@" +
         domain;
}

} // namespace mailroom::mail
