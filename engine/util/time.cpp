#include "time.hpp"

#include <charconv>
#include <cstdio>
#include <ctime>

namespace mailroom::time {

TimePoint now() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(Clock::now());
}

std::string to_iso8601(TimePoint point) {
  const auto since_epoch = point.time_since_epoch();
  const auto seconds = std::chrono::floor<std::chrono::seconds>(since_epoch);
  const auto milliseconds = (since_epoch - seconds).count();
  const std::time_t whole_seconds = seconds.count();
  std::tm broken_down{};
  gmtime_r(&whole_seconds, &broken_down);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                broken_down.tm_year + 1900, broken_down.tm_mon + 1, broken_down.tm_mday,
                broken_down.tm_hour, broken_down.tm_min, broken_down.tm_sec,
                static_cast<int>(milliseconds));
  return buffer;
}

std::string Date::to_iso() const {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", year, month, day);
  return buffer;
}

long long Date::to_unix_seconds() const {
  const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{month},
                                         std::chrono::day{day}};
  return std::chrono::sys_seconds{std::chrono::sys_days{date}}.time_since_epoch().count();
}

namespace {

std::chrono::sys_days days_of(const Date& date) {
  return std::chrono::sys_days{std::chrono::year_month_day{
    std::chrono::year{date.year}, std::chrono::month{date.month}, std::chrono::day{date.day}}};
}

} // namespace

Date Date::plus_days(long days) const {
  const std::chrono::year_month_day later{days_of(*this) + std::chrono::days{days}};
  return Date{static_cast<int>(later.year()), static_cast<unsigned>(later.month()),
              static_cast<unsigned>(later.day())};
}

long Date::days_since(const Date& earlier) const {
  return static_cast<long>((days_of(*this) - days_of(earlier)).count());
}

Result<Date> parse_date(std::string_view text) {
  const auto expected = [&] {
    return make_error("expected a date as YYYY-MM-DD, got \"" + std::string(text) + "\"");
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return expected();
  }
  for (size_t index = 0; index < text.size(); ++index) {
    if (index != 4 && index != 7 && (text[index] < '0' || text[index] > '9')) {
      return expected();
    }
  }
  const auto number = [&](size_t offset, size_t length, auto& out) {
    const auto* first = text.data() + offset;
    const auto* last = first + length;
    const auto [end, error] = std::from_chars(first, last, out);
    return error == std::errc{} && end == last;
  };
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
  if (!number(0, 4, year) || !number(5, 2, month) || !number(8, 2, day)) {
    return expected();
  }
  const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{month},
                                         std::chrono::day{day}};
  if (!date.ok()) {
    return make_error("\"" + std::string(text) + "\" is not a day of the calendar");
  }
  return Date{year, month, day};
}

Date today() {
  const std::time_t seconds = std::time(nullptr);
  std::tm broken_down{};
  localtime_r(&seconds, &broken_down);
  return Date{broken_down.tm_year + 1900, static_cast<unsigned>(broken_down.tm_mon + 1),
              static_cast<unsigned>(broken_down.tm_mday)};
}

} // namespace mailroom::time
