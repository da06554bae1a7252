#include "money.hpp"

#include <algorithm>
#include <charconv>
#include <limits>

namespace mailroom::job {

namespace {

__int128 power_of_ten(int exponent) {
  __int128 value = 1;
  for (int index = 0; index < exponent; ++index) {
    value *= 10;
  }
  return value;
}

// Divides and rounds half away from zero.
__int128 divide_rounding_half_up(__int128 numerator, __int128 denominator) {
  const bool negative = numerator < 0;
  const __int128 magnitude = negative ? -numerator : numerator;
  const __int128 quotient = (magnitude * 2 + denominator) / (denominator * 2);
  return negative ? -quotient : quotient;
}

} // namespace

std::string Decimal::to_string() const {
  if (units == 0) {
    return "0";
  }
  std::int64_t magnitude = units < 0 ? -units : units;
  std::string digits = std::to_string(magnitude);
  int trailing_scale = scale;
  while (trailing_scale > 0 && digits.size() > 1 && digits.back() == '0') {
    digits.pop_back();
    --trailing_scale;
  }
  if (trailing_scale > 0) {
    while (static_cast<int>(digits.size()) <= trailing_scale) {
      digits.insert(digits.begin(), '0');
    }
    digits.insert(digits.end() - trailing_scale, '.');
  }
  return (units < 0 ? "-" : "") + digits;
}

bool Decimal::operator==(const Decimal& other) const {
  return (*this <=> other) == std::strong_ordering::equal;
}

std::strong_ordering Decimal::operator<=>(const Decimal& other) const {
  const int common = std::max(scale, other.scale);
  const __int128 left = static_cast<__int128>(units) * power_of_ten(common - scale);
  const __int128 right = static_cast<__int128>(other.units) * power_of_ten(common - other.scale);
  return left <=> right;
}

Result<Decimal> parse_decimal(std::string_view text) {
  const std::string original(text);
  const auto invalid = [&] {
    return make_error("expected a decimal number such as \"12\" or \"1.25\", got \"" + original +
                      "\"");
  };
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  const size_t point = text.find('.');
  std::string_view whole = text.substr(0, point);
  std::string_view fraction = point == std::string_view::npos ? "" : text.substr(point + 1);
  if (whole.empty() || (point != std::string_view::npos && fraction.empty())) {
    return invalid();
  }
  for (const char character : whole) {
    if (character < '0' || character > '9') {
      return invalid();
    }
  }
  for (const char character : fraction) {
    if (character < '0' || character > '9') {
      return invalid();
    }
  }
  if (fraction.size() > static_cast<size_t>(Decimal::k_maximum_scale)) {
    return make_error("\"" + original + "\" has more than " +
                      std::to_string(Decimal::k_maximum_scale) + " decimals");
  }
  std::string digits = std::string(whole) + std::string(fraction);
  std::int64_t units = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), units);
  // Keep ample room for products of two decimals inside 128 bits, and for sums of many lines.
  constexpr std::int64_t k_largest = 1'000'000'000'000'000'000; // 10^18
  if (error != std::errc{} || end != digits.data() + digits.size() || units >= k_largest) {
    return make_error("\"" + original + "\" is too large");
  }
  return Decimal{negative ? -units : units, static_cast<int>(fraction.size())};
}

Result<Money> multiply_to_money(const Decimal& left, const Decimal& right) {
  const __int128 product = static_cast<__int128>(left.units) * right.units;
  const int scale = left.scale + right.scale;
  __int128 cents = 0;
  if (scale >= 2) {
    cents = divide_rounding_half_up(product, power_of_ten(scale - 2));
  } else {
    cents = product * power_of_ten(2 - scale);
  }
  // Amounts beyond 10^15 euros are not invoices; refuse rather than overflow later sums.
  constexpr __int128 k_largest_cents = static_cast<__int128>(1'000'000'000'000'000) * 100;
  if (cents > k_largest_cents || cents < -k_largest_cents) {
    return make_error("the amount " + left.to_string() + " × " + right.to_string() +
                      " is too large");
  }
  return Money{static_cast<std::int64_t>(cents)};
}

Money percentage_of(Money base, const Decimal& percent) {
  const __int128 numerator = static_cast<__int128>(base.cents) * percent.units;
  const __int128 denominator = power_of_ten(percent.scale) * 100;
  return Money{static_cast<std::int64_t>(divide_rounding_half_up(numerator, denominator))};
}

} // namespace mailroom::job
