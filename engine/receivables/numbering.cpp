#include "numbering.hpp"

#include <charconv>

namespace mailroom::receivables {

namespace {

bool is_digit(char character) {
  return character >= '0' && character <= '9';
}

// The running number as the series writes it: as many digits as its neighbour below, when that
// one was written with leading zeros.
std::string written(const std::string& series, std::uint64_t running, std::size_t digits) {
  auto text = std::to_string(running);
  if (text.size() < digits) {
    text.insert(0, digits - text.size(), '0');
  }
  return series + text;
}

} // namespace

std::optional<SeriesNumber> split_series_number(std::string_view number) {
  std::size_t start = number.size();
  while (start > 0 && is_digit(number[start - 1])) {
    --start;
  }
  const auto digits = number.substr(start);
  // More than 18 digits is no running number anyone keeps (and would not fit).
  if (digits.empty() || digits.size() > 18) {
    return std::nullopt;
  }
  SeriesNumber result{std::string(number.substr(0, start)), 0, digits.size()};
  std::from_chars(digits.data(), digits.data() + digits.size(), result.running);
  return result;
}

std::string_view gap_kind_name(GapKind kind) {
  switch (kind) {
    case GapKind::NeverRecorded:
      return "never_recorded";
    case GapKind::Refused:
      return "refused";
    case GapKind::NotSent:
      return "not_sent";
  }
  return "never_recorded";
}

bool NumberingGaps::Series::is_issued(std::uint64_t running) const {
  auto run = issued.upper_bound(running);
  if (run == issued.begin()) {
    return false;
  }
  --run;
  return running <= run->second.last;
}

void NumberingGaps::Series::issue(std::uint64_t running, std::size_t digits) {
  const auto next = issued.upper_bound(running);
  const bool joins_next = next != issued.end() && next->first == running + 1;
  if (next != issued.begin()) {
    auto& previous = std::prev(next)->second;
    if (running < previous.last) {
      return;
    }
    if (running <= previous.last + 1) {
      previous.last = running;
      previous.digits = digits;
      if (joins_next) {
        previous = next->second;
        issued.erase(next);
      }
      return;
    }
  }
  if (joins_next) {
    const auto run = next->second;
    issued.erase(next);
    issued.emplace(running, run);
    return;
  }
  issued.emplace(running, IssuedRun{running, digits});
}

void NumberingGaps::add_issued(const std::string& creditor, std::string_view number) {
  const auto split = split_series_number(number);
  if (!split) {
    ++m_outside_series[creditor];
    return;
  }
  auto& series = m_series[{creditor, split->series}];
  series.issue(split->running, split->digits);
  series.known.erase(split->running);
}

void NumberingGaps::add_known(const std::string& creditor, std::string_view number, Known known) {
  const auto split = split_series_number(number);
  if (!split) {
    return;
  }
  auto& series = m_series[{creditor, split->series}];
  if (series.is_issued(split->running)) {
    return;
  }
  // What the register knows (not sent) tells more than a refusal in some job.
  const auto [at, inserted] = series.known.try_emplace(split->running, known);
  if (!inserted && at->second.kind == GapKind::Refused && known.kind == GapKind::NotSent) {
    at->second = std::move(known);
  }
}

void NumberingGaps::add_not_sent(const std::string& creditor, std::string_view number,
                                 std::string job, std::string detail) {
  add_known(creditor, number, {GapKind::NotSent, std::move(job), std::move(detail)});
}

void NumberingGaps::add_refused(const std::string& creditor, std::string_view number,
                                std::string job, std::string error) {
  add_known(creditor, number, {GapKind::Refused, std::move(job), std::move(error)});
}

std::vector<NumberingGap> NumberingGaps::gaps() const {
  std::vector<NumberingGap> result;
  for (const auto& [key, series] : m_series) {
    // Named, not bound: the lambda below captures them (clang 14 cannot capture a binding).
    const std::string& creditor = key.first;
    const std::string& prefix = key.second;
    const auto unknown_run = [&](std::uint64_t from, std::uint64_t to, std::size_t digits) {
      if (from <= to) {
        result.push_back({creditor, prefix, written(prefix, from, digits),
                          written(prefix, to, digits), to - from + 1, GapKind::NeverRecorded, "",
                          ""});
      }
    };
    for (auto below = series.issued.begin(); below != series.issued.end(); ++below) {
      const auto above = std::next(below);
      if (above == series.issued.end()) {
        break;
      }
      // Between two runs of issued numbers, a gap. Leading zeros are kept only when the number
      // below it had them.
      const auto& [last, written_digits] = below->second;
      const auto digits = std::to_string(last).size() < written_digits ? written_digits : 0;
      auto next = last + 1;
      for (auto known = series.known.lower_bound(next);
           known != series.known.end() && known->first < above->first; ++known) {
        unknown_run(next, known->first - 1, digits);
        const auto number = written(prefix, known->first, digits);
        result.push_back({creditor, prefix, number, number, 1, known->second.kind,
                          known->second.job, known->second.detail});
        next = known->first + 1;
      }
      unknown_run(next, above->first - 1, digits);
    }
  }
  return result;
}

} // namespace mailroom::receivables
