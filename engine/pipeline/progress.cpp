#include "progress.hpp"

#include <engine/util/log.hpp>
#include <engine/util/text.hpp>

#include <unistd.h>

#include <cmath>

namespace mailroom::pipeline {

namespace {

std::string duration_text(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) {
    return "?";
  }
  const long long whole = std::llround(seconds);
  char buffer[32];
  if (whole >= 3600) {
    std::snprintf(buffer, sizeof buffer, "%lld:%02lld:%02lld", whole / 3600, (whole / 60) % 60,
                  whole % 60);
  } else {
    std::snprintf(buffer, sizeof buffer, "%lld:%02lld", whole / 60, whole % 60);
  }
  return buffer;
}

std::string number(size_t value) {
  return text::group_thousands(static_cast<long long>(value));
}

} // namespace

ProgressStyle resolve_progress_style(ProgressStyle style, std::FILE* output) {
  if (style != ProgressStyle::Automatic) {
    return style;
  }
  return ::isatty(::fileno(output)) ? ProgressStyle::Bar : ProgressStyle::Plain;
}

ProgressDisplay::ProgressDisplay(ProgressStyle style, const Counters& counters, std::FILE* output)
  : m_style(resolve_progress_style(style, output))
  , m_counters(counters)
  , m_output(output)
  , m_interval(m_style == ProgressStyle::Bar ? std::chrono::milliseconds(200)
                                             : std::chrono::milliseconds(5000)) {}

ProgressDisplay::~ProgressDisplay() {
  finish();
}

void ProgressDisplay::start(std::string_view job_name) {
  m_job_name = std::string(job_name);
  m_started = std::chrono::steady_clock::now();
  if (m_style == ProgressStyle::None) {
    return;
  }
  m_redrawing.emplace(m_interval, [this] {
    const std::lock_guard lock(m_mutex);
    print(std::chrono::steady_clock::now(), false);
  });
}

void ProgressDisplay::finish() {
  if (!m_redrawing) {
    return;
  }
  m_redrawing.reset();
  print(std::chrono::steady_clock::now(), true);
}

void ProgressDisplay::note(const std::string& message) {
  note(log::note("problem", message));
}

void ProgressDisplay::note(log::Line line) {
  if (line.job.empty()) {
    line.job = m_job_name;
  }
  const auto format = m_style == ProgressStyle::Json ? log::Format::Json : log::format();
  if (m_style == ProgressStyle::Bar && format == log::Format::Text) {
    // Erases the bar: the note takes its line, and the next redraw puts the bar below it.
    line.text = "\r\x1b[K" + line.text;
  }
  std::lock_guard lock(m_mutex);
  log::write_as(format, line, m_output);
}

double ProgressDisplay::rate(std::chrono::steady_clock::time_point now) const {
  const double seconds = std::chrono::duration<double>(now - m_started).count();
  return seconds > 0 ? static_cast<double>(m_counters.done) / seconds : 0.0;
}

std::optional<double> ProgressDisplay::eta_seconds(
  std::chrono::steady_clock::time_point now) const {
  const size_t done = m_counters.done;
  const size_t total = std::max<size_t>(m_counters.total, done);
  const double per_second = rate(now);
  if (done >= total || per_second <= 0) {
    return std::nullopt;
  }
  double eta = static_cast<double>(total - done) / per_second;
  if (m_paced_estimate) {
    eta = std::max(eta, m_paced_estimate().value_or(0.0));
  }
  return eta;
}

std::string ProgressDisplay::plain_line(std::chrono::steady_clock::time_point now) const {
  const size_t done = m_counters.done;
  const size_t total = std::max<size_t>(m_counters.total, done);
  const double per_second = rate(now);
  char rate_text[32];
  std::snprintf(rate_text, sizeof rate_text, "%.1f/s", per_second);
  std::string line = "mailroom: " + m_job_name + ": " + number(done) + "/" + number(total) +
                     " done (" + number(m_counters.sent) + " sent, " + number(m_counters.skipped) +
                     " skipped, " + number(m_counters.failed) + " failed, " +
                     number(m_counters.invalid_address) + " invalid address), " + rate_text;
  if (const auto eta = eta_seconds(now)) {
    line += ", ETA " + duration_text(*eta);
  }
  return line;
}

log::Line ProgressDisplay::progress_line(std::chrono::steady_clock::time_point now) const {
  const size_t done = m_counters.done;
  auto line = log::note("progress", plain_line(now).substr(std::string_view("mailroom: ").size()));
  line.text = plain_line(now);
  line.job = m_job_name;
  line.details = {
    {"done", done},
    {"total", std::max<size_t>(m_counters.total, done)},
    {"sent", m_counters.sent.load()},
    {"skipped", m_counters.skipped.load()},
    {"failed", m_counters.failed.load()},
    {"invalid_address", m_counters.invalid_address.load()},
    {"interrupted", m_counters.interrupted.load()},
    {"unknown", m_counters.unknown.load()},
    {"rate_per_second", std::round(rate(now) * 10) / 10},
    {"elapsed_seconds",
     std::round(std::chrono::duration<double>(now - m_started).count() * 10) / 10},
  };
  return line;
}

std::string ProgressDisplay::json_line(std::chrono::steady_clock::time_point now) const {
  return log::json_text(progress_line(now));
}

std::string ProgressDisplay::bar_line(std::chrono::steady_clock::time_point now) const {
  const size_t done = m_counters.done;
  const size_t total = std::max<size_t>(m_counters.total, done);
  constexpr int k_width = 30;
  const int filled = total == 0 ? k_width : static_cast<int>(k_width * done / total);
  std::string bar(static_cast<size_t>(filled), '#');
  bar.resize(k_width, '-');
  const double per_second = rate(now);
  char rate_text[32];
  std::snprintf(rate_text, sizeof rate_text, "%.1f/s", per_second);
  std::string line = "[" + bar + "] " + number(done) + "/" + number(total) + "  " + rate_text;
  if (const auto eta = eta_seconds(now)) {
    line += "  ETA " + duration_text(*eta);
  }
  const size_t failures =
    m_counters.failed + m_counters.invalid_address + m_counters.interrupted + m_counters.unknown;
  if (failures > 0) {
    line += "  " + number(failures) + " not sent";
  }
  return line;
}

void ProgressDisplay::print(std::chrono::steady_clock::time_point now, bool last) {
  switch (m_style) {
    case ProgressStyle::Bar:
      // \r and erase-to-end-of-line redraw the same line on the terminal.
      std::fprintf(m_output, "\r%s\x1b[K%s", bar_line(now).c_str(), last ? "\n" : "");
      break;
    case ProgressStyle::Plain:
      log::write_as(log::Format::Text, progress_line(now), m_output);
      break;
    case ProgressStyle::Json:
      log::write_as(log::Format::Json, progress_line(now), m_output);
      break;
    case ProgressStyle::Automatic:
    case ProgressStyle::None:
      break;
  }
  std::fflush(m_output);
}

} // namespace mailroom::pipeline
