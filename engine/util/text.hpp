#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mailroom::text {

std::string_view trim(std::string_view text);

// Splits on every separator; empty parts are kept so callers can decide what to tolerate.
std::vector<std::string_view> split(std::string_view text, char separator);

// The parts with `separator` between them: ({"a", "b"}, "; ") → "a; b".
std::string join(const std::vector<std::string>& parts, std::string_view separator);

bool starts_with(std::string_view text, std::string_view prefix);

// Replaces every occurrence of `from` (non-empty) by `to`.
std::string replace_all(std::string_view text, std::string_view from, std::string_view to);

// The offset of the first byte that does not start a well-formed UTF-8 character (RFC 3629: no
// overlong forms, no surrogates, nothing above U+10FFFF), or npos when the text is valid.
size_t first_invalid_utf8(std::string_view text);
bool is_valid_utf8(std::string_view text);

// True if the text holds a control character (below U+0020 or DEL), such as CR or LF.
bool has_control_character(std::string_view text);

// "1,240" for 1240: thousands separators for messages a person reads.
std::string group_thousands(long long number);

// Puts `separator` between groups of three digits, from the right: ("1234567", '.') → "1.234.567".
std::string group_digits(std::string_view digits, char separator);

} // namespace mailroom::text
