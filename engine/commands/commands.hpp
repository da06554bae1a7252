#pragma once

#include <engine/job/selection.hpp>
#include <engine/pipeline/options.hpp>
#include <engine/pipeline/outcome.hpp>
#include <engine/pipeline/report.hpp>
#include <engine/print/bundle_writer.hpp>
#include <engine/render/renderer.hpp>

#include <filesystem>
#include <optional>

// The things mailroom does with a job, one file each. A command is a short list of named steps
// over one context; it says how it went, and only the command line (cli/) turns that into the
// process's exit code.

namespace mailroom::commands {

enum class CommandResult {
  Completed,  // Everything was done: every invoice sent (or sent before), checked, written.
  Incomplete, // Some invoices were not done: bad data, no valid address, a delivery failure...
  Refused,    // The job itself was refused, and nothing was done.
};

// The process's exit code of each result, documented in the command line's overview (cli.cpp):
// the one place they are decided. The command line returns it; the metrics file reports it.
constexpr int exit_code(CommandResult result) {
  switch (result) {
    case CommandResult::Completed:
      return 0;
    case CommandResult::Incomplete:
      return 1;
    case CommandResult::Refused:
      return 2;
  }
  return 2;
}

// What a caller of `run` other than the command line (the console) sees of a run: its counters
// while the invoices travel, each invoice's outcome as it is settled (in job order, one call at a
// time), and why the job was refused. The command line's own output goes on as ever.
class RunObserver {
public:
  virtual ~RunObserver() = default;
  // The run's counters, valid until `finished`; read them from any thread.
  virtual void started(const pipeline::Counters& counters) = 0;
  virtual void settled(const pipeline::ReportEntry& entry) = 0;
  // The job was refused, nothing was sent; `problem` says why.
  virtual void refused(const Error& problem) = 0;
  // The last counts, before they go; not called for a refused job.
  virtual void finished(const pipeline::Counters& counters) = 0;
};

// `mailroom report JOB`: what the ledger records of the job, whatever ran it (one worker or the
// shards of several): the summary on standard output, the invoices not sent with their reasons,
// and, with `report`, the JSON report `run --report` writes. Incomplete unless every invoice of
// the job is recorded as sent.
CommandResult job_report(const std::filesystem::path& job_file,
                         const std::optional<std::filesystem::path>& report);

// `mailroom ledger copy FROM TO`: a ledger (an SQLite file or a PostgreSQL URI) into another, new
// one, checked row by row.
CommandResult ledger_copy(const std::string& from, const std::string& to);

// Sends the job: read → validate → render → archive → build mail → send → record. With an
// observer, the caller takes SIGINT and SIGTERM itself (and asks the run to stop with
// pipeline::request_stop).
CommandResult run(const std::filesystem::path& job_file, const pipeline::RunOptions& options,
                  RunObserver* observer = nullptr);

// Renders the job's invoices to <out>/<number>.pdf; sends and records nothing.
CommandResult render(const std::filesystem::path& job_file, const std::filesystem::path& out,
                     const pipeline::RunOptions& options);

// Reads everything and reports every problem by the rules `run` applies; sends nothing, writes
// nothing.
CommandResult validate(const std::filesystem::path& job_file);

// Compare: checks each invoice against its approved sample. Update: makes the fresh rendering
// the sample.
enum class SampleMode { Compare, Update };

struct CheckOptions {
  std::filesystem::path samples; // Holds <number>.pdf per invoice.
  double dpi = 72;
  double tolerance_percent = 0.1;                   // Of a page's pixels that may differ.
  std::optional<std::filesystem::path> diff_folder; // For <number>-page<N>.png.
  SampleMode mode = SampleMode::Compare;
  unsigned threads = 0; // 0: one per core.
};

// Renders each valid invoice of the job in memory and compares it with <samples>/<number>.pdf:
// page count, text and pixels; one line per invoice on standard output. Completed only when
// every invoice matches its sample.
CommandResult check(const std::filesystem::path& job_file, const CheckOptions& options);

struct PrintOptions {
  std::filesystem::path out;
  // Omit by default: bundles are printed on pre-printed paper.
  render::Letterhead letterhead = render::Letterhead::Omit;
  print::Duplex duplex = print::Duplex::Off;
  unsigned threads = 0; // 0: one per core.
  // Only these invoices of the job (the console's "print a selection"); none: all of them.
  std::optional<job::Selection> selection;
};

// Writes every valid invoice of the job, in job order, into one PDF for printing.
CommandResult print(const std::filesystem::path& job_file, const PrintOptions& options);

} // namespace mailroom::commands
