#pragma once

#include <engine/util/result.hpp>

#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

// Writes a listing (invoices, payments) as a person or a program reads it, row by row, so a list
// of any length streams in bounded memory:
//   table  aligned columns for a terminal; the widths are taken from the first rows, and a
//          later, longer value is cut short with "…"
//   csv    RFC 4180: a header row, fields quoted when they hold a comma, a quote or a line
//          break, CRLF line ends, UTF-8; amounts as plain decimals with a dot
//   json   an array with one object per row, one per line; amounts as exact decimal strings

namespace mailroom::receivables {

enum class ListFormat { Table, Csv, Json };

// "table", "csv", "json".
std::optional<ListFormat> parse_list_format(std::string_view name);

enum class ColumnKind {
  Text,
  Amount,  // A plain decimal; right-aligned in a table.
  Integer, // A JSON number; right-aligned in a table.
  Boolean, // "true"/"false": a JSON boolean.
};

// Where a column appears: some are for programs only (too wide for a terminal), some are a
// person's summary of others.
enum class ColumnUse { Everywhere, MachinesOnly, TableOnly };

struct Column {
  std::string name;
  ColumnKind kind = ColumnKind::Text;
  ColumnUse use = ColumnUse::Everywhere;
};

class ListWriter {
public:
  virtual ~ListWriter() = default;
  // One value per column, in the order of the columns.
  [[nodiscard]] virtual Status add(const std::vector<std::string>& values) = 0;
  // Writes what is still held back (a table's first rows, the array's end) and reports a write
  // that failed.
  [[nodiscard]] virtual Status finish() = 0;
};

std::unique_ptr<ListWriter> make_list_writer(ListFormat format, std::ostream& out,
                                             std::vector<Column> columns);

} // namespace mailroom::receivables
