#include "report.hpp"

#include <nlohmann/json.hpp>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>

namespace mailroom::pipeline {

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

void ReportWriter::add(const ReportEntry& entry) {
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
}

Status ReportWriter::finish(std::string_view job_name, const Counters& counters) {
  m_entries.close();
  nlohmann::ordered_json header = {
    {"job", std::string(job_name)},
    {"total", counters.done.load()},
    {"sent", counters.sent.load()},
    {"skipped", counters.skipped.load()},
    {"failed", counters.failed.load()},
    {"invalid_address", counters.invalid_address.load()},
    {"interrupted", counters.interrupted.load()},
    {"unknown", counters.unknown.load()},
    {"prepared", counters.prepared.load()},
  };
  std::string head = header.dump(2);
  head.pop_back(); // The closing brace: the invoices array follows.
  while (!head.empty() && (head.back() == '\n' || head.back() == ' ')) {
    head.pop_back();
  }
  const auto temporary = m_path.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    std::ifstream entries(m_entries_path, std::ios::binary);
    out << head << ",\n  \"invoices\": [";
    if (!m_first) {
      out << entries.rdbuf(); // Inserting an empty buffer would set failbit.
    }
    out << (m_first ? "]\n}\n" : "\n  ]\n}\n");
    if (!out) {
      return make_error(std::string("cannot write the report: ") + std::strerror(errno),
                        Location{m_path.string()});
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, m_path, error);
  if (error) {
    return make_error("cannot write the report: " + error.message(), Location{m_path.string()});
  }
  return Ok{};
}

} // namespace mailroom::pipeline
