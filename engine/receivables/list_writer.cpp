#include "list_writer.hpp"

#include <glib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace mailroom::receivables {

std::optional<ListFormat> parse_list_format(std::string_view name) {
  if (name == "table") {
    return ListFormat::Table;
  }
  if (name == "csv") {
    return ListFormat::Csv;
  }
  if (name == "json") {
    return ListFormat::Json;
  }
  return std::nullopt;
}

namespace {

Status written(const std::ostream& out) {
  if (!out) {
    return make_error(std::string("cannot write the list: ") + std::strerror(errno));
  }
  return Ok{};
}

// The columns a format shows, by their index among all columns.
std::vector<std::size_t> shown_columns(const std::vector<Column>& columns, ColumnUse left_out) {
  std::vector<std::size_t> shown;
  for (std::size_t index = 0; index < columns.size(); ++index) {
    if (columns[index].use != left_out) {
      shown.push_back(index);
    }
  }
  return shown;
}

class CsvWriter final : public ListWriter {
public:
  CsvWriter(std::ostream& out, std::vector<Column> columns)
    : m_out(out)
    , m_shown(shown_columns(columns, ColumnUse::TableOnly)) {
    std::vector<std::string> header;
    for (const auto index : m_shown) {
      header.push_back(columns[index].name);
    }
    write_line(header, IndexSet::All);
  }

  Status add(const std::vector<std::string>& values) override {
    write_line(values, IndexSet::Shown);
    return written(m_out);
  }

  Status finish() override {
    m_out.flush();
    return written(m_out);
  }

private:
  enum class IndexSet { All, Shown };

  void write_field(std::string_view value) {
    if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
      m_out << value;
      return;
    }
    m_out << '"';
    for (const char character : value) {
      if (character == '"') {
        m_out << '"';
      }
      m_out << character;
    }
    m_out << '"';
  }

  void write_line(const std::vector<std::string>& values, IndexSet set) {
    const auto count = set == IndexSet::All ? values.size() : m_shown.size();
    for (std::size_t position = 0; position < count; ++position) {
      if (position > 0) {
        m_out << ',';
      }
      write_field(values[set == IndexSet::All ? position : m_shown[position]]);
    }
    m_out << "\r\n";
  }

  std::ostream& m_out;
  std::vector<std::size_t> m_shown;
};

class JsonWriter final : public ListWriter {
public:
  JsonWriter(std::ostream& out, std::vector<Column> columns)
    : m_out(out)
    , m_columns(std::move(columns))
    , m_shown(shown_columns(m_columns, ColumnUse::TableOnly)) {
    m_out << "[";
  }

  Status add(const std::vector<std::string>& values) override {
    nlohmann::ordered_json object = nlohmann::ordered_json::object();
    for (const auto index : m_shown) {
      const auto& value = values[index];
      switch (m_columns[index].kind) {
        case ColumnKind::Integer:
          object[m_columns[index].name] = std::stoll(value);
          break;
        case ColumnKind::Boolean:
          object[m_columns[index].name] = value == "true";
          break;
        case ColumnKind::Text:
        case ColumnKind::Amount:
          object[m_columns[index].name] = value;
          break;
      }
    }
    // Invalid UTF-8 is replaced rather than thrown about: the ledger holds what runs read.
    m_out << (m_rows++ == 0 ? "\n" : ",\n")
          << object.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    return written(m_out);
  }

  Status finish() override {
    m_out << (m_rows == 0 ? "]\n" : "\n]\n");
    m_out.flush();
    return written(m_out);
  }

private:
  std::ostream& m_out;
  std::vector<Column> m_columns;
  std::vector<std::size_t> m_shown;
  std::size_t m_rows = 0;
};

// How many characters a terminal shows for UTF-8 text: one per character (wide characters and
// combining marks are rare in invoice data and not measured).
std::size_t display_width(std::string_view text) {
  if (g_utf8_validate(text.data(), static_cast<gssize>(text.size()), nullptr) == FALSE) {
    return text.size();
  }
  return static_cast<std::size_t>(g_utf8_strlen(text.data(), static_cast<gssize>(text.size())));
}

// The first `width` characters, the last of them "…" when the text was longer.
std::string cut_to(std::string_view text, std::size_t width) {
  if (display_width(text) <= width || width == 0) {
    return std::string(text);
  }
  if (g_utf8_validate(text.data(), static_cast<gssize>(text.size()), nullptr) == FALSE) {
    return std::string(text.substr(0, width - 1)) + "…";
  }
  const gchar* end = g_utf8_offset_to_pointer(text.data(), static_cast<glong>(width - 1));
  return std::string(text.data(), static_cast<std::size_t>(end - text.data())) + "…";
}

class TableWriter final : public ListWriter {
public:
  TableWriter(std::ostream& out, std::vector<Column> columns)
    : m_out(out)
    , m_columns(std::move(columns))
    , m_shown(shown_columns(m_columns, ColumnUse::MachinesOnly)) {
    for (const auto index : m_shown) {
      m_widths.push_back(display_width(m_columns[index].name));
    }
  }

  Status add(const std::vector<std::string>& values) override {
    // The first rows are held back until the widths are known; the rest go out at once.
    if (!m_header_written && m_held.size() < k_rows_measured) {
      measure(values);
      m_held.push_back(values);
      return Ok{};
    }
    if (!m_held.empty()) {
      release();
    }
    write_row(values);
    return written(m_out);
  }

  Status finish() override {
    release();
    m_out.flush();
    return written(m_out);
  }

private:
  static constexpr std::size_t k_rows_measured = 500;
  static constexpr std::size_t k_widest_column = 40;

  void measure(const std::vector<std::string>& values) {
    for (std::size_t position = 0; position < m_shown.size(); ++position) {
      m_widths[position] = std::min(
        k_widest_column, std::max(m_widths[position], display_width(values[m_shown[position]])));
    }
  }

  void release() {
    if (!m_header_written) {
      std::vector<std::string> header(m_columns.size());
      for (const auto index : m_shown) {
        header[index] = m_columns[index].name;
      }
      write_row(header);
      std::vector<std::string> rule(m_columns.size());
      for (std::size_t position = 0; position < m_shown.size(); ++position) {
        for (std::size_t dash = 0; dash < m_widths[position]; ++dash) {
          rule[m_shown[position]] += "─";
        }
      }
      write_row(rule);
      m_header_written = true;
    }
    for (const auto& values : m_held) {
      write_row(values);
    }
    m_held.clear();
  }

  void write_row(const std::vector<std::string>& values) {
    std::string line;
    for (std::size_t position = 0; position < m_shown.size(); ++position) {
      const auto index = m_shown[position];
      const auto text = cut_to(values[index], m_widths[position]);
      const auto padding = std::string(m_widths[position] - display_width(text), ' ');
      const bool right =
        m_columns[index].kind == ColumnKind::Amount || m_columns[index].kind == ColumnKind::Integer;
      if (position > 0) {
        line += "  ";
      }
      line += right ? padding + text : text + padding;
    }
    while (!line.empty() && line.back() == ' ') {
      line.pop_back();
    }
    m_out << line << '\n';
  }

  std::ostream& m_out;
  std::vector<Column> m_columns;
  std::vector<std::size_t> m_shown;
  std::vector<std::size_t> m_widths;
  std::vector<std::vector<std::string>> m_held;
  bool m_header_written = false;
};

} // namespace

std::unique_ptr<ListWriter> make_list_writer(ListFormat format, std::ostream& out,
                                             std::vector<Column> columns) {
  switch (format) {
    case ListFormat::Csv:
      return std::make_unique<CsvWriter>(out, std::move(columns));
    case ListFormat::Json:
      return std::make_unique<JsonWriter>(out, std::move(columns));
    case ListFormat::Table:
      break;
  }
  return std::make_unique<TableWriter>(out, std::move(columns));
}

} // namespace mailroom::receivables
