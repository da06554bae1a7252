#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The gaps in each creditor's invoice numbering, and what is known of each missing number, so an
// accountant can explain them (`mailroom numbering`; seed 003: a gap can happen, and must be
// explained). A number belongs to a series: its prefix, and the running number its last digits
// make ("2026-000123" is series "2026-", running number 123, written six digits wide). A gap is a
// running number between two issued invoices (marked `sending` at least once) that no invoice of
// the series was issued under.

namespace mailroom::receivables {

// A number split into its series and its running number; none when it does not end in a digit.
struct SeriesNumber {
  std::string series;
  std::uint64_t running = 0;
  std::size_t digits = 0; // How many digits it was written with ("000123": 6).
};
std::optional<SeriesNumber> split_series_number(std::string_view number);

// What is known of a missing number.
enum class GapKind {
  NeverRecorded, // In no job this ledger saw.
  Refused,       // In a job, refused with an error (bad data): never in the register.
  NotSent,       // In the register, never issued: not sent yet, or not sendable (no address).
};

// "never_recorded", "refused", "not_sent".
std::string_view gap_kind_name(GapKind kind);

// One missing number, or a run of consecutive ones of which nothing is known.
struct NumberingGap {
  std::string creditor;
  std::string series;
  std::string first; // As the series writes its numbers: "2026-000124".
  std::string last;
  std::uint64_t count = 0;
  GapKind kind = GapKind::NeverRecorded;
  std::string job;    // Where it was seen (Refused, NotSent).
  std::string detail; // The error, or the state of its delivery.
};

// Collects what the ledger knows, in any order, then lists the gaps.
class NumberingGaps {
public:
  void add_issued(const std::string& creditor, std::string_view number);
  void add_not_sent(const std::string& creditor, std::string_view number, std::string job,
                    std::string detail);
  void add_refused(const std::string& creditor, std::string_view number, std::string job,
                   std::string error);

  // By creditor, series and number. Known numbers one by one; the unknown between them as runs.
  std::vector<NumberingGap> gaps() const;
  // Issued invoices whose number ends in no digit, so in no series, by creditor.
  const std::map<std::string, std::uint64_t>& outside_series() const { return m_outside_series; }

private:
  struct Known {
    GapKind kind = GapKind::NotSent;
    std::string job;
    std::string detail;
  };
  // Consecutive issued running numbers, kept as one run: the memory grows with the gaps, not
  // with the invoices (a million issued without a gap are one run).
  struct IssuedRun {
    std::uint64_t last = 0;
    std::size_t digits = 0; // How many digits `last` was written with.
  };
  struct Series {
    std::map<std::uint64_t, IssuedRun> issued; // By the run's first running number.
    std::map<std::uint64_t, Known> known;      // Numbers not issued that the ledger saw.

    bool is_issued(std::uint64_t running) const;
    void issue(std::uint64_t running, std::size_t digits);
  };
  void add_known(const std::string& creditor, std::string_view number, Known known);

  std::map<std::pair<std::string, std::string>, Series> m_series; // By creditor and series.
  std::map<std::string, std::uint64_t> m_outside_series;
};

} // namespace mailroom::receivables
