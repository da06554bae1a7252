#pragma once

#include <engine/pipeline/outcome.hpp>
#include <engine/util/result.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace mailroom::pipeline {

// One invoice's line of the report.
struct ReportEntry {
  std::string number;
  std::string creditor;
  InvoiceStatus status = InvoiceStatus::Failed;
  std::string recipients;
  std::string sent_at;
  std::string message_id;
  std::string error;
  std::string source; // "file:line" of the record.
  // How long rendering its PDF took, in milliseconds of wall time; none if it was not rendered.
  std::optional<double> render_milliseconds;
  // For the metrics (not written in the report): the mailbox it went through, and how long each
  // attempt to hand it to the server took, in seconds (none when it was never tried).
  std::string mailbox;
  std::vector<double> send_seconds;
};

// The run's counts as the JSON report and the summary's log line give them: "total" (the
// invoices done), then each outcome's count, in the report's order.
nlohmann::ordered_json count_fields(const Counters& counters);

// Writes the JSON report while the run goes on, so a job of any size never holds all entries in
// memory: entries go to a temporary file, and finish() writes the whole report beside it and puts
// it in place at once (files::StagedFile): a reader never sees half a report, and a report that
// could not be written whole (a full disk) is an error, never a shorter report.
class ReportWriter {
public:
  static Result<ReportWriter> open(const std::filesystem::path& path);
  ReportWriter(ReportWriter&&) = default;
  ~ReportWriter();

  // Once an entry could not be written, this and every later call fail with that first error.
  [[nodiscard]] Status add(const ReportEntry& entry);
  // Fails if any entry could not be written, or the report could not be put in place.
  [[nodiscard]] Status finish(std::string_view job_name, const Counters& counters);

private:
  explicit ReportWriter(std::filesystem::path path);
  std::filesystem::path m_path;
  std::filesystem::path m_entries_path;
  std::ofstream m_entries;
  bool m_first = true;
  std::optional<Error> m_failure; // The first entry that could not be written.
};

} // namespace mailroom::pipeline
