#include "iban.hpp"

namespace mailroom::job {

std::string compact_iban(std::string_view iban) {
  std::string compact;
  for (const char character : iban) {
    if (character != ' ') {
      compact += character;
    }
  }
  return compact;
}

std::string iban_problem(std::string_view iban) {
  const auto compact = compact_iban(iban);
  if (compact.size() < 15 || compact.size() > 34) {
    return "expected an IBAN of 15 to 34 characters";
  }
  // The country and check digits move to the end; each letter counts as two digits (A is 10).
  const std::string rearranged = compact.substr(4) + compact.substr(0, 4);
  unsigned remainder = 0;
  for (const char character : rearranged) {
    if (character >= '0' && character <= '9') {
      remainder = (remainder * 10 + static_cast<unsigned>(character - '0')) % 97;
    } else if (character >= 'A' && character <= 'Z') {
      remainder = (remainder * 100 + static_cast<unsigned>(character - 'A' + 10)) % 97;
    } else {
      return "an IBAN holds only capital letters and digits";
    }
  }
  if (remainder != 1) {
    return "the IBAN's check digits do not match (mistyped?)";
  }
  return {};
}

bool is_valid_iban(std::string_view iban) {
  return iban_problem(iban).empty();
}

} // namespace mailroom::job
