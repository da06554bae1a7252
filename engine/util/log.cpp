#include "log.hpp"

#include <engine/util/time.hpp>

#include <atomic>
#include <mutex>

namespace mailroom::log {

namespace {

std::atomic<Format> g_format{Format::Text};
std::mutex g_mutex; // Guards g_job and keeps lines whole.
std::string g_job;

std::string job_of(const Line& line) {
  if (!line.job.empty()) {
    return line.job;
  }
  std::lock_guard lock(g_mutex);
  return g_job;
}

Line with_text(Level level, std::string event, std::string_view prefix, std::string message) {
  Line line;
  line.level = level;
  line.event = std::move(event);
  line.text = std::string(prefix) + message;
  line.message = std::move(message);
  return line;
}

} // namespace

std::string_view level_name(Level level) {
  switch (level) {
    case Level::Info:
      return "info";
    case Level::Warning:
      return "warning";
    case Level::Error:
      return "error";
  }
  return "error";
}

Line error(std::string event, std::string message) {
  return with_text(Level::Error, std::move(event), "error: ", std::move(message));
}

Line warning(std::string event, std::string message) {
  return with_text(Level::Warning, std::move(event), "warning: ", std::move(message));
}

Line note(std::string event, std::string message, Level level) {
  return with_text(level, std::move(event), "mailroom: ", std::move(message));
}

void set_format(Format format) {
  g_format = format;
}

Format format() {
  return g_format;
}

void set_job(std::string name) {
  std::lock_guard lock(g_mutex);
  g_job = std::move(name);
}

std::string json_text(const Line& line) {
  const std::string job = job_of(line);
  nlohmann::ordered_json object = {
    {"time", time::to_iso8601(time::now())},
    {"level", std::string(level_name(line.level))},
    {"event", line.event},
    {"job", job.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(job)},
    {"message", line.message},
  };
  if (!line.invoice.empty()) {
    object["invoice"] = line.invoice;
  }
  if (!line.creditor.empty()) {
    object["creditor"] = line.creditor;
  }
  if (!line.status.empty()) {
    object["status"] = line.status;
  }
  for (const auto& [key, value] : line.details.items()) {
    object[key] = value;
  }
  return object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void write_as(Format format, const Line& line, std::FILE* stream) {
  const std::string text = format == Format::Json ? json_text(line) : line.text;
  std::lock_guard lock(g_mutex);
  std::fprintf(stream, "%s\n", text.c_str());
  std::fflush(stream);
}

void write(const Line& line, std::FILE* stream) {
  write_as(format(), line, stream);
}

} // namespace mailroom::log
