#include "mime_reader.hpp"

#include <vmime/contentDispositionField.hpp>
#include <vmime/contentTypeField.hpp>
#include <vmime/vmime.hpp>

#include <mutex>
#include <stdexcept>

namespace mailroom::testing {

namespace {

std::string lower_case(std::string text) {
  for (char& character : text) {
    if (character >= 'A' && character <= 'Z') {
      character = static_cast<char>(character + 32);
    }
  }
  return text;
}

std::string with_lf_line_ends(const std::string& text) {
  std::string result;
  for (size_t index = 0; index < text.size(); ++index) {
    if (text[index] == '\r') {
      result += '\n';
      if (index + 1 < text.size() && text[index + 1] == '\n') {
        ++index;
      }
    } else {
      result += text[index];
    }
  }
  return result;
}

std::string decoded_text(const vmime::text& text) {
  return text.getConvertedText(vmime::charset(vmime::charsets::UTF_8));
}

std::string address_of(const vmime::mailbox& mailbox) {
  return mailbox.getEmail().toString();
}

std::string contents_of(const vmime::body& body) {
  std::string bytes;
  vmime::utility::outputStreamStringAdapter output(bytes);
  body.getContents()->extract(output);
  output.flush();
  return bytes;
}

std::string text_contents_of(const vmime::bodyPart& part) {
  std::string bytes = contents_of(*part.getBody());
  const auto type =
    part.getHeader()->findField<vmime::contentTypeField>(vmime::fields::CONTENT_TYPE);
  if (type && type->hasCharset() && type->getCharset() != vmime::charset(vmime::charsets::UTF_8)) {
    std::string converted;
    vmime::charset::convert(bytes, converted, type->getCharset(),
                            vmime::charset(vmime::charsets::UTF_8));
    bytes = converted;
  }
  return with_lf_line_ends(bytes);
}

bool is_attachment(const vmime::bodyPart& part) {
  const auto disposition =
    part.getHeader()->findField<vmime::contentDispositionField>(vmime::fields::CONTENT_DISPOSITION);
  return disposition &&
         lower_case(disposition->getValue<vmime::contentDisposition>()->getName()) == "attachment";
}

std::string filename_of(const vmime::bodyPart& part) {
  const auto disposition =
    part.getHeader()->findField<vmime::contentDispositionField>(vmime::fields::CONTENT_DISPOSITION);
  if (disposition && disposition->hasFilename()) {
    return disposition->getFilename().getConvertedText(vmime::charset(vmime::charsets::UTF_8));
  }
  const auto type =
    part.getHeader()->findField<vmime::contentTypeField>(vmime::fields::CONTENT_TYPE);
  if (type && type->hasParameter("name")) {
    return type->getParameter("name")->getValue().getConvertedText(
      vmime::charset(vmime::charsets::UTF_8));
  }
  return "";
}

void collect_parts(const vmime::bodyPart& part, ParsedMessage& parsed) {
  const auto body = part.getBody();
  const vmime::mediaType type = body->getContentType();
  if (body->getPartCount() > 0) {
    for (size_t index = 0; index < body->getPartCount(); ++index) {
      collect_parts(*body->getPartAt(index), parsed);
    }
    return;
  }
  const std::string content_type = lower_case(type.generate());
  if (!is_attachment(part) && content_type == "text/plain" && parsed.text_body.empty()) {
    parsed.text_body = text_contents_of(part);
  } else if (!is_attachment(part) && content_type == "text/html" && !parsed.html_body) {
    parsed.html_body = text_contents_of(part);
  } else {
    parsed.attachments.push_back(
      ParsedMessage::Attachment{filename_of(part), content_type, contents_of(*body)});
  }
}

} // namespace

std::string ParsedMessage::raw_header(const std::string& name) const {
  // Unfolded fields, one per entry; CRLF and bare LF line ends are both accepted, so messages
  // stored by other means (a maildir) can be read too.
  std::vector<std::string> fields;
  size_t start = 0;
  while (start < header_section.size()) {
    size_t end = header_section.find('\n', start);
    if (end == std::string::npos) {
      end = header_section.size();
    }
    std::string line = header_section.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    if (!line.empty() && (line.front() == ' ' || line.front() == '\t') && !fields.empty()) {
      fields.back() += line;
    } else if (!line.empty()) {
      fields.push_back(line);
    }
    start = end + 1;
  }
  const std::string wanted = lower_case(name) + ":";
  for (const auto& field : fields) {
    if (lower_case(field.substr(0, wanted.size())) == wanted) {
      const size_t first = field.find_first_not_of(" \t", wanted.size());
      return first == std::string::npos ? "" : field.substr(first);
    }
  }
  return "";
}

ParsedMessage parse_message(const std::string& raw) {
  // vmime installs its platform handler on first use, unguarded; do it once, before any thread
  // of a test can race for it.
  static std::once_flag once;
  std::call_once(once, [] { vmime::platform::getHandler(); });

  size_t header_end = raw.find("\r\n\r\n");
  size_t separator_length = 2;
  if (header_end == std::string::npos) {
    header_end = raw.find("\n\n");
    separator_length = 1;
  }
  if (header_end == std::string::npos) {
    throw std::runtime_error("the message has no blank line after its header");
  }

  vmime::message message;
  message.parse(raw);

  ParsedMessage parsed;
  parsed.header_section = raw.substr(0, header_end + separator_length);
  const auto header = message.getHeader();
  for (const auto& field : header->getFieldList()) {
    parsed.header_names.push_back(field->getName());
  }
  if (const auto from = header->findField(vmime::fields::FROM)) {
    const auto mailbox = from->getValue<vmime::mailbox>();
    parsed.from = address_of(*mailbox);
    parsed.from_name = decoded_text(mailbox->getName());
  }
  if (const auto reply_to = header->findField(vmime::fields::REPLY_TO)) {
    parsed.reply_to = address_of(*reply_to->getValue<vmime::mailbox>());
  }
  if (const auto to = header->findField(vmime::fields::TO)) {
    const auto mailboxes = to->getValue<vmime::addressList>()->toMailboxList();
    for (size_t index = 0; index < mailboxes->getMailboxCount(); ++index) {
      parsed.to.push_back(address_of(*mailboxes->getMailboxAt(index)));
    }
  }
  if (const auto subject = header->findField(vmime::fields::SUBJECT)) {
    parsed.subject = decoded_text(*subject->getValue<vmime::text>());
  }
  if (const auto message_id = header->findField(vmime::fields::MESSAGE_ID)) {
    parsed.message_id = message_id->getValue<vmime::messageId>()->getId();
  }
  parsed.date = parsed.raw_header("Date");
  collect_parts(message, parsed);
  return parsed;
}

} // namespace mailroom::testing
