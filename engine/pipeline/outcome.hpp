#pragma once

#include <atomic>
#include <string>
#include <string_view>

namespace mailroom::pipeline {

// What became of one invoice in this run.
enum class InvoiceStatus {
  Sent,           // Accepted by the server (or written to the maildir) in this run.
  Skipped,        // Already sent by an earlier run of the same job.
  Failed,         // Bad data, rendering, template or delivery failure.
  InvalidAddress, // No valid address: not sent.
  Interrupted,    // An earlier run stopped while sending it: delivery is unknown.
  Prepared,       // Dry run or render only: built but deliberately not sent.
  Unknown,        // Sent, but no final reply came (now or in an earlier run): maybe delivered.
};

std::string_view status_name(InvoiceStatus status);

// Counts of a run, updated by the pipeline's threads and read by the progress display.
struct Counters {
  std::atomic<size_t> total{0}; // Invoices expected (counted before the run starts).
  std::atomic<size_t> done{0};
  std::atomic<size_t> sent{0};
  std::atomic<size_t> skipped{0};
  std::atomic<size_t> failed{0};
  std::atomic<size_t> invalid_address{0};
  std::atomic<size_t> interrupted{0};
  std::atomic<size_t> prepared{0};
  std::atomic<size_t> unknown{0};

  void count(InvoiceStatus status);
};

// What a run's counters count.
enum class Documents { Invoices, Reminders };

// "1,240 invoices: 1,236 sent, 3 invalid address, 1 failed": only the parts that are not zero.
std::string summary_line(const Counters& counters, Documents documents = Documents::Invoices);

// True when every invoice is sent or was already sent (or prepared, in a dry run).
bool all_done(const Counters& counters);

} // namespace mailroom::pipeline
