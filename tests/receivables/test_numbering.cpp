#include <engine/receivables/numbering.hpp>

#include <gtest/gtest.h>

#include <string>

namespace mailroom::receivables {
namespace {

TEST(SeriesNumber, IsThePrefixAndTheDigitsANumberEndsIn) {
  const auto padded = split_series_number("2026-000123");
  ASSERT_TRUE(padded);
  EXPECT_EQ(padded->series, "2026-");
  EXPECT_EQ(padded->running, 123u);
  EXPECT_EQ(padded->digits, 6u);
  const auto bare = split_series_number("F17");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->series, "F");
  EXPECT_EQ(bare->running, 17u);
  const auto digits_only = split_series_number("000042");
  ASSERT_TRUE(digits_only);
  EXPECT_EQ(digits_only->series, "");
  EXPECT_EQ(digits_only->running, 42u);
  EXPECT_FALSE(split_series_number("2026-A"));
  EXPECT_FALSE(split_series_number(""));
  EXPECT_FALSE(split_series_number("1234567890123456789")) << "19 digits: no running number";
}

TEST(NumberingGaps, KnownNumbersOneByOneAndTheUnknownBetweenThemAsRuns) {
  NumberingGaps gaps;
  for (const auto* number : {"2026-000101", "2026-000110", "2026-000111", "2026-000104"}) {
    gaps.add_issued("acme", number);
  }
  gaps.add_refused("acme", "2026-000103", "nightly", "invoices.jsonl:3: date: expected a date");
  gaps.add_not_sent("acme", "2026-000106", "nightly", "no valid address");
  // Beyond the last issued number: not (yet) a gap. An issued number is no gap either.
  gaps.add_not_sent("acme", "2026-000112", "nightly", "recorded, not sent yet");
  gaps.add_refused("acme", "2026-000110", "nightly", "sent later");
  const auto listed = gaps.gaps();
  ASSERT_EQ(listed.size(), 5u);
  const auto expect = [&](size_t index, const char* first, const char* last, std::uint64_t count,
                          GapKind kind) {
    EXPECT_EQ(listed[index].first, first) << index;
    EXPECT_EQ(listed[index].last, last) << index;
    EXPECT_EQ(listed[index].count, count) << index;
    EXPECT_EQ(listed[index].kind, kind) << index;
  };
  expect(0, "2026-000102", "2026-000102", 1, GapKind::NeverRecorded);
  expect(1, "2026-000103", "2026-000103", 1, GapKind::Refused);
  expect(2, "2026-000105", "2026-000105", 1, GapKind::NeverRecorded);
  expect(3, "2026-000106", "2026-000106", 1, GapKind::NotSent);
  expect(4, "2026-000107", "2026-000109", 3, GapKind::NeverRecorded);
  EXPECT_EQ(listed[1].detail, "invoices.jsonl:3: date: expected a date");
  EXPECT_EQ(listed[3].job, "nightly");
}

// Issued numbers in any order join into runs; a hundred thousand without a gap cost one.
TEST(NumberingGaps, IssuedNumbersInAnyOrderJoinIntoRuns) {
  NumberingGaps gaps;
  for (const auto* number : {"R5", "R3", "R10", "R4", "R1", "R2", "R3", "R12", "R11"}) {
    gaps.add_issued("acme", number);
  }
  for (std::uint64_t running = 20; running < 100'020; ++running) {
    gaps.add_issued("acme", "R" + std::to_string(running));
  }
  const auto listed = gaps.gaps();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].first, "R6");
  EXPECT_EQ(listed[0].last, "R9");
  EXPECT_EQ(listed[0].count, 4u);
  EXPECT_EQ(listed[1].first, "R13");
  EXPECT_EQ(listed[1].last, "R19");
}

TEST(NumberingGaps, EachCreditorAndSeriesHasItsOwnNumbering) {
  NumberingGaps gaps;
  gaps.add_issued("acme", "2026-7");
  gaps.add_issued("acme", "2026-10");
  gaps.add_issued("acme", "CN-1");
  gaps.add_issued("acme", "CN-2");
  gaps.add_issued("northwind", "2026-8");
  gaps.add_issued("northwind", "2026-9");
  gaps.add_issued("acme", "PROFORMA");
  const auto listed = gaps.gaps();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].creditor, "acme");
  EXPECT_EQ(listed[0].series, "2026-");
  // No leading zeros below: none in the gap either.
  EXPECT_EQ(listed[0].first, "2026-8");
  EXPECT_EQ(listed[0].last, "2026-9");
  EXPECT_EQ(gaps.outside_series().at("acme"), 1u);
}

TEST(NumberingGaps, WhatTheRegisterKnowsTellsMoreThanARefusal) {
  NumberingGaps gaps;
  gaps.add_issued("acme", "A1");
  gaps.add_issued("acme", "A3");
  gaps.add_refused("acme", "A2", "monday", "bad date");
  gaps.add_not_sent("acme", "A2", "tuesday", "no valid address");
  const auto listed = gaps.gaps();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].kind, GapKind::NotSent);
  EXPECT_EQ(listed[0].job, "tuesday");
}

} // namespace
} // namespace mailroom::receivables
