#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mailroom::job {

struct RejectedAddress {
  std::string address;
  std::string reason;
};

struct AddressList {
  std::vector<std::string> valid;
  std::vector<RejectedAddress> rejected;
};

// Splits "a@x.example; b@y.example;;" on ';', tolerating spaces and empty parts, and checks each
// address (RFC 5321 mailbox syntax: dot-atom local part, a domain of letters, digits and
// hyphens with at least one dot). Duplicates (case-insensitive) are kept once.
AddressList split_addresses(std::string_view text);

// An address as it is sent: `ascii` has its domain in ASCII (the A-label form "xn--bcher-kva.de"
// of an internationalised "bücher.de"), since everything mailroom sends, envelope and headers,
// uses that form (it does not use SMTPUTF8). When the address is not acceptable, `ascii` is empty
// and `problem` says why.
struct CheckedAddress {
  std::string ascii;
  std::string problem;
};
CheckedAddress check_address(std::string_view address);

// Empty when the address is acceptable, otherwise the reason it is not.
std::string address_problem(std::string_view address);

} // namespace mailroom::job
