#include <engine/util/text.hpp>

#include <gtest/gtest.h>

#include <climits>
#include <string>
#include <vector>

namespace mailroom::text {
namespace {

using namespace std::string_literals;

TEST(Trim, RemovesSpacesTabsAndLineEndsOnBothSides) {
  EXPECT_EQ(trim("  \t hello world \r\n"), "hello world");
  EXPECT_EQ(trim("hello"), "hello");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim(" \t\r\n "), "");
}

TEST(Trim, KeepsInnerWhitespace) {
  EXPECT_EQ(trim(" a \t b "), "a \t b");
}

TEST(Join, PutsTheSeparatorBetweenEveryTwoPartsEmptyOnesToo) {
  EXPECT_EQ(join({"a@x.nl", "b@x.nl"}, "; "), "a@x.nl; b@x.nl");
  EXPECT_EQ(join({"", "b", ""}, ";"), ";b;");
  EXPECT_EQ(join({"alone"}, "; "), "alone");
  EXPECT_EQ(join({}, "; "), "");
}

TEST(FirstInvalidUtf8, GivesTheOffsetOfTheFirstByteThatStartsNoCharacter) {
  EXPECT_EQ(first_invalid_utf8("caf\xC3\xA9"), std::string_view::npos);
  EXPECT_EQ(first_invalid_utf8("caf\xE9 au lait"), 3u); // Latin-1 é
  EXPECT_EQ(first_invalid_utf8("ok \xC0\xAF"), 3u);     // an overlong '/'
  EXPECT_EQ(first_invalid_utf8("\xED\xA0\x80"), 0u);    // a surrogate
  EXPECT_EQ(first_invalid_utf8("\xE2\x82"), 0u);        // cut off at the end
}

TEST(Split, KeepsEmptyParts) {
  const std::vector<std::string_view> expected{"a", "", "b", ""};
  EXPECT_EQ(split("a;;b;", ';'), expected);
}

TEST(Split, TextWithoutSeparatorIsOnePart) {
  const std::vector<std::string_view> expected{"abc"};
  EXPECT_EQ(split("abc", ';'), expected);
}

TEST(Split, EmptyTextIsOneEmptyPart) {
  const std::vector<std::string_view> expected{""};
  EXPECT_EQ(split("", ';'), expected);
}

TEST(Split, OnlySeparators) {
  const std::vector<std::string_view> expected{"", "", ""};
  EXPECT_EQ(split("..", '.'), expected);
}

TEST(StartsWith, ComparesThePrefix) {
  EXPECT_TRUE(starts_with("smtp://host", "smtp://"));
  EXPECT_TRUE(starts_with("abc", ""));
  EXPECT_TRUE(starts_with("abc", "abc"));
  EXPECT_FALSE(starts_with("smtps://host", "smtp://"));
  EXPECT_FALSE(starts_with("ab", "abc"));
  EXPECT_FALSE(starts_with("", "a"));
}

TEST(ReplaceAll, ReplacesEveryOccurrence) {
  EXPECT_EQ(replace_all("a-b-c", "-", "--"), "a--b--c");
  EXPECT_EQ(replace_all("{{x}} and {{x}}", "{{x}}", "y"), "y and y");
}

TEST(ReplaceAll, DoesNotRescanTheReplacement) {
  // Replacing "a" by "aa" must terminate and double each "a" exactly once.
  EXPECT_EQ(replace_all("aXa", "a", "aa"), "aaXaa");
}

TEST(ReplaceAll, NoOccurrenceLeavesTextAlone) {
  EXPECT_EQ(replace_all("hello", "z", "y"), "hello");
  EXPECT_EQ(replace_all("", "z", "y"), "");
}

TEST(ReplaceAll, ReplacesWithNothing) {
  EXPECT_EQ(replace_all("a, b, c", ", ", ""), "abc");
}

TEST(IsValidUtf8, AcceptsAsciiAndWellFormedSequences) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("plain ascii"));
  EXPECT_TRUE(is_valid_utf8("caf\xC3\xA9"));        // é, two bytes
  EXPECT_TRUE(is_valid_utf8("\xE2\x82\xAC 12,00")); // €, three bytes
  EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x98\x80"));   // U+1F600, four bytes
  EXPECT_TRUE(is_valid_utf8("m\xC2\xB3"));          // m³ at the very end
  EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));   // U+10FFFF, the last code point
  EXPECT_TRUE(is_valid_utf8("\xEF\xBF\xBF"));       // U+FFFF
  EXPECT_TRUE(is_valid_utf8("\xED\x9F\xBF"));       // U+D7FF, just below the surrogates
  EXPECT_TRUE(is_valid_utf8("\xEE\x80\x80"));       // U+E000, just above them
  EXPECT_TRUE(is_valid_utf8("\0"s));                // NUL is valid UTF-8
}

TEST(IsValidUtf8, RefusesOverlongEncodings) {
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));         // '/' in two bytes
  EXPECT_FALSE(is_valid_utf8("\xC1\xBF"));         // U+007F in two bytes
  EXPECT_FALSE(is_valid_utf8("\xE0\x80\xAF"));     // '/' in three bytes
  EXPECT_FALSE(is_valid_utf8("\xE0\x9F\xBF"));     // U+07FF in three bytes
  EXPECT_FALSE(is_valid_utf8("\xF0\x80\x80\xAF")); // '/' in four bytes
  EXPECT_FALSE(is_valid_utf8("\xF0\x8F\xBF\xBF")); // U+FFFF in four bytes
  EXPECT_TRUE(is_valid_utf8("\xC2\x80"));          // U+0080, the smallest two-byte value
  EXPECT_TRUE(is_valid_utf8("\xE0\xA0\x80"));      // U+0800, the smallest three-byte value
  EXPECT_TRUE(is_valid_utf8("\xF0\x90\x80\x80"));  // U+10000, the smallest four-byte value
}

TEST(IsValidUtf8, RefusesSurrogates) {
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80")); // U+D800
  EXPECT_FALSE(is_valid_utf8("\xED\xBF\xBF")); // U+DFFF
  // A surrogate pair encoded as two three-byte sequences (CESU-8) is not UTF-8 either.
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\xBD\xED\xB8\x80"));
}

TEST(IsValidUtf8, RefusesCodePointsBeyondUnicode) {
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80")); // U+110000
  EXPECT_FALSE(is_valid_utf8("\xF7\xBF\xBF\xBF"));
  EXPECT_FALSE(is_valid_utf8("\xF8\x88\x80\x80\x80")); // five-byte form
  EXPECT_FALSE(is_valid_utf8("\xFE"));
  EXPECT_FALSE(is_valid_utf8("\xFF"));
}

TEST(IsValidUtf8, RefusesTruncatedSequences) {
  EXPECT_FALSE(is_valid_utf8("\xC3"));
  EXPECT_FALSE(is_valid_utf8("caf\xC3"));
  EXPECT_FALSE(is_valid_utf8("\xE2\x82"));
  EXPECT_FALSE(is_valid_utf8("\xF0\x9F\x98"));
  // Truncated in the middle: the next byte is not a continuation byte.
  EXPECT_FALSE(is_valid_utf8("\xE2\x82 x"));
  EXPECT_FALSE(is_valid_utf8("\xC3\xC3\xA9"));
}

TEST(IsValidUtf8, RefusesStrayContinuationBytes) {
  EXPECT_FALSE(is_valid_utf8("\x80"));
  EXPECT_FALSE(is_valid_utf8("a\xBF"));
  EXPECT_FALSE(is_valid_utf8("\xC3\xA9\xA9"));
}

TEST(HasControlCharacter, FindsControlsAndDelete) {
  EXPECT_TRUE(has_control_character("a\nb"));
  EXPECT_TRUE(has_control_character("a\rb"));
  EXPECT_TRUE(has_control_character("\t"));
  EXPECT_TRUE(has_control_character("x\x1F"));
  EXPECT_TRUE(has_control_character("x\x7F"));
  EXPECT_TRUE(has_control_character("a\0b"s));
}

TEST(HasControlCharacter, PlainAndNonAsciiTextHasNone) {
  EXPECT_FALSE(has_control_character(""));
  EXPECT_FALSE(has_control_character("Acme B.V. <facturen@acme.example>"));
  EXPECT_FALSE(has_control_character("caf\xC3\xA9 \xE2\x82\xAC")); // UTF-8 bytes are >= 0x80
  EXPECT_FALSE(has_control_character(" ~"));
}

TEST(GroupThousands, InsertsCommasEveryThreeDigits) {
  EXPECT_EQ(group_thousands(0), "0");
  EXPECT_EQ(group_thousands(7), "7");
  EXPECT_EQ(group_thousands(999), "999");
  EXPECT_EQ(group_thousands(1000), "1,000");
  EXPECT_EQ(group_thousands(1240), "1,240");
  EXPECT_EQ(group_thousands(123456), "123,456");
  EXPECT_EQ(group_thousands(1234567), "1,234,567");
  EXPECT_EQ(group_thousands(LLONG_MAX), "9,223,372,036,854,775,807");
}

TEST(GroupThousands, Negative) {
  EXPECT_EQ(group_thousands(-5), "-5");
  EXPECT_EQ(group_thousands(-1000), "-1,000");
  EXPECT_EQ(group_thousands(-123456), "-123,456");
}

TEST(GroupThousands, SmallestNumber) {
  EXPECT_EQ(group_thousands(LLONG_MIN), "-9,223,372,036,854,775,808");
}

} // namespace
} // namespace mailroom::text

namespace mailroom::text {
namespace {

TEST(GroupDigits, PutsTheSeparatorBetweenGroupsOfThreeFromTheRight) {
  EXPECT_EQ(group_digits("1234567", '.'), "1.234.567");
  EXPECT_EQ(group_digits("123", ','), "123");
  EXPECT_EQ(group_digits("1000", ','), "1,000");
  EXPECT_EQ(group_digits("", '.'), "");
}

} // namespace
} // namespace mailroom::text
