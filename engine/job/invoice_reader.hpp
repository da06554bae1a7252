#pragma once

#include <engine/job/model.hpp>
#include <engine/job/selection.hpp>
#include <engine/job/shard.hpp>
#include <engine/util/result.hpp>

#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace mailroom::job {

// Why `name` cannot be an invoice number or a creditor id (letters, digits, '-', '_' and '.', at
// most 64, starting with a letter or digit); empty when it can.
std::string plain_name_problem(std::string_view name);

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

// The creditor id and invoice number a record names, read exactly as parse_invoice reads them;
// each none when the record is not a JSON object with that key holding a string.
struct RecordNames {
  std::optional<std::string> creditor;
  std::optional<std::string> number;
};
RecordNames record_names(const RawRecord& record);
// The creditor id alone, as record_names reads it.
std::optional<std::string> creditor_named(const RawRecord& record);

// A first look at the job before the run: how many records it has (for the progress total) and,
// when asked, which creditors they name (so that only the mailboxes in use are opened). Records
// that cannot be read count too. With a selection, only the records in it count (as the stream
// takes them), their creditors are the ones in use, and `unmatched` says how many of its keys
// name no record (the run reports each as failed, so they count in the total too). With a shard,
// only the shard's records count.
enum class SurveyCreditors { No, Yes };
struct JobSurvey {
  size_t records = 0;
  size_t unmatched = 0;
  std::set<std::string> creditors;

  // What the run's progress counts: each record taken, and each key of the selection no record
  // matched.
  size_t documents() const { return records + unmatched; }
};
JobSurvey survey_job(const std::vector<std::filesystem::path>& files, std::optional<size_t> limit,
                     SurveyCreditors creditors,
                     const std::optional<Selection>& selection = std::nullopt,
                     const std::optional<Shard>& shard = std::nullopt);

} // namespace mailroom::job
