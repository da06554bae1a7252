#pragma once

#include "result.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace mailroom::time {

using Clock = std::chrono::system_clock;
using TimePoint = std::chrono::time_point<Clock, std::chrono::milliseconds>;

TimePoint now();

// "2026-11-23T21:04:05.123Z": UTC, ISO 8601, milliseconds.
std::string to_iso8601(TimePoint point);

// A calendar date as written in invoices: "YYYY-MM-DD", checked against the calendar.
struct Date {
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;

  std::string to_iso() const;
  // Seconds since the epoch at 00:00 UTC of this date.
  long long to_unix_seconds() const;
  // The date `days` later (earlier when negative), by the calendar.
  Date plus_days(long days) const;
  // Days from `earlier` to this date: negative when `earlier` is later.
  long days_since(const Date& earlier) const;
  auto operator<=>(const Date&) const = default;
};

Result<Date> parse_date(std::string_view text);

// The calendar date here and now, in the machine's time zone: "today" as a person means it.
Date today();

} // namespace mailroom::time
