#include "format.hpp"

#include <engine/util/text.hpp>

#include <array>

namespace mailroom::job::format {

namespace {

struct Separators {
  char thousands;
  char decimal;
};

Separators separators_for(Language language) {
  return language == Language::Dutch ? Separators{'.', ','} : Separators{',', '.'};
}

std::string currency_symbol(std::string_view currency) {
  if (currency == "EUR") {
    return "€";
  }
  if (currency == "USD") {
    return "$";
  }
  if (currency == "GBP") {
    return "£";
  }
  // Other symbols are ambiguous ("kr", "$" for several dollars): the ISO code is not.
  return std::string(currency);
}

} // namespace

std::string amount(Money value, Language language) {
  const auto separators = separators_for(language);
  const bool negative = value.cents < 0;
  const std::uint64_t magnitude = negative ? static_cast<std::uint64_t>(-(value.cents + 1)) + 1
                                           : static_cast<std::uint64_t>(value.cents);
  std::string cents = std::to_string(magnitude % 100);
  if (cents.size() < 2) {
    cents.insert(cents.begin(), '0');
  }
  return (negative ? "-" : "") +
         text::group_digits(std::to_string(magnitude / 100), separators.thousands) +
         separators.decimal + cents;
}

std::string money(Money value, std::string_view currency, Language language) {
  const std::string symbol = currency_symbol(currency);
  const bool is_symbol = symbol != currency;
  if (language == Language::Dutch) {
    return symbol + " " + amount(value, language);
  }
  // English puts the minus before the symbol: "-€12.00", "-USD 12.00".
  const std::string magnitude = amount(value.cents < 0 ? -value : value, language);
  return (value.cents < 0 ? "-" : "") + symbol + (is_symbol ? "" : " ") + magnitude;
}

std::string decimal(const Decimal& value, Language language) {
  std::string text = value.to_string();
  if (language == Language::Dutch) {
    for (char& character : text) {
      if (character == '.') {
        character = ',';
      }
    }
  }
  return text;
}

std::string date(const time::Date& value, Language language) {
  if (language == Language::Dutch) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%02u-%02u-%04d", value.day, value.month, value.year);
    return buffer;
  }
  static constexpr std::array<const char*, 12> month_names = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
  if (value.month < 1 || value.month > 12) {
    return value.to_iso();
  }
  return std::to_string(value.day) + " " + month_names[value.month - 1] + " " +
         std::to_string(value.year);
}

std::string iban(std::string_view text) {
  std::string compact;
  for (const char character : text) {
    if (character != ' ') {
      compact += character;
    }
  }
  std::string grouped;
  for (size_t index = 0; index < compact.size(); ++index) {
    if (index > 0 && index % 4 == 0) {
      grouped += ' ';
    }
    grouped += compact[index];
  }
  return grouped;
}

} // namespace mailroom::job::format
