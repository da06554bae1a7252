// Narrowing two page texts down to the words a tester needs to see.

#include <engine/check/text_difference.hpp>

#include <gtest/gtest.h>

namespace mailroom::check {
namespace {

TEST(TextDifference, EqualTextsHaveNone) {
  EXPECT_FALSE(first_text_difference("Totaal € 246,25\nBTW", "Totaal € 246,25\nBTW"));
  EXPECT_FALSE(first_text_difference("", ""));
}

TEST(TextDifference, AChangedAmountShowsTheAmountWithItsCurrencySign) {
  const auto difference = first_text_difference("Factuur 2026-1\nTotaal € 246,25\nBTW 9%",
                                                "Factuur 2026-1\nTotaal € 246,26\nBTW 9%");
  ASSERT_TRUE(difference);
  EXPECT_EQ(difference->expected, "€ 246,25");
  EXPECT_EQ(difference->got, "€ 246,26");
}

TEST(TextDifference, OnlyTheFirstDifferingLineIsShown) {
  const auto difference =
    first_text_difference("a b c\nsame\nx 1 y\nz 2", "a b c\nsame\nx 7 y\nz 3");
  ASSERT_TRUE(difference);
  EXPECT_EQ(difference->expected, "1");
  EXPECT_EQ(difference->got, "7");
}

TEST(TextDifference, AnAddedWordIsShownWithItsNeighbours) {
  const auto difference = first_text_difference("Bakkerij De Vries", "Bakkerij Jan De Vries");
  ASSERT_TRUE(difference);
  EXPECT_EQ(difference->expected, "Bakkerij De");
  EXPECT_EQ(difference->got, "Bakkerij Jan De");
}

TEST(TextDifference, AMissingOrExtraLineIsShownWhole) {
  const auto missing = first_text_difference("one\ntwo\nthree", "one\ntwo");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->expected, "three");
  EXPECT_EQ(missing->got, "");
  const auto extra = first_text_difference("one", "one\nNoot: extra");
  ASSERT_TRUE(extra);
  EXPECT_EQ(extra->expected, "");
  EXPECT_EQ(extra->got, "Noot: extra");
}

TEST(TextDifference, SpacingAloneIsNotATextDifference) {
  EXPECT_FALSE(first_text_difference("Totaal  € 5,00\n", "Totaal € 5,00"));
}

TEST(TextDifference, LongSnippetsAreCutWithoutBreakingACharacter) {
  const std::string long_word(70, 'x');
  const auto difference =
    first_text_difference(long_word + " ééééééééééé 1", long_word + " ééééééééééé 2");
  ASSERT_TRUE(difference);
  EXPECT_EQ(difference->expected, "1");
  // Byte 80 falls inside an "é".
  const auto whole = first_text_difference(std::string(71, 'x') + "éééééééééé", "ok");
  ASSERT_TRUE(whole);
  EXPECT_LE(whole->expected.size(), 80u + 3u);
  EXPECT_EQ(whole->expected.substr(whole->expected.size() - 3), "…");
  // What is left before the ellipsis is valid UTF-8: it does not end in half a character.
  const auto last = static_cast<unsigned char>(whole->expected[whole->expected.size() - 4]);
  EXPECT_TRUE(last < 0x80 || (last & 0xc0) == 0x80);
}

} // namespace
} // namespace mailroom::check
