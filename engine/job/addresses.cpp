#include "addresses.hpp"

#include <engine/util/text.hpp>

#include <algorithm>
#include <cctype>
#include <idn2.h>
#include <memory>
#include <optional>

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

bool is_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char character) { return static_cast<unsigned char>(character) < 0x80; });
}

// RFC 5321 syntax of an address that is already all ASCII.
std::string ascii_address_problem(std::string_view address) {
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
      // Internationalised domains arrive here as A-labels ("xn--..."); see ascii_domain.
      if (!std::isalnum(static_cast<unsigned char>(character)) && character != '-') {
        return "domain \"" + std::string(domain) + "\" has character '" + character + "'";
      }
    }
  }
  return {};
}

// A domain as SMTP needs it: an internationalised one (UTF-8, "bücher.de") becomes its A-label
// form ("xn--bcher-kva.de") by IDNA2008 with the UTS #46 mapping (as browsers and mail clients
// do); an ASCII one is returned as it is. `problem` says why a domain cannot be converted.
std::optional<std::string> ascii_domain(std::string_view domain, std::string& problem) {
  if (is_ascii(domain)) {
    return std::string(domain);
  }
  if (!text::is_valid_utf8(domain)) {
    problem = "domain is not valid UTF-8";
    return std::nullopt;
  }
  const std::string input(domain);
  char* output = nullptr;
  const int status =
    ::idn2_to_ascii_8z(input.c_str(), &output, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
  const std::unique_ptr<char, decltype(&::idn2_free)> owned(output, &::idn2_free);
  if (status != IDN2_OK || output == nullptr) {
    problem = "domain \"" + input + "\" is not a valid internationalised domain name (" +
              ::idn2_strerror(status) + ")";
    return std::nullopt;
  }
  return std::string(output);
}

} // namespace

CheckedAddress check_address(std::string_view address) {
  CheckedAddress checked;
  if (address.empty()) {
    checked.problem = "empty address";
    return checked;
  }
  if (text::has_control_character(address)) {
    checked.problem = "contains a control character";
    return checked;
  }
  const size_t at = address.rfind('@');
  if (at == std::string_view::npos) {
    checked.problem = "missing '@'";
    return checked;
  }
  const std::string_view local = address.substr(0, at);
  // FIXME: a non-ASCII part before '@' needs SMTPUTF8 (RFC 6531) from every server on the way,
  // which our transport does not ask for; such addresses are refused until it does.
  if (!is_ascii(local)) {
    checked.problem = "the part before '@' has non-ASCII characters, which need SMTPUTF8; only "
                      "the domain may be internationalised";
    return checked;
  }
  auto domain = ascii_domain(address.substr(at + 1), checked.problem);
  if (!domain) {
    return checked;
  }
  const std::string ascii = std::string(local) + "@" + *domain;
  checked.problem = ascii_address_problem(ascii);
  if (checked.problem.empty()) {
    checked.ascii = ascii;
  }
  return checked;
}

std::string address_problem(std::string_view address) {
  return check_address(address).problem;
}

AddressList split_addresses(std::string_view text) {
  AddressList list;
  std::vector<std::string> seen;
  for (const auto part : text::split(text, ';')) {
    const auto address = text::trim(part);
    if (address.empty()) {
      continue;
    }
    auto checked = check_address(address);
    // "a@bücher.de" and "a@xn--bcher-kva.de" are the same mailbox.
    const std::string key = lowercase(checked.problem.empty() ? checked.ascii : address);
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      continue;
    }
    seen.push_back(key);
    if (checked.problem.empty()) {
      list.valid.push_back(std::move(checked.ascii));
    } else {
      list.rejected.push_back(RejectedAddress{std::string(address), std::move(checked.problem)});
    }
  }
  return list;
}

} // namespace mailroom::job
