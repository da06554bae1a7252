#pragma once

#include <string>
#include <string_view>

// Small text transformations for what goes into a mail: header values must be one line, bodies
// must have CRLF line ends before they are encoded.

namespace mailroom::mail {

// Every run of control characters (CR, LF, tab and the rest) becomes one space, and the ends are
// trimmed, so a value taken from data can never start a new header line.
std::string collapse_to_single_line(std::string_view text);

// Lone LF, lone CR and CRLF all become CRLF, as RFC 5322 requires of a message body.
std::string with_crlf_line_ends(std::string_view text);

bool is_ascii(std::string_view text);

} // namespace mailroom::mail
