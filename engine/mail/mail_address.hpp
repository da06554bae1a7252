#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mailroom::mail {

struct DisplayAddress {
  std::string name; // Empty when only an address was written.
  std::string address;
};

// "Name <addr>", "\"Name, Inc.\" <addr>" or "addr", as a Reply-To is written in the creditors
// file.
DisplayAddress parse_display_address(std::string_view text);

// A bare address that can go into a header and an SMTP envelope as it is: one '@' with text on
// both sides and no spaces, control characters or characters that delimit addresses in a header.
bool is_plain_address(std::string_view address);

// The addresses in order with later case-insensitive repeats left out, so that no recipient is
// sent the same message twice.
std::vector<std::string> without_repeats(std::vector<std::string> addresses);

} // namespace mailroom::mail
