#pragma once

#include <engine/job/model.hpp>
#include <engine/util/result.hpp>

#include <filesystem>
#include <fstream>
#include <optional>
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

  static constexpr size_t k_maximum_line_bytes = 8 * 1024 * 1024;

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

} // namespace mailroom::job
