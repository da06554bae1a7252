#include "invoice_reader.hpp"

#include <engine/job/presence.hpp>
#include <engine/util/text.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <string_view>

namespace mailroom::job {

// Invoice numbers and creditor ids become file and folder names in the archive and appear in
// subjects: keep them plain.
std::string plain_name_problem(std::string_view name) {
  if (name.empty()) {
    return "is empty";
  }
  if (name.size() > 64) {
    return "longer than 64 characters";
  }
  if (name.front() == '.' || name.front() == '-') {
    return "must start with a letter or digit";
  }
  for (const char character : name) {
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

// An invoice nests four deep (record, lines, line, value). nlohmann parses without recursion, but
// every level costs an allocation (a line of 8 MiB of '[' would take half a gigabyte) and some of
// its operations recurse, so deeper text is refused before it is parsed.
constexpr size_t k_maximum_nesting = 32;

// Measured (Debug build): 100,000 lines render to 3,449 pages in 10 s and 210 MB. More would make
// one invoice hold up its thread for minutes, and nobody reads such an invoice: refuse it.
constexpr size_t k_maximum_invoice_lines = 100'000;

// The deepest nesting of arrays and objects in the text, counting only brackets outside strings;
// counting stops once `limit` is passed.
size_t nesting_depth(std::string_view text, size_t limit) {
  size_t depth = 0;
  size_t deepest = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char character : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (character == '\\') {
        escaped = true;
      } else if (character == '"') {
        in_string = false;
      }
      continue;
    }
    if (character == '"') {
      in_string = true;
    } else if (character == '[' || character == '{') {
      deepest = std::max(deepest, ++depth);
      if (deepest > limit) {
        break;
      }
    } else if ((character == ']' || character == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

// The problem that keeps a record from being parsed at all, if any: text that is not UTF-8 or that
// nests deeper than an invoice ever does. Said in words a person can act on.
std::string unparsable_text_problem(std::string_view text) {
  if (const auto offset = text::first_invalid_utf8(text); offset != std::string_view::npos) {
    static constexpr char k_hex[] = "0123456789ABCDEF";
    const auto byte = static_cast<unsigned char>(text[offset]);
    return "not valid JSON: the text is not UTF-8 at column " + std::to_string(offset + 1) +
           " (byte 0x" + k_hex[byte >> 4] + k_hex[byte & 0xF] +
           "); save the file as UTF-8 (it may be Latin-1 or Windows-1252)";
  }
  if (nesting_depth(text, k_maximum_nesting) > k_maximum_nesting) {
    return "not valid JSON for an invoice: arrays and objects nest deeper than " +
           std::to_string(k_maximum_nesting) + " levels";
  }
  return {};
}

// The record's JSON object, or std::nullopt and the problem that keeps it from being one.
std::optional<Json> parse_object(const RawRecord& record, std::string& problem) {
  problem = unparsable_text_problem(record.text);
  if (!problem.empty()) {
    return std::nullopt;
  }
  Json object;
  try {
    object = Json::parse(record.text);
  } catch (const Json::exception& error) {
    // Not only parse_error: a number too large for a double ("1e400") is an out_of_range, found
    // by fuzzing (tests/fuzz); uncaught it would end the whole run.
    std::string reason = error.what();
    // nlohmann's text reads "[json.exception.parse_error.101] parse error at line 1, column 5:
    // ..."; keep the part a person needs.
    if (const auto colon = reason.find("column"); colon != std::string::npos) {
      reason = reason.substr(colon);
    } else if (const auto bracket = reason.find("] "); bracket != std::string::npos) {
      reason = reason.substr(bracket + 2);
    }
    problem = "not valid JSON: " + reason;
    return std::nullopt;
  }
  if (!object.is_object()) {
    problem = std::string("expected a JSON object, got ") + object.type_name();
    return std::nullopt;
  }
  return object;
}

// Collects the problems of one record, each located at the record's file and line.
class Checker {
public:
  Checker(const Location& source, std::vector<Error>& problems)
    : m_source(source)
    , m_problems(problems) {}

  void problem(const std::string& field, std::string message) {
    m_problems.push_back(
      make_error(std::move(message), Location{m_source.file, m_source.line, field}));
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

void read_debtor(Checker& checker, const Json& object, Debtor& debtor) {
  checker.refuse_unknown_keys(object, {"id", "name", "address", "vat_number", "emails"}, "debtor.");
  debtor.id = checker.string(object, "id", "debtor.id", Presence::Optional).value_or("");
  debtor.name = checker.string(object, "name", "debtor.name", Presence::Required).value_or("");
  debtor.vat_number =
    checker.string(object, "vat_number", "debtor.vat_number", Presence::Optional).value_or("");
  // A missing or bad address is not a data error: the invoice is reported as invalid_address.
  debtor.emails =
    checker.string(object, "emails", "debtor.emails", Presence::Optional).value_or("");
  const auto address = object.find("address");
  if (address == object.end() || address->is_null()) {
    return;
  }
  if (!address->is_array()) {
    checker.problem("debtor.address",
                    std::string("expected an array of lines, got ") + address->type_name());
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
    checker.refuse_unknown_keys(
      entry, {"description", "quantity", "unit", "unit_price", "vat_rate"}, prefix + ".");
    InvoiceLine line;
    auto description = checker.string(entry, "description", prefix + ".description",
                                      Presence::Required, Checker::Text::MultiLine);
    line.unit = checker.string(entry, "unit", prefix + ".unit", Presence::Optional).value_or("");
    auto quantity = checker.decimal(entry, "quantity", prefix + ".quantity");
    auto unit_price = checker.decimal(entry, "unit_price", prefix + ".unit_price");
    auto vat_rate = checker.decimal(entry, "vat_rate", prefix + ".vat_rate");
    // A discount is a line with a negative unit price; a negative quantity would make the sign
    // of a line ambiguous next to credit notes, so quantities stay non-negative.
    if (quantity && quantity->is_negative()) {
      checker.problem(prefix + ".quantity",
                      "must not be negative, got \"" + quantity->to_string() +
                        "\"; a discount is a negative unit_price, a credit is a credit_note");
      quantity.reset();
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

void read_kind(Checker& checker, const Json& object, Invoice& invoice) {
  const auto kind = checker.string(object, "kind", "kind", Presence::Optional);
  if (kind && *kind == "credit_note") {
    invoice.kind = DocumentKind::CreditNote;
  } else if (kind && *kind != "invoice") {
    checker.problem("kind", "expected \"invoice\" or \"credit_note\", got \"" + *kind + "\"");
  }
  const auto credits = checker.string(object, "credits", "credits", Presence::Optional);
  if (invoice.kind == DocumentKind::CreditNote) {
    if (!credits || text::trim(*credits).empty()) {
      checker.problem("credits", "missing; a credit_note names the invoice it credits, such as "
                                 "\"credits\": \"2026-000100\"");
    } else if (auto problem = plain_name_problem(*credits); !problem.empty()) {
      checker.problem("credits", "not an invoice number: " + problem);
    } else {
      invoice.credits = *credits;
    }
  } else if (credits) {
    checker.problem("credits", "only a credit_note credits an invoice; add \"kind\": "
                               "\"credit_note\" or leave \"credits\" out");
  }
}

void read_reverse_charge(Checker& checker, const Json& object, Invoice& invoice) {
  const auto found = object.find("reverse_charge");
  if (found == object.end() || found->is_null()) {
    return;
  }
  if (!found->is_boolean()) {
    checker.problem("reverse_charge",
                    std::string("expected true or false, got ") + found->type_name());
    return;
  }
  if (!found->get<bool>()) {
    return;
  }
  invoice.vat_charge = VatCharge::ReverseCharged;
  if (text::trim(invoice.debtor.vat_number).empty() && object.contains("debtor")) {
    checker.problem("debtor.vat_number",
                    "missing; reverse_charge requires the debtor's VAT number, which the "
                    "invoice must show");
  }
}

} // namespace

InvoiceReader::InvoiceReader(std::vector<std::filesystem::path> files)
  : m_files(std::move(files)) {}

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
        return Result<RawRecord>(
          make_error(std::string("cannot open invoice file: ") + std::strerror(errno),
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
        return Result<RawRecord>(
          make_error("cannot read the rest of the invoice file after this line",
                     Location{file.string(), m_line}));
      }
      continue;
    }
    ++m_line;
    if (outcome == LineOutcome::TooLong) {
      return Result<RawRecord>(make_error(
        "line is longer than " + std::to_string(k_maximum_line_bytes / (size_t{1024} * 1024)) +
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

  std::string unparsable;
  auto parsed_object = parse_object(record, unparsable);
  if (!parsed_object) {
    checker.problem("", std::move(unparsable));
    return parsed;
  }
  const Json& object = *parsed_object;
  checker.refuse_unknown_keys(object,
                              {"number", "creditor", "date", "due_date", "currency", "language",
                               "debtor", "lines", "note", "reference", "kind", "credits",
                               "reverse_charge"},
                              "");

  if (auto number = checker.string(object, "number", "number", Presence::Required)) {
    if (auto problem = plain_name_problem(*number); !problem.empty()) {
      checker.problem("number", problem);
    }
    invoice.number = *number;
  }
  if (auto creditor = checker.string(object, "creditor", "creditor", Presence::Required)) {
    invoice.creditor = *creditor;
    // Creditor ids name folders in the archive: a creditors file holding "../x" must not make an
    // invoice leave it.
    if (auto problem = plain_name_problem(*creditor); !problem.empty()) {
      checker.problem("creditor", "not usable as a creditor id: " + problem);
    } else if (creditors.find(*creditor) == nullptr) {
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
    const bool iso =
      currency->size() == 3 && std::all_of(currency->begin(), currency->end(), [](char character) {
        return character >= 'A' && character <= 'Z';
      });
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
  if (const auto lines = object.find("lines");
      lines != object.end() && lines->is_array() && lines->size() > k_maximum_invoice_lines) {
    checker.problem("lines", "has " + text::group_thousands(static_cast<long long>(lines->size())) +
                               " lines; an invoice has at most " +
                               text::group_thousands(k_maximum_invoice_lines) +
                               " (split it into several invoices)");
  } else {
    read_lines(checker, object, invoice.lines);
  }
  invoice.note =
    checker.string(object, "note", "note", Presence::Optional, Checker::Text::MultiLine)
      .value_or("");
  invoice.reference =
    checker.string(object, "reference", "reference", Presence::Optional).value_or("");
  read_kind(checker, object, invoice);
  read_reverse_charge(checker, object, invoice);
  if (auto computed = compute_amounts(invoice); !computed) {
    checker.problem("lines", computed.error().message);
  }
  // Checked on the amounts as written: a credit note's lines are those of the invoice it credits.
  const Money written_total =
    invoice.kind == DocumentKind::CreditNote ? -invoice.totals.total : invoice.totals.total;
  if (parsed.problems.empty() && written_total.cents < 0) {
    checker.problem("lines", invoice.kind == DocumentKind::CreditNote
                               ? "the total is negative; write a credit note's lines as on the "
                                 "invoice it credits (positive amounts)"
                               : "the total is negative; a credit is a credit_note");
  }
  return parsed;
}

namespace {

// Finds a record's top-level "creditor" and "number" as parse_invoice finds them in the parsed
// object (the last one when a key appears twice) without building the object: the run's first
// look at the job reads every record once more, and only for these.
class NamesFinder : public nlohmann::json_sax<Json> {
public:
  // The names found, if the text was one JSON object; each set when it was a string.
  RecordNames names() const { return m_root_is_object ? m_names : RecordNames{}; }

  bool null() override { return value(nullptr); }
  bool boolean(bool) override { return value(nullptr); }
  bool number_integer(number_integer_t) override { return value(nullptr); }
  bool number_unsigned(number_unsigned_t) override { return value(nullptr); }
  bool number_float(number_float_t, const string_t&) override { return value(nullptr); }
  bool string(string_t& text) override { return value(&text); }
  bool binary(binary_t&) override { return value(nullptr); }
  bool start_object(std::size_t) override { return open(Container::Object); }
  bool start_array(std::size_t) override { return open(Container::Array); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }
  bool key(string_t& name) override {
    m_next_value = nullptr;
    if (m_depth == 1 && name == "creditor") {
      m_next_value = &m_names.creditor;
    } else if (m_depth == 1 && name == "number") {
      m_next_value = &m_names.number;
    }
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    m_root_is_object = false;
    return false;
  }

private:
  enum class Container { Object, Array };

  // A value at any depth; only the one right after a top-level key looked for counts.
  bool value(const string_t* text) {
    if (m_next_value != nullptr) {
      *m_next_value = text != nullptr ? std::optional<std::string>(*text) : std::nullopt;
      m_next_value = nullptr;
    }
    return true;
  }
  bool open(Container container) {
    if (m_depth == 0) {
      m_root_is_object = container == Container::Object;
    }
    value(nullptr);
    ++m_depth;
    return true;
  }
  bool close() {
    --m_depth;
    return true;
  }

  RecordNames m_names;
  std::optional<std::string>* m_next_value = nullptr;
  std::size_t m_depth = 0;
  bool m_root_is_object = false;
};

} // namespace

RecordNames record_names(const RawRecord& record) {
  if (!unparsable_text_problem(record.text).empty()) {
    return {};
  }
  NamesFinder finder;
  try {
    if (!Json::sax_parse(record.text, &finder)) {
      return {};
    }
  } catch (const Json::exception&) {
    return {};
  }
  return finder.names();
}

std::optional<std::string> creditor_named(const RawRecord& record) {
  return record_names(record).creditor;
}

JobSurvey survey_job(const std::vector<std::filesystem::path>& files, std::optional<size_t> limit,
                     SurveyCreditors creditors, const std::optional<Selection>& selection,
                     const std::optional<Shard>& shard) {
  JobSurvey survey;
  InvoiceReader reader(files);
  std::set<SelectionKey> matched;
  size_t read = 0;
  while (!limit || read < *limit) {
    auto next = reader.next();
    if (!next) {
      break;
    }
    ++read;
    RecordNames names;
    if (*next && (selection || shard || creditors == SurveyCreditors::Yes)) {
      names = record_names(**next);
    }
    if (shard && !(*next ? shard->takes(names.creditor.value_or(""), names.number.value_or(""))
                         : shard->takes_unreadable())) {
      continue;
    }
    if (selection) {
      // As the stream decides (pipeline/invoice_stream.hpp): a record is taken only when its
      // creditor and number are in the selection; one that does not name them is passed over.
      const auto keys = selection->keys_of(names.creditor.value_or(""), names.number.value_or(""));
      if (keys.empty()) {
        continue;
      }
      matched.insert(keys.begin(), keys.end());
    }
    ++survey.records;
    if (creditors == SurveyCreditors::Yes && names.creditor) {
      survey.creditors.insert(std::move(*names.creditor));
    }
  }
  if (selection) {
    survey.unmatched = selection->size() - matched.size();
  }
  return survey;
}

} // namespace mailroom::job
