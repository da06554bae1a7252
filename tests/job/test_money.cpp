#include <engine/job/money.hpp>

#include <gtest/gtest.h>

#include <string>

namespace mailroom::job {
namespace {

Decimal decimal(const char* text) {
  auto parsed = parse_decimal(text);
  EXPECT_TRUE(parsed.has_value()) << text << ": " << parsed.error().message;
  return parsed ? *parsed : Decimal{};
}

std::int64_t cents_of(const char* left, const char* right) {
  auto product = multiply_to_money(decimal(left), decimal(right));
  EXPECT_TRUE(product.has_value()) << left << " × " << right << ": " << product.error().message;
  return product ? product->cents : -999'999;
}

TEST(ParseDecimal, WholeNumbers) {
  EXPECT_EQ(decimal("12").units, 12);
  EXPECT_EQ(decimal("12").scale, 0);
  EXPECT_EQ(decimal("0").units, 0);
  EXPECT_EQ(decimal("-3").units, -3);
  EXPECT_EQ(decimal("+3").units, 3);
}

TEST(ParseDecimal, KeepsTheScaleAsWritten) {
  const auto price = decimal("1.25");
  EXPECT_EQ(price.units, 125);
  EXPECT_EQ(price.scale, 2);
  const auto small = decimal("0.005");
  EXPECT_EQ(small.units, 5);
  EXPECT_EQ(small.scale, 3);
  const auto trailing = decimal("9.0");
  EXPECT_EQ(trailing.units, 90);
  EXPECT_EQ(trailing.scale, 1);
  const auto negative = decimal("-0.005");
  EXPECT_EQ(negative.units, -5);
  EXPECT_EQ(negative.scale, 3);
}

TEST(ParseDecimal, LeadingZerosAreHarmless) {
  EXPECT_EQ(decimal("007").units, 7);
  EXPECT_EQ(decimal("00.50"), decimal("0.5"));
}

TEST(ParseDecimal, SixDecimalsIsTheMost) {
  const auto finest = decimal("0.000001");
  EXPECT_EQ(finest.units, 1);
  EXPECT_EQ(finest.scale, Decimal::k_maximum_scale);

  const auto seven = parse_decimal("0.0000001");
  ASSERT_FALSE(seven.has_value());
  EXPECT_EQ(seven.error().message, "\"0.0000001\" has more than 6 decimals");
}

// Anything but digits with one optional point and sign is refused, including ".5" and "1."
// (both sides of the point must have a digit) and the comma a Dutch writer might use.
TEST(ParseDecimal, RefusesOtherForms) {
  for (const char* text : {"",    "-",    "+",     ".",   "1,25", "1e3",   "1E3",   "1.",
                           ".5",  "-.5",  "1.2.3", " 1",  "1 ",   "1 000", "1_000", "--1",
                           "+-1", "0x10", "abc",   "12a", "1.2a", "∞",     "NaN",   "1,000.00"}) {
    const auto parsed = parse_decimal(text);
    ASSERT_FALSE(parsed.has_value()) << '"' << text << '"';
    EXPECT_EQ(parsed.error().message,
              std::string("expected a decimal number such as \"12\" or \"1.25\", got \"") + text +
                "\"");
  }
}

TEST(ParseDecimal, RefusesNumbersTooLargeToCalculateWith) {
  // Whatever the exact limit, fifteen digits are accepted and twenty are refused.
  EXPECT_EQ(decimal("999999999999999").units, 999'999'999'999'999);
  EXPECT_EQ(decimal("999999999.999999").units, 999'999'999'999'999);
  for (const char* text : {"99999999999999999999", "-99999999999999999999",
                           "123456789012345678901234567890", "99999999999999.999999"}) {
    const auto parsed = parse_decimal(text);
    ASSERT_FALSE(parsed.has_value()) << text;
    EXPECT_EQ(parsed.error().message, std::string("\"") + text + "\" is too large");
  }
}

TEST(ParseDecimal, LimitIsTenToTheEighteenthUnits) {
  // Up to 18 digits fit; 10^18 units and more are refused.
  EXPECT_EQ(decimal("999999999999999999").units, 999'999'999'999'999'999);
  EXPECT_EQ(decimal("999999999999.999999").units, 999'999'999'999'999'999);
  EXPECT_EQ(decimal("1000000000.000000").units, 1'000'000'000'000'000);
  for (const char* text : {"1000000000000000000", "1000000000000.000000", "99999999999999999999",
                           "-1000000000000000000", "123456789012345678901234567890"}) {
    const auto parsed = parse_decimal(text);
    ASSERT_FALSE(parsed.has_value()) << text;
    EXPECT_EQ(parsed.error().message, std::string("\"") + text + "\" is too large");
  }
}

TEST(DecimalToString, ShortestExactText) {
  EXPECT_EQ(decimal("12").to_string(), "12");
  EXPECT_EQ(decimal("1.25").to_string(), "1.25");
  EXPECT_EQ(decimal("1.50").to_string(), "1.5");
  EXPECT_EQ(decimal("9.0").to_string(), "9");
  EXPECT_EQ(decimal("-0.005").to_string(), "-0.005");
  EXPECT_EQ(decimal("0.100").to_string(), "0.1");
  EXPECT_EQ(decimal("100").to_string(), "100");
  EXPECT_EQ(decimal("100.00").to_string(), "100");
  EXPECT_EQ(decimal("10.10").to_string(), "10.1");
  EXPECT_EQ(decimal("0.000001").to_string(), "0.000001");
  EXPECT_EQ(decimal("-3").to_string(), "-3");
}

TEST(DecimalToString, ZeroWithDecimals) {
  EXPECT_EQ(decimal("0.00").to_string(), "0");
  EXPECT_EQ(decimal("-0.0").to_string(), "0");
}

TEST(DecimalCompare, ComparesValuesWhateverTheScale) {
  EXPECT_EQ(decimal("9"), decimal("9.00"));
  EXPECT_EQ(decimal("9.0"), decimal("9"));
  EXPECT_EQ(decimal("0"), decimal("-0.000"));
  EXPECT_LT(decimal("9"), decimal("21"));
  EXPECT_LT(decimal("9.5"), decimal("21"));
  EXPECT_LT(decimal("0.999999"), decimal("1"));
  EXPECT_LT(decimal("-1"), decimal("0.001"));
  EXPECT_GT(decimal("1.000001"), decimal("1"));
  EXPECT_NE(decimal("1.25"), decimal("1.2"));
}

TEST(DecimalCompare, SignAndZero) {
  EXPECT_TRUE(decimal("-0.01").is_negative());
  EXPECT_FALSE(decimal("0").is_negative());
  EXPECT_FALSE(decimal("-0").is_negative());
  EXPECT_TRUE(decimal("0.000").is_zero());
  EXPECT_FALSE(decimal("0.001").is_zero());
}

TEST(MultiplyToMoney, ExactProducts) {
  EXPECT_EQ(cents_of("12", "1.25"), 1500);
  EXPECT_EQ(cents_of("1", "18.75"), 1875);
  EXPECT_EQ(cents_of("24", "27.50"), 66000);
  EXPECT_EQ(cents_of("0", "99.99"), 0);
  EXPECT_EQ(cents_of("2", "3"), 600); // whole numbers: the scale is below two
  EXPECT_EQ(cents_of("0.5", "3"), 150);
}

TEST(MultiplyToMoney, RoundsHalfAwayFromZero) {
  EXPECT_EQ(cents_of("3", "0.333"), 100);   // 0.999 → 1.00
  EXPECT_EQ(cents_of("1", "0.005"), 1);     // exactly half a cent rounds up
  EXPECT_EQ(cents_of("1", "0.004"), 0);     // below half rounds down
  EXPECT_EQ(cents_of("1", "0.004999"), 0);  // just below half
  EXPECT_EQ(cents_of("5", "0.085"), 43);    // 0.425 → 0.43
  EXPECT_EQ(cents_of("0.5", "0.01"), 1);    // 0.005 with the half spread over both factors
  EXPECT_EQ(cents_of("0.001", "0.001"), 0); // 0.000001
  EXPECT_EQ(cents_of("1.5", "1.5"), 225);
  EXPECT_EQ(cents_of("0.333333", "0.333333"), 11); // 0.111110888889
}

TEST(MultiplyToMoney, NegativeValuesRoundAwayFromZeroToo) {
  EXPECT_EQ(cents_of("-1", "0.005"), -1);
  EXPECT_EQ(cents_of("1", "-0.005"), -1);
  EXPECT_EQ(cents_of("-1", "-0.005"), 1);
  EXPECT_EQ(cents_of("-1", "0.004"), 0);
  EXPECT_EQ(cents_of("-3", "0.333"), -100);
  EXPECT_EQ(cents_of("-12", "1.25"), -1500);
}

TEST(MultiplyToMoney, LargeButRepresentableProducts) {
  // 10^12 × 999.99 = 999 990 000 000 000.00 euros, just under the limit of 10^15 euros.
  EXPECT_EQ(cents_of("1000000000000", "999.99"), 99'999'000'000'000'000);
  EXPECT_EQ(cents_of("1000000000000", "1000"), 100'000'000'000'000'000); // exactly 10^15 euros
}

TEST(MultiplyToMoney, RefusesAmountsTooLarge) {
  const auto product = multiply_to_money(decimal("999999999999999"), decimal("999999999999999"));
  ASSERT_FALSE(product.has_value());
  EXPECT_EQ(product.error().message, "the amount 999999999999999 × 999999999999999 is too large");
  // The largest decimals the format allows cannot overflow the 128-bit product.
  const Decimal largest{999'999'999'999'999'999, 0};
  EXPECT_FALSE(multiply_to_money(largest, largest).has_value());
  EXPECT_FALSE(multiply_to_money(largest, Decimal{-largest.units, 0}).has_value());

  EXPECT_FALSE(multiply_to_money(decimal("1000000000000"), decimal("1000.01")).has_value());
  EXPECT_FALSE(multiply_to_money(decimal("-1000000000000"), decimal("1000.01")).has_value());
}

TEST(PercentageOf, VatAmounts) {
  EXPECT_EQ(percentage_of(Money{1000}, decimal("21")).cents, 210); // 21% of 10.00
  EXPECT_EQ(percentage_of(Money{50}, decimal("9")).cents, 5);      // 0.045 → 0.05
  EXPECT_EQ(percentage_of(Money{10}, decimal("21")).cents, 2);     // 0.021 → 0.02
  EXPECT_EQ(percentage_of(Money{50}, decimal("21")).cents, 11);    // 0.105 → 0.11
  EXPECT_EQ(percentage_of(Money{12345}, decimal("0")).cents, 0);
  EXPECT_EQ(percentage_of(Money{12345}, decimal("100")).cents, 12345);
  EXPECT_EQ(percentage_of(Money{0}, decimal("21")).cents, 0);
}

TEST(PercentageOf, DecimalRates) {
  EXPECT_EQ(percentage_of(Money{10000}, decimal("5.5")).cents, 550);
  EXPECT_EQ(percentage_of(Money{100}, decimal("9.0")).cents, 9);
  EXPECT_EQ(percentage_of(Money{1}, decimal("50")).cents, 1);      // 0.005 → 0.01
  EXPECT_EQ(percentage_of(Money{1}, decimal("49.999")).cents, 0);  // just below half
  EXPECT_EQ(percentage_of(Money{333}, decimal("12.5")).cents, 42); // 0.41625
}

TEST(PercentageOf, NegativeBasesRoundAwayFromZero) {
  EXPECT_EQ(percentage_of(Money{-50}, decimal("9")).cents, -5);
  EXPECT_EQ(percentage_of(Money{-1000}, decimal("21")).cents, -210);
  EXPECT_EQ(percentage_of(Money{-1}, decimal("50")).cents, -1);
}

TEST(MoneyArithmetic, AddsSubtractsAndCompares) {
  Money total{150};
  total += Money{25};
  EXPECT_EQ(total.cents, 175);
  EXPECT_EQ((Money{100} + Money{5}).cents, 105);
  EXPECT_EQ((Money{100} - Money{105}).cents, -5);
  EXPECT_EQ((-Money{42}).cents, -42);
  EXPECT_LT(Money{-1}, Money{0});
  EXPECT_EQ(Money{3}, Money{3});
}

} // namespace
} // namespace mailroom::job
