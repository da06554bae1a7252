#include "mail_address.hpp"

#include <engine/util/text.hpp>

#include <algorithm>
#include <set>

namespace mailroom::mail {

namespace {

std::string unquote(std::string_view name) {
  if (name.size() < 2 || name.front() != '"' || name.back() != '"') {
    return std::string(name);
  }
  std::string unquoted;
  for (size_t index = 1; index + 1 < name.size(); ++index) {
    if (name[index] == '\\' && index + 2 < name.size()) {
      ++index;
    }
    unquoted += name[index];
  }
  return unquoted;
}

std::string lower_case(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char character) {
    return static_cast<char>(character >= 'A' && character <= 'Z' ? character + 32 : character);
  });
  return lower;
}

} // namespace

DisplayAddress parse_display_address(std::string_view text) {
  const auto trimmed = text::trim(text);
  const auto open = trimmed.rfind('<');
  if (open == std::string_view::npos || trimmed.back() != '>') {
    return DisplayAddress{"", std::string(trimmed)};
  }
  const auto address = trimmed.substr(open + 1, trimmed.size() - open - 2);
  return DisplayAddress{unquote(text::trim(trimmed.substr(0, open))),
                        std::string(text::trim(address))};
}

bool is_plain_address(std::string_view address) {
  const auto at = address.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == address.size()) {
    return false;
  }
  for (const char character : address) {
    const auto byte = static_cast<unsigned char>(character);
    if (byte <= 0x20 || byte == 0x7F) {
      return false;
    }
    switch (character) {
      case '<':
      case '>':
      case ',':
      case ';':
      case '(':
      case ')':
      case '"':
      case '\\':
        return false;
      default:
        break;
    }
  }
  return true;
}

std::vector<std::string> without_repeats(std::vector<std::string> addresses) {
  std::set<std::string> seen;
  std::vector<std::string> kept;
  kept.reserve(addresses.size());
  for (auto& address : addresses) {
    if (seen.insert(lower_case(address)).second) {
      kept.push_back(std::move(address));
    }
  }
  return kept;
}

} // namespace mailroom::mail
