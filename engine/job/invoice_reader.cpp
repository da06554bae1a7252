#include "invoice_reader.hpp"

#include <engine/job/presence.hpp>
#include <engine/util/text.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>

namespace mailroom::job {

namespace {

using Json = nlohmann::json;

enum class LineOutcome { Line, TooLong, End, Failed };

LineOutcome read_bounded_line_unguarded(std::istream& stream, std::string& line, size_t limit) {
  line.clear();
  std::streambuf* buffer = stream.rdbuf();
  bool any = false;
  bool too_long = false;
  while (true) {
    const int character = buffer->sbumpc();
    if (character == std::char_traits<char>::eof()) {
      stream.setstate(std::ios::eofbit);
      if (!any) {
        return LineOutcome::End;
      }
      break;
    }
    any = true;
    if (character == '\n') {
      break;
    }
    if (line.size() >= limit) {
      too_long = true;
      continue;
    }
    line.push_back(static_cast<char>(character));
  }
  if (!line.empty() && line.back() == '\r') {
    line.pop_back();
  }
  return too_long ? LineOutcome::TooLong : LineOutcome::Line;
}

// Reads one line without ever holding more than `limit` bytes of it: the rest of an over-long
// line is skipped up to its newline.
LineOutcome read_bounded_line(std::istream& stream, std::string& line, size_t limit) {
  // libstdc++'s filebuf throws on a read error (EISDIR, EIO): turn that into an outcome.
  try {
    return read_bounded_line_unguarded(stream, line, limit);
  } catch (const std::ios_base::failure&) {
    return LineOutcome::Failed;
  }
}

// Collects the problems of one record, each located at the record's file and line.
class Checker {
public:
  Checker(const Location& source, std::vector<Error>& problems)
    : m_source(source), m_problems(problems) {}

  void problem(const std::string& field, std::string message) {
    m_problems.push_back(make_error(std::move(message), Location{m_source.file, m_source.line, field}));
  }

  enum class Text { SingleLine, MultiLine };

  std::optional<std::string> string(const Json& object, const char* key, const std::string& field,
                                    Presence presence, Text kind = Text::SingleLine) {
    const auto found = object.find(key);
    if (found == object.end() || found->is_null()) {
      if (presence == Presence::Required) {
        problem(field, "missing; expected a string");
      }
      return std::nullopt;
    }
    if (!found->is_string()) {
      problem(field, std::string("expected a string, got ") + found->type_name());
      return std::nullopt;
    }
    std::string value = found->get<std::string>();
    for (const char character : value) {
      const auto byte = static_cast<unsigned char>(character);
      const bool allowed_newline = kind == Text::MultiLine && character == '\n';
      if ((byte < 0x20 || byte == 0x7F) && !allowed_newline) {
        problem(field, "contains a control character");
        return std::nullopt;
      }
    }
    if (presence == Presence::Required && text::trim(value).empty()) {
      problem(field, "must not be empty");
      return std::nullopt;
    }
    return value;
  }

  std::optional<Decimal> decimal(const Json& object, const char* key, const std::string& field) {
    const auto found = object.find(key);
    if (found == object.end() || found->is_null()) {
      problem(field, "missing; expected a decimal string such as \"12.50\"");
      return std::nullopt;
    }
    if (!found->is_string()) {
      problem(field, std::string("expected a decimal string such as \"12.50\", got ") +
                       (found->is_number() ? "a JSON number (write amounts as strings so they "
                                             "stay exact)"
                                           : found->type_name()));
      return std::nullopt;
    }
    auto parsed = parse_decimal(found->get<std::string>());
    if (!parsed) {
      problem(field, parsed.error().message);
      return std::nullopt;
    }
    return *parsed;
  }

  std::optional<time::Date> date(const Json& object, const char* key, const std::string& field) {
    auto text = string(object, key, field, Presence::Required);
    if (!text) {
      return std::nullopt;
    }
    auto parsed = time::parse_date(*text);
    if (!parsed) {
      problem(field, parsed.error().message);
      return std::nullopt;
    }
    return *parsed;
  }

  void refuse_unknown_keys(const Json& object, std::initializer_list<std::string_view> known,
                           const std::string& prefix) {
    for (const auto& [key, value] : object.items()) {
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        std::string expected;
        for (const auto name : known) {
          expected += (expected.empty() ? "" : ", ") + std::string(name);
        }
        problem(prefix + key, "unknown field; expected one of: " + expected);
      }
    }
  }

private:
  const Location& m_source;
  std::vector<Error>& m_problems;
};

// Invoice numbers become file names in the archive and appear in subjects: keep them plain.
std::string invoice_number_problem(std::string_view number) {
  if (number.size() > 64) {
    return "longer than 64 characters";
  }
  if (number.front() == '.' || number.front() == '-') {
    return "must start with a letter or digit";
  }
  for (const char character : number) {
    const bool plain = (character >= 'A' && character <= 'Z') ||
                       (character >= 'a' && character <= 'z') ||
                       (character >= '0' && character <= '9') || character == '-' ||
                       character == '_' || character == '.';
    if (!plain) {
      return std::string("character '") + character +
             "' is not allowed; expected letters, digits, '-', '_' and '.'";
    }
  }
  return {};
}

void read_debtor(Checker& checker, const Json& object, Debtor& debtor) {
  checker.refuse_unknown_keys(object, {"id", "name", "address", "vat_number", "emails"}, "debtor.");
  debtor.id = checker.string(object, "id", "debtor.id", Presence::Optional).value_or("");
  debtor.name = checker.string(object, "name", "debtor.name", Presence::Required).value_or("");
  debtor.vat_number =
    checker.string(object, "vat_number", "debtor.vat_number", Presence::Optional).value_or("");
  // A missing or bad address is not a data error: the invoice is reported as invalid_address.
  debtor.emails = checker.string(object, "emails", "debtor.emails", Presence::Optional).value_or("");
  const auto address = object.find("address");
  if (address == object.end() || address->is_null()) {
    return;
  }
  if (!address->is_array()) {
    checker.problem("debtor.address", std::string("expected an array of lines, got ") +
                                        address->type_name());
    return;
  }
  for (size_t index = 0; index < address->size(); ++index) {
    const auto& line = (*address)[index];
    const std::string field = "debtor.address[" + std::to_string(index) + "]";
    if (!line.is_string()) {
      checker.problem(field, std::string("expected a string, got ") + line.type_name());
      continue;
    }
    const auto text = line.get<std::string>();
    if (text::has_control_character(text)) {
      checker.problem(field, "contains a control character");
      continue;
    }
    debtor.address.push_back(text);
  }
}

void read_lines(Checker& checker, const Json& object, std::vector<InvoiceLine>& lines) {
  const auto found = object.find("lines");
  if (found == object.end() || found->is_null()) {
    checker.problem("lines", "missing; expected an array with at least one line");
    return;
  }
  if (!found->is_array() || found->empty()) {
    checker.problem("lines", "expected an array with at least one line");
    return;
  }
  for (size_t index = 0; index < found->size(); ++index) {
    const auto& entry = (*found)[index];
    const std::string prefix = "lines[" + std::to_string(index) + "]";
    if (!entry.is_object()) {
      checker.problem(prefix, std::string("expected an object, got ") + entry.type_name());
      continue;
    }
    checker.refuse_unknown_keys(entry,
                                {"description", "quantity", "unit", "unit_price", "vat_rate"},
                                prefix + ".");
    InvoiceLine line;
    auto description = checker.string(entry, "description", prefix + ".description",
                                      Presence::Required, Checker::Text::MultiLine);
    line.unit = checker.string(entry, "unit", prefix + ".unit", Presence::Optional).value_or("");
    auto quantity = checker.decimal(entry, "quantity", prefix + ".quantity");
    auto unit_price = checker.decimal(entry, "unit_price", prefix + ".unit_price");
    auto vat_rate = checker.decimal(entry, "vat_rate", prefix + ".vat_rate");
    // FIXME: discounts and credit notes (issue 4) will allow negative amounts on purpose.
    if (quantity && quantity->is_negative()) {
      checker.problem(prefix + ".quantity", "must not be negative, got \"" + quantity->to_string() + "\"");
      quantity.reset();
    }
    if (unit_price && unit_price->is_negative()) {
      checker.problem(prefix + ".unit_price",
                      "must not be negative, got \"" + unit_price->to_string() + "\"");
      unit_price.reset();
    }
    if (vat_rate && (vat_rate->is_negative() || *vat_rate > Decimal{100, 0})) {
      checker.problem(prefix + ".vat_rate",
                      "expected a percentage from 0 to 100, got \"" + vat_rate->to_string() + "\"");
      vat_rate.reset();
    }
    if (!description || !quantity || !unit_price || !vat_rate) {
      continue;
    }
    auto total = multiply_to_money(*quantity, *unit_price);
    if (!total) {
      checker.problem(prefix, total.error().message);
      continue;
    }
    line.description = std::move(*description);
    line.quantity = *quantity;
    line.unit_price = *unit_price;
    line.vat_rate = *vat_rate;
    line.total = *total;
    lines.push_back(std::move(line));
  }
}

} // namespace

InvoiceReader::InvoiceReader(std::vector<std::filesystem::path> files) : m_files(std::move(files)) {}

std::optional<Result<RawRecord>> InvoiceReader::next() {
  while (m_file_index < m_files.size()) {
    const auto& file = m_files[m_file_index];
    if (!m_stream_open) {
      std::error_code error;
      if (std::filesystem::is_directory(file, error)) {
        ++m_file_index;
        return Result<RawRecord>(make_error("is a folder; expected an invoice file (JSON Lines)",
                                            Location{file.string()}));
      }
      m_stream = std::ifstream(file, std::ios::binary);
      m_line = 0;
      if (!m_stream) {
        ++m_file_index;
        return Result<RawRecord>(make_error(std::string("cannot open invoice file: ") +
                                              std::strerror(errno),
                                            Location{file.string()}));
      }
      m_stream_open = true;
    }
    std::string line;
    const auto outcome = read_bounded_line(m_stream, line, k_maximum_line_bytes);
    if (outcome == LineOutcome::End || outcome == LineOutcome::Failed) {
      const bool failed = outcome == LineOutcome::Failed || m_stream.bad();
      m_stream.close();
      m_stream_open = false;
      ++m_file_index;
      if (failed) {
        return Result<RawRecord>(make_error("cannot read the rest of the invoice file after this line",
                                            Location{file.string(), m_line}));
      }
      continue;
    }
    ++m_line;
    if (outcome == LineOutcome::TooLong) {
      return Result<RawRecord>(make_error(
        "line is longer than " + std::to_string(k_maximum_line_bytes / (1024 * 1024)) +
          " MiB; expected one invoice per line",
        Location{file.string(), m_line}));
    }
    if (text::trim(line).empty()) {
      continue;
    }
    return Result<RawRecord>(RawRecord{Location{file.string(), m_line}, std::move(line)});
  }
  return std::nullopt;
}

ParsedInvoice parse_invoice(const RawRecord& record, const Creditors& creditors) {
  ParsedInvoice parsed;
  Invoice& invoice = parsed.invoice;
  invoice.source = record.source;
  Checker checker(record.source, parsed.problems);

  Json object;
  try {
    object = Json::parse(record.text);
  } catch (const Json::parse_error& error) {
    std::string reason = error.what();
    // nlohmann's text reads "[json.exception.parse_error.101] parse error at line 1, column 5:
    // ..."; keep the part a person needs.
    if (const auto colon = reason.find("column"); colon != std::string::npos) {
      reason = reason.substr(colon);
    }
    checker.problem("", "not valid JSON: " + reason);
    return parsed;
  }
  if (!object.is_object()) {
    checker.problem("", std::string("expected a JSON object, got ") + object.type_name());
    return parsed;
  }
  checker.refuse_unknown_keys(object,
                              {"number", "creditor", "date", "due_date", "currency", "language",
                               "debtor", "lines", "note", "reference"},
                              "");

  if (auto number = checker.string(object, "number", "number", Presence::Required)) {
    if (auto problem = invoice_number_problem(*number); !problem.empty()) {
      checker.problem("number", problem);
    }
    invoice.number = *number;
  }
  if (auto creditor = checker.string(object, "creditor", "creditor", Presence::Required)) {
    invoice.creditor = *creditor;
    if (creditors.find(*creditor) == nullptr) {
      std::string known;
      for (const auto& [id, value] : creditors.by_id) {
        known += (known.empty() ? "" : ", ") + id;
      }
      checker.problem("creditor", "unknown creditor \"" + *creditor + "\"; the creditors file " +
                                    creditors.path.string() + " has: " + known);
    }
  }
  const auto date = checker.date(object, "date", "date");
  const auto due_date = checker.date(object, "due_date", "due_date");
  if (date) {
    invoice.date = *date;
  }
  if (due_date) {
    invoice.due_date = *due_date;
  }
  if (date && due_date && *due_date < *date) {
    checker.problem("due_date", "is before the invoice date " + date->to_iso());
  }
  if (auto currency = checker.string(object, "currency", "currency", Presence::Optional)) {
    const bool iso = currency->size() == 3 &&
                     std::all_of(currency->begin(), currency->end(),
                                 [](char character) { return character >= 'A' && character <= 'Z'; });
    if (!iso) {
      checker.problem("currency", "expected a three-letter ISO 4217 code such as \"EUR\", got \"" +
                                    *currency + "\"");
    } else {
      invoice.currency = *currency;
    }
  }
  if (auto language = checker.string(object, "language", "language", Presence::Optional)) {
    if (auto parsed_language = parse_language(*language)) {
      invoice.language = *parsed_language;
      invoice.language_given = true;
    } else {
      checker.problem("language", "expected \"nl\" or \"en\", got \"" + *language + "\"");
    }
  }
  const auto debtor = object.find("debtor");
  if (debtor == object.end() || !debtor->is_object()) {
    checker.problem("debtor", "missing; expected an object with at least a name");
  } else {
    read_debtor(checker, *debtor, invoice.debtor);
  }
  read_lines(checker, object, invoice.lines);
  invoice.note = checker.string(object, "note", "note", Presence::Optional, Checker::Text::MultiLine)
                   .value_or("");
  invoice.reference =
    checker.string(object, "reference", "reference", Presence::Optional).value_or("");
  invoice.totals = compute_totals(invoice.lines);
  return parsed;
}

} // namespace mailroom::job
