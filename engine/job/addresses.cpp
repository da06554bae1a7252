#include "addresses.hpp"

#include <engine/util/text.hpp>

#include <algorithm>
#include <cctype>

namespace mailroom::job {

namespace {

bool is_atom_character(char character) {
  if (std::isalnum(static_cast<unsigned char>(character))) {
    return true;
  }
  static constexpr std::string_view specials = "!#$%&'*+-/=?^_`{|}~";
  return specials.find(character) != std::string_view::npos;
}

std::string lowercase(std::string_view text) {
  std::string lowered(text);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char character) { return std::tolower(character); });
  return lowered;
}

} // namespace

std::string address_problem(std::string_view address) {
  if (address.empty()) {
    return "empty address";
  }
  if (text::has_control_character(address)) {
    return "contains a control character";
  }
  if (address.size() > 254) {
    return "longer than 254 characters";
  }
  const size_t at = address.rfind('@');
  if (at == std::string_view::npos) {
    return "missing '@'";
  }
  const std::string_view local = address.substr(0, at);
  const std::string_view domain = address.substr(at + 1);
  if (local.empty()) {
    return "nothing before '@'";
  }
  if (local.size() > 64) {
    return "the part before '@' is longer than 64 characters";
  }
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
    return "misplaced '.' before '@'";
  }
  for (const char character : local) {
    if (character != '.' && !is_atom_character(character)) {
      return std::string("character '") + character + "' is not allowed before '@'";
    }
  }
  if (domain.empty()) {
    return "nothing after '@'";
  }
  const auto labels = text::split(domain, '.');
  if (labels.size() < 2) {
    return "domain \"" + std::string(domain) + "\" has no '.'";
  }
  for (const auto label : labels) {
    if (label.empty() || label.size() > 63) {
      return "domain \"" + std::string(domain) + "\" has an empty or over-long part";
    }
    if (label.front() == '-' || label.back() == '-') {
      return "domain \"" + std::string(domain) + "\" has a part starting or ending with '-'";
    }
    for (const char character : label) {
      // FIXME: IDN domains (UTF-8) are refused; issue 5 asks for them via IDNA.
      if (!std::isalnum(static_cast<unsigned char>(character)) && character != '-') {
        return "domain \"" + std::string(domain) + "\" has character '" + character + "'";
      }
    }
  }
  return {};
}

AddressList split_addresses(std::string_view text) {
  AddressList list;
  std::vector<std::string> seen;
  for (const auto part : text::split(text, ';')) {
    const auto address = text::trim(part);
    if (address.empty()) {
      continue;
    }
    const std::string key = lowercase(address);
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      continue;
    }
    seen.push_back(key);
    auto problem = address_problem(address);
    if (problem.empty()) {
      list.valid.emplace_back(address);
    } else {
      list.rejected.push_back(RejectedAddress{std::string(address), std::move(problem)});
    }
  }
  return list;
}

} // namespace mailroom::job
