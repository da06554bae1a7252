#pragma once

#include <engine/util/time.hpp>

#include <vmime/vmime.hpp>

#include <memory>
#include <string>
#include <string_view>

// The vmime pieces an invoice mail is made of. Only message.cpp uses these; everything here may
// throw vmime exceptions, which build_message turns into errors.

namespace mailroom::mail::mime {

// Installs vmime's platform handler once. vmime installs it lazily on first use, which is a data
// race when the first messages are built on several threads at once.
void ensure_vmime_ready();

// Header text in UTF-8: ASCII words stay readable, the others become RFC 2047 encoded words.
vmime::text make_header_text(std::string_view utf8);

vmime::mailbox make_mailbox(std::string_view name, std::string_view address);

vmime::datetime make_datetime(time::TimePoint point);

// Turns `part` into a multipart of `subtype` ("mixed", "alternative") with a boundary derived
// from `seed`. The boundary starts with "=_", which quoted-printable and base64 text cannot
// contain, so it never collides with a body; and it needs no random numbers (vmime's generator
// is shared, unguarded state).
void make_multipart(vmime::bodyPart& part, std::string_view subtype, std::string_view seed);

// A text/<subtype>; charset=utf-8 part in quoted-printable; line ends of any kind in `text`
// become CRLF.
std::shared_ptr<vmime::bodyPart> make_text_part(std::string_view text, std::string_view subtype);

// An application/pdf attachment in base64, in lines of `base64_line_length` characters. The
// PDF is encoded here (OpenSSL) and handed to vmime as it is: vmime's own encoder takes about
// 0.7 ms for an invoice.
std::shared_ptr<vmime::bodyPart> make_pdf_part(std::string_view pdf, std::string_view filename,
                                               std::size_t base64_line_length);

} // namespace mailroom::mail::mime
