#include "metrics_file.hpp"

#include <engine/util/files.hpp>
#include <engine/util/log.hpp>

namespace mailroom::metrics {

MetricsFile::MetricsFile(std::filesystem::path path, std::string job,
                         std::chrono::milliseconds interval)
  : m_path(std::move(path))
  , m_interval(interval)
  , m_job(std::move(job)) {}

Result<std::unique_ptr<MetricsFile>> MetricsFile::prepare(const std::filesystem::path& path,
                                                          std::string job,
                                                          std::chrono::milliseconds interval) {
  const auto absolute = std::filesystem::absolute(path);
  std::error_code error;
  if (path.filename().empty()) {
    return make_error(
      "--metrics: expected the path of a file (such as mailroom.prom), got a folder",
      Location{path.string()});
  }
  if (!std::filesystem::is_directory(absolute.parent_path(), error)) {
    return make_error("--metrics: the folder " + absolute.parent_path().string() +
                        " is not there; create it (node_exporter's --collector.textfile.directory)",
                      Location{path.string()});
  }
  if (std::filesystem::is_directory(absolute, error)) {
    return make_error("--metrics: expected a file, but this is a folder", Location{path.string()});
  }
  return std::unique_ptr<MetricsFile>(new MetricsFile(absolute, std::move(job), interval));
}

MetricsFile::~MetricsFile() = default;

std::unique_ptr<RunMetrics> MetricsFile::make_metrics() const {
  std::optional<double> last_success;
  if (auto previous = files::read_file(m_path)) {
    last_success = last_success_in(*previous, m_job);
  }
  return std::make_unique<RunMetrics>(m_job, last_success);
}

RunMetrics& MetricsFile::start() {
  m_metrics = make_metrics();
  write();
  m_writing.emplace(m_interval, [this] { write(); });
  return *m_metrics;
}

void MetricsFile::finish(int exit_code) {
  m_writing.reset();
  if (!m_metrics) {
    m_metrics = make_metrics();
  }
  m_metrics->finish(exit_code);
  write();
}

void MetricsFile::write() {
  auto written = files::write_file_atomically(m_path, m_metrics->exposition());
  if (written || m_warned) {
    return;
  }
  m_warned = true;
  log::write(log::warning("metrics", written.error().to_string() +
                                       " (the metrics file; the run goes on without it)"));
}

} // namespace mailroom::metrics
