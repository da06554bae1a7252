#include "mime_parts.hpp"

#include <engine/mail/mail_text.hpp>
#include <engine/util/base64.hpp>
#include <engine/util/hash.hpp>

#include <vmime/contentDispositionField.hpp>
#include <vmime/contentTypeField.hpp>
#include <vmime/platforms/posix/posixHandler.hpp>

#include <chrono>
#include <mutex>

namespace mailroom::mail::mime {

namespace {

const vmime::charset& utf8() {
  static const vmime::charset charset{vmime::charsets::UTF_8};
  return charset;
}

const vmime::charset& us_ascii() {
  static const vmime::charset charset{vmime::charsets::US_ASCII};
  return charset;
}

// US-ASCII when it can be, so that plain text is written plainly; otherwise UTF-8, which vmime
// writes as RFC 2047 encoded words in a header and as an RFC 2231 value in a parameter.
vmime::word make_word(std::string_view utf8_text) {
  return vmime::word(std::string(utf8_text), is_ascii(utf8_text) ? us_ascii() : utf8());
}

// vmime 0.9.2's quoted-printable encoder, given CRLF line ends, can put a soft line break between
// the CR and the LF (when a line ends right at the length limit), leaving a lone CR and a lone LF
// in the message. Given LF line ends it keeps each LF whole and starts counting the line afresh;
// the LFs (and only they: soft breaks are already "=\r\n") then become CRLF.
std::string quoted_printable(std::string_view text) {
  std::string lf_text;
  lf_text.reserve(text.size());
  for (size_t index = 0; index < text.size(); ++index) {
    if (text[index] == '\r') {
      lf_text += '\n';
      if (index + 1 < text.size() && text[index + 1] == '\n') {
        ++index;
      }
    } else {
      lf_text += text[index];
    }
  }
  auto encoder = vmime::utility::encoder::encoderFactory::getInstance()->create("quoted-printable");
  encoder->getProperties()["maxlinelength"] = vmime::lineLengthLimits::convenient;
  encoder->getProperties()["text"] = true;
  std::string encoded;
  encoded.reserve(lf_text.size() + lf_text.size() / 4 + 16);
  vmime::utility::inputStreamStringAdapter input(lf_text);
  vmime::utility::outputStreamStringAdapter output(encoded);
  encoder->encode(input, output);
  output.flush();
  return with_crlf_line_ends(encoded);
}

} // namespace

void ensure_vmime_ready() {
  static std::once_flag once;
  std::call_once(once, [] {
    // getHandler() creates vmime's default (POSIX) handler if there is none yet. Never
    // setHandler(): the transport stage reads the same global handler from other threads.
    vmime::platform::getHandler();
    // vmime's functions make statics on first use (the characters allowed in a boundary, its
    // encoders' tables). They are guarded, but vmime is not built for ThreadSanitizer, which then
    // sees a thread read what another made. One message, made here, makes them all.
    vmime::bodyPart message;
    make_multipart(message, "mixed", "warm-up");
    message.getBody()->appendPart(make_text_part("=\n", "plain"));
    message.getBody()->appendPart(make_pdf_part("%PDF", "warm-up.pdf", 60));
    std::string bytes;
    vmime::utility::outputStreamStringAdapter output(bytes);
    message.generate(output);
  });
}

vmime::text make_header_text(std::string_view utf8_text) {
  // One word for the whole text: vmime::text::newFromString splits it into words by script and
  // drops the space where a non-ASCII word is followed by an ASCII one ("Ácme B.V." came back
  // as "ÁcmeB.V."), and RFC 2047 decoders rightly ignore the space between encoded words.
  return vmime::text(make_word(utf8_text));
}

vmime::mailbox make_mailbox(std::string_view name, std::string_view address) {
  const vmime::emailAddress email{std::string(address)};
  const std::string display_name = collapse_to_single_line(name);
  if (display_name.empty()) {
    return vmime::mailbox(email);
  }
  return vmime::mailbox(make_header_text(display_name), email);
}

vmime::datetime make_datetime(time::TimePoint point) {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(point);
  const auto days = std::chrono::floor<std::chrono::days>(seconds);
  const std::chrono::year_month_day date{days};
  const std::chrono::hh_mm_ss clock{seconds - days};
  return vmime::datetime(static_cast<int>(date.year()), static_cast<int>(unsigned(date.month())),
                         static_cast<int>(unsigned(date.day())),
                         static_cast<int>(clock.hours().count()),
                         static_cast<int>(clock.minutes().count()),
                         static_cast<int>(clock.seconds().count()), vmime::datetime::GMT);
}

void make_multipart(vmime::bodyPart& part, std::string_view subtype, std::string_view seed) {
  auto field = vmime::dynamicCast<vmime::contentTypeField>(part.getHeader()->ContentType());
  field->setValue(vmime::mediaType(vmime::mediaTypes::MULTIPART, std::string(subtype)));
  const std::string digest = hash::sha256_hex(std::string(seed) + '\0' + std::string(subtype));
  field->setBoundary("=_mailroom_" + std::string(subtype) + "_" + digest.substr(0, 24));
}

std::shared_ptr<vmime::bodyPart> make_text_part(std::string_view text, std::string_view subtype) {
  auto part = vmime::make_shared<vmime::bodyPart>();
  // Handed over already encoded, so vmime copies it as it is.
  const vmime::encoding quoted_printable_encoding(vmime::encodingTypes::QUOTED_PRINTABLE);
  part->getBody()->setContents(vmime::make_shared<vmime::stringContentHandler>(
                                 quoted_printable(text), quoted_printable_encoding),
                               vmime::mediaType(vmime::mediaTypes::TEXT, std::string(subtype)),
                               utf8(), vmime::encoding(vmime::encodingTypes::QUOTED_PRINTABLE));
  return part;
}

std::shared_ptr<vmime::bodyPart> make_pdf_part(std::string_view pdf, std::string_view filename,
                                               std::size_t base64_line_length) {
  auto part = vmime::make_shared<vmime::bodyPart>();
  // Handed over already encoded, so vmime copies it as it is.
  const vmime::encoding base64_encoding(vmime::encodingTypes::BASE64);
  part->getBody()->setContents(vmime::make_shared<vmime::stringContentHandler>(
                                 base64::encode_lines(pdf, base64_line_length), base64_encoding),
                               vmime::mediaType(vmime::mediaTypes::APPLICATION, "pdf"));
  part->getBody()->setEncoding(base64_encoding);

  // The name goes into Content-Type too, for the mail readers that only look there.
  auto type = vmime::dynamicCast<vmime::contentTypeField>(part->getHeader()->ContentType());
  type->appendParameter(vmime::make_shared<vmime::parameter>("name", make_word(filename)));

  auto disposition =
    vmime::dynamicCast<vmime::contentDispositionField>(part->getHeader()->ContentDisposition());
  disposition->setValue(vmime::contentDisposition(vmime::contentDispositionTypes::ATTACHMENT));
  disposition->setFilename(make_word(filename));
  return part;
}

} // namespace mailroom::mail::mime
