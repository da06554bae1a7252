#pragma once

#include <engine/job/model.hpp>
#include <engine/util/result.hpp>

#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace mailroom::job {

// One record of a JSON Lines file, not yet parsed.
struct RawRecord {
  Location source;
  std::string text;
};

// Streams the records of the job's invoice files in order, one line at a time, so that a job of
// any size is never held in memory. Blank lines are passed over.
class InvoiceReader {
public:
  explicit InvoiceReader(std::vector<std::filesystem::path> files);

  // The next record; an Error for an unreadable file or an over-long line (reading then goes on
  // with the next line or file); std::nullopt at the end.
  std::optional<Result<RawRecord>> next();

  static constexpr size_t k_maximum_line_bytes = size_t{8} * 1024 * 1024;

private:
  std::vector<std::filesystem::path> m_files;
  size_t m_file_index = 0;
  std::ifstream m_stream;
  bool m_stream_open = false;
  long m_line = 0;
};

// The outcome of parsing one record: the invoice as far as it could be read (number and creditor
// are filled in whenever the record has them, so failures can be recorded under them) and every
// problem found in it. The invoice is usable only when `problems` is empty.
struct ParsedInvoice {
  Invoice invoice;
  std::vector<Error> problems;

  bool ok() const { return problems.empty(); }
};

// Parses and validates one record against the known creditors: required fields, types,
// decimals, dates, known creditor, language. Amount totals are computed here.
ParsedInvoice parse_invoice(const RawRecord& record, const Creditors& creditors);

// The creditor id a record names, read exactly as parse_invoice reads it; std::nullopt when the
// record is not a JSON object with a string "creditor".
std::optional<std::string> creditor_named(const RawRecord& record);

// A first look at the job before the run: how many records it has (for the progress total) and,
// when asked, which creditors they name (so that only the mailboxes in use are opened). Records
// that cannot be read count too.
enum class SurveyCreditors { No, Yes };
struct JobSurvey {
  size_t records = 0;
  std::set<std::string> creditors;
};
JobSurvey survey_job(const std::vector<std::filesystem::path>& files, std::optional<size_t> limit,
                     SurveyCreditors creditors);

} // namespace mailroom::job
