#pragma once

#include <engine/util/result.hpp>

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace mailroom::job {

// An exact decimal number as written in the input: `units` scaled by 10^scale.
// Quantities, unit prices and VAT rates are Decimals; they never pass through floating point.
struct Decimal {
  std::int64_t units = 0;
  int scale = 0; // Digits after the decimal point, 0 to k_maximum_scale.

  static constexpr int k_maximum_scale = 6;

  bool is_negative() const { return units < 0; }
  bool is_zero() const { return units == 0; }
  // "12", "1.25", "-0.005": the shortest exact text.
  std::string to_string() const;
  bool operator==(const Decimal& other) const;
  // Compares values exactly, whatever the scales: "9" == "9.00" < "21".
  std::strong_ordering operator<=>(const Decimal& other) const;
};

// Accepts "12", "-3", "1.25", "0.005", with an optional leading '-' (and '+'); nothing else:
// no exponent, no thousands separators, no comma as decimal point.
Result<Decimal> parse_decimal(std::string_view text);

// An amount of money in cents. Never a double.
struct Money {
  std::int64_t cents = 0;

  Money operator+(Money other) const { return Money{cents + other.cents}; }
  Money operator-(Money other) const { return Money{cents - other.cents}; }
  Money operator-() const { return Money{-cents}; }
  Money& operator+=(Money other) {
    cents += other.cents;
    return *this;
  }
  auto operator<=>(const Money&) const = default;
};

// The product rounded to cents, half away from zero ("half-up" as accountants mean it).
Result<Money> multiply_to_money(const Decimal& left, const Decimal& right);

// `percent` of `base`, rounded to cents half away from zero: the VAT on a base amount.
Money percentage_of(Money base, const Decimal& percent);

} // namespace mailroom::job
