#include <engine/job/format.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace mailroom::job::format {
namespace {

constexpr auto nl = Language::Dutch;
constexpr auto en = Language::English;

TEST(FormatAmount, Dutch) {
  EXPECT_EQ(amount(Money{123456}, nl), "1.234,56");
  EXPECT_EQ(amount(Money{0}, nl), "0,00");
  EXPECT_EQ(amount(Money{5}, nl), "0,05");
  EXPECT_EQ(amount(Money{50}, nl), "0,50");
  EXPECT_EQ(amount(Money{99999}, nl), "999,99");
  EXPECT_EQ(amount(Money{100000}, nl), "1.000,00");
  EXPECT_EQ(amount(Money{123456789012}, nl), "1.234.567.890,12");
}

TEST(FormatAmount, English) {
  EXPECT_EQ(amount(Money{123456}, en), "1,234.56");
  EXPECT_EQ(amount(Money{0}, en), "0.00");
  EXPECT_EQ(amount(Money{7}, en), "0.07");
  EXPECT_EQ(amount(Money{123456789012}, en), "1,234,567,890.12");
}

TEST(FormatAmount, Negative) {
  EXPECT_EQ(amount(Money{-1200}, nl), "-12,00");
  EXPECT_EQ(amount(Money{-5}, nl), "-0,05");
  EXPECT_EQ(amount(Money{-123456}, en), "-1,234.56");
  EXPECT_EQ(amount(Money{-99}, en), "-0.99");
}

TEST(FormatAmount, ExtremesDoNotOverflow) {
  EXPECT_EQ(amount(Money{std::numeric_limits<std::int64_t>::max()}, en),
            "92,233,720,368,547,758.07");
  EXPECT_EQ(amount(Money{std::numeric_limits<std::int64_t>::min()}, en),
            "-92,233,720,368,547,758.08");
}

TEST(FormatMoney, EuroInDutch) {
  EXPECT_EQ(money(Money{123456}, "EUR", nl), "€ 1.234,56");
  EXPECT_EQ(money(Money{-1200}, "EUR", nl), "€ -12,00");
  EXPECT_EQ(money(Money{0}, "EUR", nl), "€ 0,00");
}

TEST(FormatMoney, EuroInEnglish) {
  EXPECT_EQ(money(Money{123456}, "EUR", en), "€1,234.56");
  EXPECT_EQ(money(Money{-1200}, "EUR", en), "-€12.00");
  EXPECT_EQ(money(Money{5}, "EUR", en), "€0.05");
}

TEST(FormatMoney, DollarsAndPoundsUseTheirSymbols) {
  EXPECT_EQ(money(Money{123456}, "USD", nl), "$ 1.234,56");
  EXPECT_EQ(money(Money{123456}, "USD", en), "$1,234.56");
  EXPECT_EQ(money(Money{-1200}, "USD", en), "-$12.00");
  EXPECT_EQ(money(Money{-1200}, "USD", nl), "$ -12,00");
  EXPECT_EQ(money(Money{123456}, "GBP", nl), "£ 1.234,56");
  EXPECT_EQ(money(Money{123456}, "GBP", en), "£1,234.56");
  EXPECT_EQ(money(Money{-1200}, "GBP", en), "-£12.00");
  EXPECT_EQ(money(Money{-1200}, "GBP", nl), "£ -12,00");
}

TEST(FormatMoney, OtherCurrenciesUseTheirCode) {
  EXPECT_EQ(money(Money{123456}, "CHF", nl), "CHF 1.234,56");
  EXPECT_EQ(money(Money{123456}, "SEK", en), "SEK 1,234.56");
  EXPECT_EQ(money(Money{-1200}, "SEK", en), "-SEK 12.00");
  EXPECT_EQ(money(Money{-1200}, "JPY", nl), "JPY -12,00");
  EXPECT_EQ(money(Money{100000000}, "CHF", en), "CHF 1,000,000.00");
}

TEST(FormatDecimal, UsesTheLanguagesDecimalPoint) {
  EXPECT_EQ(decimal(Decimal{15, 1}, nl), "1,5");
  EXPECT_EQ(decimal(Decimal{15, 1}, en), "1.5");
  EXPECT_EQ(decimal(Decimal{21, 0}, nl), "21");
  EXPECT_EQ(decimal(Decimal{90, 1}, nl), "9"); // trailing zeros go
  EXPECT_EQ(decimal(Decimal{-5, 3}, nl), "-0,005");
  EXPECT_EQ(decimal(Decimal{-5, 3}, en), "-0.005");
  EXPECT_EQ(decimal(Decimal{1234567, 2}, nl), "12345,67"); // quantities are not grouped
}

TEST(FormatDate, Dutch) {
  EXPECT_EQ(date(time::Date{2026, 11, 20}, nl), "20-11-2026");
  EXPECT_EQ(date(time::Date{2026, 1, 5}, nl), "05-01-2026");
}

TEST(FormatDate, EnglishSpellsTheMonth) {
  EXPECT_EQ(date(time::Date{2026, 11, 20}, en), "20 November 2026");
  EXPECT_EQ(date(time::Date{2026, 1, 5}, en), "5 January 2026");
  EXPECT_EQ(date(time::Date{2024, 2, 29}, en), "29 February 2024");
  EXPECT_EQ(date(time::Date{2026, 12, 31}, en), "31 December 2026");
  EXPECT_EQ(date(time::Date{2026, 5, 1}, en), "1 May 2026");
}

TEST(FormatIban, GroupsOfFour) {
  EXPECT_EQ(iban("DE89370400440532013000"), "DE89 3704 0044 0532 0130 00");
  EXPECT_EQ(iban("NL91ABNA0417164300"), "NL91 ABNA 0417 1643 00");
}

TEST(FormatIban, RegroupsAnIbanWrittenWithSpaces) {
  EXPECT_EQ(iban("NL91 ABNA 0417 1643 00"), "NL91 ABNA 0417 1643 00");
  EXPECT_EQ(iban("NL 91ABNA04 171643 00"), "NL91 ABNA 0417 1643 00");
  EXPECT_EQ(iban(""), "");
  EXPECT_EQ(iban("NL91"), "NL91");
  EXPECT_EQ(iban("NL91A"), "NL91 A");
}

} // namespace
} // namespace mailroom::job::format
