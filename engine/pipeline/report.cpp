#include "report.hpp"

#include <engine/util/files.hpp>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>

namespace mailroom::pipeline {

namespace {

Error cannot_write(const std::filesystem::path& path) {
  return make_error(std::string("cannot write the report: ") + std::strerror(errno),
                    Location{path.string()});
}

} // namespace

ReportWriter::ReportWriter(std::filesystem::path path)
  : m_path(std::move(path))
  , m_entries_path(m_path.string() + ".entries." + std::to_string(::getpid())) {}

Result<ReportWriter> ReportWriter::open(const std::filesystem::path& path) {
  ReportWriter writer(path);
  std::error_code ignored;
  if (path.has_parent_path()) {
    std::filesystem::create_directories(path.parent_path(), ignored);
  }
  writer.m_entries.open(writer.m_entries_path, std::ios::binary | std::ios::trunc);
  if (!writer.m_entries) {
    return make_error(std::string("cannot write the report: ") + std::strerror(errno),
                      Location{path.string()});
  }
  return writer;
}

ReportWriter::~ReportWriter() {
  if (!m_entries_path.empty()) {
    std::error_code ignored;
    std::filesystem::remove(m_entries_path, ignored);
  }
}

Status ReportWriter::add(const ReportEntry& entry) {
  if (m_failure) {
    return *m_failure;
  }
  nlohmann::ordered_json object = {
    {"number", entry.number},
    {"creditor", entry.creditor},
    {"status", std::string(status_name(entry.status))},
    {"recipients", entry.recipients},
    {"sent_at",
     entry.sent_at.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(entry.sent_at)},
    {"message_id", entry.message_id},
    {"error", entry.error},
    {"source", entry.source},
    {"render_ms", entry.render_milliseconds
                    ? nlohmann::ordered_json(std::round(*entry.render_milliseconds * 1000) / 1000)
                    : nlohmann::ordered_json()},
  };
  m_entries << (m_first ? "\n    " : ",\n    ")
            << object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  m_first = false;
  if (!m_entries) {
    m_failure = cannot_write(m_path);
    return *m_failure;
  }
  return Ok{};
}

nlohmann::ordered_json count_fields(const Counters& counters) {
  return {
    {"total", counters.done.load()},
    {"sent", counters.sent.load()},
    {"skipped", counters.skipped.load()},
    {"failed", counters.failed.load()},
    {"invalid_address", counters.invalid_address.load()},
    {"interrupted", counters.interrupted.load()},
    {"unknown", counters.unknown.load()},
    {"prepared", counters.prepared.load()},
  };
}

Status ReportWriter::finish(std::string_view job_name, const Counters& counters) {
  m_entries.close();
  if (!m_failure && m_entries.fail()) {
    m_failure = cannot_write(m_path);
  }
  if (m_failure) {
    return *m_failure;
  }
  nlohmann::ordered_json header = {{"job", std::string(job_name)}};
  header.update(count_fields(counters));
  std::string head = header.dump(2);
  head.pop_back(); // The closing brace: the invoices array follows.
  while (!head.empty() && (head.back() == '\n' || head.back() == ' ')) {
    head.pop_back();
  }
  auto report = TRY(files::StagedFile::create(m_path));
  TRY(report.append(head + ",\n  \"invoices\": [", m_path));
  std::ifstream entries(m_entries_path, std::ios::binary);
  std::string chunk(1 << 16, '\0');
  while (entries) {
    entries.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    TRY(
      report.append(std::string_view(chunk.data(), static_cast<size_t>(entries.gcount())), m_path));
  }
  if (entries.bad()) {
    return make_error("cannot read back the report's entries", Location{m_entries_path.string()});
  }
  TRY(report.append(m_first ? "]\n}\n" : "\n  ]\n}\n", m_path));
  if (auto placed = report.put_in_place(m_path, files::Overwrite::Allowed); !placed) {
    return make_error("cannot write the report: " + placed.error().message,
                      placed.error().location);
  }
  return Ok{};
}

} // namespace mailroom::pipeline
