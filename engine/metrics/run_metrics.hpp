#pragma once

#include <engine/metrics/histogram.hpp>
#include <engine/pipeline/report.hpp>

#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <string>

// What a run of a job tells Prometheus (`mailroom run --metrics FILE`): its invoices by outcome,
// the retries and each attempt's send time per mailbox, each invoice's render time, when it
// started and ended, its exit code, and when the job last succeeded. Fed by the run's threads;
// read, at any moment, by the metrics file's writer.
//
// Success: a run succeeds when it goes through the whole job: exit code 0, or exit code 1 because
// of invoices of their own (bad data, an invalid address, a delivery failure, a delivery unknown)
// after every invoice was tried, the ledger synced and the report written. A refused job (exit
// code 2), a run stopped by a signal, a ledger that could not be synced or a report that could not
// be written is no success, and neither is a dry run. So "no successful run in 26 hours" says the
// nightly run did not run or did not get through, and the exit code and the outcome counts say
// which invoices did not go.

namespace mailroom::metrics {

class RunMetrics {
public:
  // `last_success`: seconds since the epoch of the job's last success before this run (read from
  // the metrics file the last run left), carried on until this run succeeds.
  RunMetrics(std::string job, std::optional<double> last_success);

  void expect(size_t invoices);
  // One invoice's outcome, its render time and its send attempts (ReportEntry::send_seconds).
  void settled(const pipeline::ReportEntry& entry);
  // The run tried every invoice of the job, synced its ledger and wrote its report.
  void went_through();
  // The run is a dry run: it never counts as a success.
  void mark_dry_run();
  // The run ended with `exit_code`: counted as a success, or not, as said above.
  void finish(int exit_code);

  const std::string& job() const { return m_job; }
  // The metrics in Prometheus's text format, as they are now.
  std::string exposition() const;

private:
  struct Mailbox {
    Histogram send_seconds{send_duration_buckets()};
    uint64_t retries = 0;
  };

  const std::string m_job;
  const double m_started; // Seconds since the epoch.
  std::atomic<size_t> m_expected{0};
  std::array<std::atomic<uint64_t>, 7> m_outcomes{}; // By pipeline::InvoiceStatus.
  Histogram m_render_seconds{render_duration_buckets()};
  std::atomic<bool> m_went_through{false};
  std::atomic<bool> m_dry_run{false};
  mutable std::mutex m_mutex; // Guards what follows.
  std::map<std::string, Mailbox> m_mailboxes;
  std::optional<double> m_last_success;
  std::optional<int> m_exit_code;
  std::optional<double> m_ended;
};

// The seconds since the epoch of the job's last success in the metrics file `text` (what the last
// run wrote); none when it has none.
std::optional<double> last_success_in(std::string_view text, std::string_view job);

} // namespace mailroom::metrics
