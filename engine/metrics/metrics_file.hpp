#pragma once

#include <engine/metrics/run_metrics.hpp>
#include <engine/util/repeating_task.hpp>
#include <engine/util/result.hpp>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

// The metrics file of a run (`--metrics FILE`), for node_exporter's textfile collector: written
// when the run starts, every few seconds while it runs (from a thread of its own, which sleeps in
// between) and when it ends. Each write replaces the file at once (a temporary file in the same
// folder, renamed onto it: util/files.hpp), so the collector never reads half a file; the
// temporary file's name starts with a dot and does not end in .prom, so the collector never reads
// it either.

namespace mailroom::metrics {

class MetricsFile {
public:
  static constexpr std::chrono::milliseconds k_interval{5000};

  // Refuses a file whose folder is not there (or is not a folder), before the run does anything.
  // `job` labels the metrics until the job's own name is known (set_job).
  static Result<std::unique_ptr<MetricsFile>> prepare(
    const std::filesystem::path& path, std::string job,
    std::chrono::milliseconds interval = k_interval);
  ~MetricsFile();
  MetricsFile(const MetricsFile&) = delete;
  MetricsFile& operator=(const MetricsFile&) = delete;

  // The job's name, once it is read; before start.
  void set_job(std::string job) { m_job = std::move(job); }

  // The run begins sending: its metrics (the job's last success read from the file the last run
  // left), written at once and then every interval.
  RunMetrics& start();
  // The run's metrics; null before start.
  RunMetrics* run() { return m_metrics.get(); }

  // The run ended with `exit_code` (a run refused before it started, too): the file is written a
  // last time.
  void finish(int exit_code);

  const std::filesystem::path& path() const { return m_path; }

private:
  MetricsFile(std::filesystem::path path, std::string job, std::chrono::milliseconds interval);
  void write();
  std::unique_ptr<RunMetrics> make_metrics() const;

  const std::filesystem::path m_path;
  const std::chrono::milliseconds m_interval;
  std::string m_job;
  std::unique_ptr<RunMetrics> m_metrics;
  bool m_warned = false; // A write that failed is said once; the run goes on.
  // Writes every interval from start to finish; last, so it stops before the members it writes.
  std::optional<RepeatingTask> m_writing;
};

} // namespace mailroom::metrics
