#pragma once

#include <engine/bank/camt_problems.hpp>
#include <engine/job/money.hpp>
#include <engine/util/result.hpp>
#include <engine/util/time.hpp>
#include <engine/xml/element.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

// The pieces of CAMT every part of a statement is made of: amounts, dates, IBANs, texts found by
// a path of element names. Used by the reader of statements and of entries only.

namespace mailroom::bank {

// An xs:decimal such as "12.34", "12.3", "12", ".50" or "12." as cents. Refuses a sign, a comma,
// an exponent, spaces inside and digits below the cent that are not zero.
[[nodiscard]] Result<job::Money> parse_amount(std::string_view text);

// An xs:date such as "2026-11-23", checked against the calendar; a time zone after it
// ("2026-11-23+01:00", "2026-11-23Z") is allowed and passed over.
[[nodiscard]] Result<time::Date> parse_xml_date(std::string_view text);

// The date of an ISO 8601 date-time such as "2026-11-23T10:15:00+01:00", checked against the
// calendar.
[[nodiscard]] Result<time::Date> parse_date_of_date_time(std::string_view text);

// The IBAN without spaces, in upper case.
std::string normalized_iban(std::string_view text);

// The element at the end of a path of child names ("Acct", "Id", "IBAN"), if every step exists.
std::optional<xml::Element> find(const xml::Element& from,
                                 std::initializer_list<std::string_view> path);

// The element's own text without surrounding white space, as a string of its own (a view of the
// trimmed text would outlive the text).
std::string trimmed_text(const xml::Element& element);

// The trimmed text of the element at the end of the path; empty if it is missing.
std::string text_at(const xml::Element& from, std::initializer_list<std::string_view> path);

// Reads the fields of one part of a statement, reporting what is wrong under `prefix`
// ("Stmt[1].Ntry[3]").
class FieldReader {
public:
  FieldReader(Problems& problems, std::string prefix)
    : m_problems(problems)
    , m_prefix(std::move(prefix)) {}

  // The dotted field name of a path below the prefix: "Stmt[1].Ntry[3].Amt".
  std::string field(std::string_view path) const;

  void problem(long line, std::string_view path, std::string message);

  // The trimmed text of a child element that must be present and not empty.
  std::optional<std::string> required_text(const xml::Element& parent, std::string_view name);

  // The date in parent/Dt or parent/DtTm (BookgDt, ValDt).
  std::optional<time::Date> date_choice(const xml::Element& parent, std::string_view path);

  // The date part of a date-time element's text.
  std::optional<time::Date> date_time(const xml::Element& element, std::string_view path);

private:
  Problems& m_problems;
  std::string m_prefix;
};

} // namespace mailroom::bank
