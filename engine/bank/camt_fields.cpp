#include "camt_fields.hpp"

#include <engine/util/text.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>

namespace mailroom::bank {

namespace {

bool is_digit(char character) {
  return character >= '0' && character <= '9';
}

bool all_digits(std::string_view text) {
  for (const char character : text) {
    if (!is_digit(character)) {
      return false;
    }
  }
  return true;
}

} // namespace

Result<job::Money> parse_amount(std::string_view text) {
  const std::string_view amount = text::trim(text);
  const std::string quoted = "\"" + std::string(amount) + "\"";
  if (!amount.empty() && amount.front() == '-') {
    return make_error("must not be negative (CdtDbtInd gives the direction), found " + quoted);
  }
  const std::size_t point = amount.find('.');
  const std::string_view whole = amount.substr(0, point);
  const std::string_view fraction =
    point == std::string_view::npos ? std::string_view() : amount.substr(point + 1);
  // xs:decimal allows either side of the point to be left out (".50", "12."), not both.
  if ((whole.empty() && fraction.empty()) || !all_digits(whole) || !all_digits(fraction)) {
    return make_error("expected an amount like 12.34, found " + quoted);
  }
  if (fraction.size() > 2 && fraction.substr(2).find_first_not_of('0') != std::string_view::npos) {
    return make_error("has more than 2 decimals, found " + quoted + "; amounts are in cents");
  }
  // 10^15 units: more than any payment, and far from the limits of 64-bit cents.
  std::string_view significant = whole.substr(std::min(whole.find_first_not_of('0'), whole.size()));
  if (significant.size() > 15) {
    return make_error("is too large, found " + quoted);
  }
  std::int64_t cents = 0;
  for (const char digit : significant) {
    cents = cents * 10 + (digit - '0');
  }
  for (std::size_t index = 0; index < 2; ++index) {
    cents = cents * 10 + (index < fraction.size() ? fraction[index] - '0' : 0);
  }
  return job::Money{cents};
}

Result<time::Date> parse_xml_date(std::string_view text) {
  const std::string_view trimmed = text::trim(text);
  if (trimmed.size() > 10) {
    // A time zone: Z, or +hh:mm or -hh:mm within 14 hours.
    const std::string_view zone = trimmed.substr(10);
    const bool utc = zone == "Z";
    const bool offset =
      zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && all_digits(zone.substr(1, 2)) &&
      zone[3] == ':' && all_digits(zone.substr(4, 2)) && zone.substr(1, 2) <= "14" &&
      zone.substr(4, 2) <= "59" && (zone.substr(1, 2) != "14" || zone.substr(4, 2) == "00");
    if (!utc && !offset) {
      return make_error("expected a date such as 2026-11-23, optionally with a time zone such "
                        "as +01:00 or Z, found \"" +
                        std::string(trimmed) + "\"");
    }
  }
  return time::parse_date(trimmed.substr(0, 10));
}

Result<time::Date> parse_date_of_date_time(std::string_view text) {
  const std::string_view trimmed = text::trim(text);
  if (trimmed.size() > 10 && trimmed[10] != 'T') {
    return make_error("expected a date-time such as 2026-11-23T10:15:00, found \"" +
                      std::string(trimmed) + "\"");
  }
  return time::parse_date(trimmed.substr(0, 10));
}

std::string normalized_iban(std::string_view text) {
  std::string iban;
  for (const char character : text) {
    if (character != ' ' && character != '\t' && character != '\n' && character != '\r') {
      iban += static_cast<char>(std::toupper(static_cast<unsigned char>(character)));
    }
  }
  return iban;
}

std::optional<xml::Element> find(const xml::Element& from,
                                 std::initializer_list<std::string_view> path) {
  std::optional<xml::Element> found = from;
  for (const auto name : path) {
    found = found->child(name);
    if (!found) {
      return std::nullopt;
    }
  }
  return found;
}

std::string trimmed_text(const xml::Element& element) {
  return std::string(text::trim(element.text()));
}

std::string text_at(const xml::Element& from, std::initializer_list<std::string_view> path) {
  const auto found = find(from, path);
  return found ? trimmed_text(*found) : std::string();
}

std::string FieldReader::field(std::string_view path) const {
  return path.empty() ? m_prefix : m_prefix + "." + std::string(path);
}

void FieldReader::problem(long line, std::string_view path, std::string message) {
  m_problems.add(line, field(path), std::move(message));
}

std::optional<std::string> FieldReader::required_text(const xml::Element& parent,
                                                      std::string_view name) {
  const auto element = parent.child(name);
  if (!element) {
    problem(parent.line(), name, "missing");
    return std::nullopt;
  }
  std::string text = trimmed_text(*element);
  if (text.empty()) {
    problem(element->line(), name, "must not be empty");
    return std::nullopt;
  }
  return text;
}

std::optional<time::Date> FieldReader::date_choice(const xml::Element& parent,
                                                   std::string_view path) {
  if (const auto date = parent.child("Dt")) {
    auto parsed = parse_xml_date(date->text());
    if (!parsed) {
      problem(date->line(), std::string(path) + ".Dt", parsed.error().message);
      return std::nullopt;
    }
    return *parsed;
  }
  if (const auto date_time_element = parent.child("DtTm")) {
    return date_time(*date_time_element, std::string(path) + ".DtTm");
  }
  problem(parent.line(), path, "expected Dt or DtTm inside");
  return std::nullopt;
}

std::optional<time::Date> FieldReader::date_time(const xml::Element& element,
                                                 std::string_view path) {
  auto parsed = parse_date_of_date_time(element.text());
  if (!parsed) {
    problem(element.line(), path, parsed.error().message);
    return std::nullopt;
  }
  return *parsed;
}

} // namespace mailroom::bank
