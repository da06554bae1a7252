#pragma once

#include <engine/pipeline/options.hpp>
#include <engine/pipeline/outcome.hpp>
#include <engine/util/log.hpp>
#include <engine/util/repeating_task.hpp>

#include <chrono>
#include <cstdio>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

namespace mailroom::pipeline {

// Shows how a run is going, from its own thread, reading the run's counters:
// - Bar: a live line on a terminal (done/total, rate, ETA, failures), redrawn a few times a second;
// - Plain: one line every few seconds, for cron logs and journald;
// - Json: one JSON object per line, for other programs (the lines of util/log.hpp);
// - None: nothing.
// Automatic chooses Bar when the output is a terminal, Plain otherwise.
class ProgressDisplay {
public:
  ProgressDisplay(ProgressStyle style, const Counters& counters, std::FILE* output = stderr);
  ~ProgressDisplay();
  ProgressDisplay(const ProgressDisplay&) = delete;
  ProgressDisplay& operator=(const ProgressDisplay&) = delete;

  void start(std::string_view job_name);
  // Stops the thread and prints the last state.
  void finish();

  // Prints a message of its own line (a failed invoice, say) without garbling the bar: in the
  // process's log format, or as JSON when the display's style is Json.
  void note(const std::string& message);
  void note(log::Line line);

  ProgressStyle style() const { return m_style; }

  // The least time the documents held back for their mailboxes' pace still need (the slowest
  // paced mailbox's held back documents at its rate): the ETA is never shorter. Set before start().
  using PacedEstimate = std::function<std::optional<double>()>;
  void set_paced_estimate(PacedEstimate estimate) { m_paced_estimate = std::move(estimate); }

  // Seconds until the end at the rate so far, and no sooner than the paced mailboxes allow; none
  // before anything is done or after the end.
  std::optional<double> eta_seconds(std::chrono::steady_clock::time_point now) const;

  // One line describing the counters now; exposed for tests.
  std::string plain_line(std::chrono::steady_clock::time_point now) const;
  std::string json_line(std::chrono::steady_clock::time_point now) const;
  std::string bar_line(std::chrono::steady_clock::time_point now) const;
  // The plain line and its counts, as one line of the log.
  log::Line progress_line(std::chrono::steady_clock::time_point now) const;

private:
  void print(std::chrono::steady_clock::time_point now, bool last);
  double rate(std::chrono::steady_clock::time_point now) const;

  ProgressStyle m_style;
  const Counters& m_counters;
  std::FILE* m_output;
  std::string m_job_name;
  PacedEstimate m_paced_estimate;
  std::chrono::steady_clock::time_point m_started;
  std::chrono::milliseconds m_interval;
  std::mutex m_mutex; // One line of output at a time: the redraws' and the notes'.
  // Redraws every interval from start to finish; last, so it stops before the members it reads.
  std::optional<RepeatingTask> m_redrawing;
};

ProgressStyle resolve_progress_style(ProgressStyle style, std::FILE* output);

} // namespace mailroom::pipeline
