#pragma once

#include <engine/pipeline/options.hpp>
#include <engine/print/bundle_writer.hpp>
#include <engine/render/renderer.hpp>
#include <engine/util/result.hpp>

#include <cstdio>
#include <filesystem>
#include <optional>

// The things mailroom does with a job. Each returns the process exit code:
// 0 all done, 1 some invoices not sent (or not valid), 2 the job itself is refused.

namespace mailroom::pipeline {

namespace exit_code {
constexpr int k_success = 0;
constexpr int k_some_not_sent = 1;
constexpr int k_refused = 2;
} // namespace exit_code

// Sends the job: read → validate → render → build mail → send → record.
int run_job(const std::filesystem::path& job_file, const RunOptions& options);

// Renders the job's invoices to <out>/<number>.pdf; sends and records nothing.
int render_job(const std::filesystem::path& job_file, const std::filesystem::path& out,
               const RunOptions& options);

// Reads everything and reports every problem; sends nothing, writes nothing.
int validate_job(const std::filesystem::path& job_file);

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
// page count, text and pixels; one line per invoice on standard output. Exit code 0 only when
// every invoice matches its sample; 1 for a difference, a missing sample or bad data.
int check_job(const std::filesystem::path& job_file, const CheckOptions& options);

struct PrintOptions {
  std::filesystem::path out;
  // Omit by default: bundles are printed on pre-printed paper.
  render::Letterhead letterhead = render::Letterhead::Omit;
  print::Duplex duplex = print::Duplex::Off;
  unsigned threads = 0; // 0: one per core.
};

// Writes every valid invoice of the job, in job order, into one PDF for printing.
int print_job(const std::filesystem::path& job_file, const PrintOptions& options);

} // namespace mailroom::pipeline
