#include <engine/util/time.hpp>

#include <gtest/gtest.h>

#include <chrono>

namespace mailroom::time {
namespace {

TimePoint at_milliseconds(long long milliseconds) {
  return TimePoint{std::chrono::milliseconds{milliseconds}};
}

TEST(ToIso8601, Epoch) {
  EXPECT_EQ(to_iso8601(at_milliseconds(0)), "1970-01-01T00:00:00.000Z");
}

TEST(ToIso8601, KnownInstantWithMilliseconds) {
  // 2026-11-23T21:04:05Z is 1795467845 seconds after the epoch.
  EXPECT_EQ(to_iso8601(at_milliseconds(1'795'467'845'123)), "2026-11-23T21:04:05.123Z");
}

TEST(ToIso8601, PadsMillisecondsToThreeDigits) {
  EXPECT_EQ(to_iso8601(at_milliseconds(1'795'467'845'007)), "2026-11-23T21:04:05.007Z");
  EXPECT_EQ(to_iso8601(at_milliseconds(1'795'467'845'050)), "2026-11-23T21:04:05.050Z");
}

TEST(ToIso8601, LeapDay) {
  // 2024-02-29T12:00:00Z.
  EXPECT_EQ(to_iso8601(at_milliseconds(1'709'208'000'999)), "2024-02-29T12:00:00.999Z");
}

TEST(ToIso8601, BeforeTheEpochRoundsTowardsThePast) {
  EXPECT_EQ(to_iso8601(at_milliseconds(-1)), "1969-12-31T23:59:59.999Z");
}

TEST(ToIso8601, NowHasTheShapeOfAnIsoTimestamp) {
  const auto text = to_iso8601(now());
  ASSERT_EQ(text.size(), 24U) << text;
  EXPECT_EQ(text[4], '-');
  EXPECT_EQ(text[7], '-');
  EXPECT_EQ(text[10], 'T');
  EXPECT_EQ(text[13], ':');
  EXPECT_EQ(text[16], ':');
  EXPECT_EQ(text[19], '.');
  EXPECT_EQ(text[23], 'Z');
}

TEST(ParseDate, AcceptsAnOrdinaryDate) {
  const auto date = parse_date("2026-11-20");
  ASSERT_TRUE(date.has_value()) << date.error().to_string();
  EXPECT_EQ(date->year, 2026);
  EXPECT_EQ(date->month, 11U);
  EXPECT_EQ(date->day, 20U);
}

TEST(ParseDate, AcceptsTheLeapDayOfALeapYear) {
  EXPECT_TRUE(parse_date("2024-02-29").has_value());
  EXPECT_TRUE(parse_date("2000-02-29").has_value()); // divisible by 400
}

TEST(ParseDate, RefusesDaysThatAreNotOnTheCalendar) {
  for (const char* text : {"2026-02-30", "2025-02-29", "1900-02-29", "2026-04-31", "2026-13-01",
                           "2026-00-10", "2026-01-00", "2026-01-32"}) {
    const auto date = parse_date(text);
    ASSERT_FALSE(date.has_value()) << text;
    EXPECT_NE(date.error().message.find("not a day of the calendar"), std::string::npos)
      << date.error().message;
    EXPECT_NE(date.error().message.find(text), std::string::npos) << date.error().message;
  }
}

TEST(ParseDate, RefusesOtherShapes) {
  for (const char* text : {"", "2026-1-1", "2026-01-1", "20-11-2026", "2026/11/20", "2026-11-20 ",
                           " 2026-11-20", "2026-11-20T00:00:00Z", "2026-1a-20", "abcd-ef-gh",
                           "2026-+1-01", "2026-11-+2", "20261120"}) {
    const auto date = parse_date(text);
    ASSERT_FALSE(date.has_value()) << '"' << text << '"';
    EXPECT_NE(date.error().message.find("YYYY-MM-DD"), std::string::npos) << date.error().message;
  }
}

TEST(ParseDate, RefusesANegativeYear) {
  EXPECT_FALSE(parse_date("-202-01-01").has_value());
}

TEST(Date, ToIsoPadsWithZeros) {
  EXPECT_EQ((Date{2026, 1, 5}.to_iso()), "2026-01-05");
  EXPECT_EQ((Date{987, 12, 31}.to_iso()), "0987-12-31");
}

TEST(Date, RoundTripsThroughText) {
  const auto date = parse_date("2024-02-29");
  ASSERT_TRUE(date.has_value());
  EXPECT_EQ(date->to_iso(), "2024-02-29");
}

TEST(Date, ToUnixSeconds) {
  EXPECT_EQ((Date{1970, 1, 1}.to_unix_seconds()), 0);
  EXPECT_EQ((Date{1970, 1, 2}.to_unix_seconds()), 86'400);
  EXPECT_EQ((Date{2026, 11, 23}.to_unix_seconds()), 1'795'392'000);
  EXPECT_EQ((Date{1969, 12, 31}.to_unix_seconds()), -86'400);
}

TEST(Date, OrdersByCalendar) {
  EXPECT_LT((Date{2026, 11, 30}), (Date{2026, 12, 1}));
  EXPECT_LT((Date{2025, 12, 31}), (Date{2026, 1, 1}));
  EXPECT_LT((Date{2026, 2, 9}), (Date{2026, 2, 10}));
  EXPECT_EQ((Date{2026, 2, 9}), (Date{2026, 2, 9}));
}

TEST(DateArithmetic, CountsDaysByTheCalendar) {
  EXPECT_EQ((Date{2026, 12, 4}).plus_days(14), (Date{2026, 12, 18}));
  EXPECT_EQ((Date{2026, 12, 20}).plus_days(14), (Date{2027, 1, 3}));
  EXPECT_EQ((Date{2028, 2, 28}).plus_days(1), (Date{2028, 2, 29}));
  EXPECT_EQ((Date{2027, 2, 28}).plus_days(1), (Date{2027, 3, 1}));
  EXPECT_EQ((Date{2027, 3, 1}).plus_days(-1), (Date{2027, 2, 28}));
  EXPECT_EQ((Date{2027, 1, 3}).days_since(Date{2026, 12, 20}), 14);
  EXPECT_EQ((Date{2026, 12, 20}).days_since(Date{2027, 1, 3}), -14);
  EXPECT_EQ((Date{2026, 12, 20}).days_since(Date{2026, 12, 20}), 0);
}

} // namespace
} // namespace mailroom::time
