#include "postgresql_dialect.hpp"

#include <engine/util/text.hpp>

#include <algorithm>
#include <array>
#include <utility>

namespace mailroom::ledger {

namespace {

// SQLite's expression, PostgreSQL's.
constexpr std::array<std::pair<std::string_view, std::string_view>, 4> k_rewrites{{
  // SQLite takes the write lock up front with IMMEDIATE; PostgreSQL locks rows as it writes them.
  {"BEGIN IMMEDIATE", "BEGIN"},
  // A new delivery's place in the recorded order. Several workers insert at once on PostgreSQL,
  // where max() + 1 would hand two of them the same number; a sequence never does.
  {"(SELECT coalesce(max(sequence), 0) + 1 FROM deliveries)", "nextval('deliveries_sequence')"},
  {"instr(", "strpos("},
  // The invoice list's order by debtor: ASCII letters folded, as NOCASE does (the tables' texts
  // use the "C" collation, whose lower() folds ASCII only).
  {"i.debtor_name COLLATE NOCASE", "lower(i.debtor_name)"},
}};

bool is_digit(char character) {
  return character >= '0' && character <= '9';
}

} // namespace

std::string to_postgresql(std::string_view sql) {
  std::string rewritten;
  rewritten.reserve(sql.size());
  bool in_text = false;
  for (size_t at = 0; at < sql.size(); ++at) {
    const char character = sql[at];
    if (character == '\'') {
      in_text = !in_text; // A doubled quote inside a text toggles twice.
    }
    if (!in_text && character == '?' && at + 1 < sql.size() && is_digit(sql[at + 1])) {
      rewritten += '$';
      continue;
    }
    rewritten += character;
  }
  for (const auto& [sqlite, postgresql] : k_rewrites) {
    rewritten = text::replace_all(rewritten, sqlite, postgresql);
  }
  return rewritten;
}

int parameter_count(std::string_view postgresql) {
  int highest = 0;
  bool in_text = false;
  for (size_t at = 0; at < postgresql.size(); ++at) {
    if (postgresql[at] == '\'') {
      in_text = !in_text;
      continue;
    }
    if (in_text || postgresql[at] != '$') {
      continue;
    }
    int number = 0;
    size_t digit = at + 1;
    for (; digit < postgresql.size() && is_digit(postgresql[digit]); ++digit) {
      number = number * 10 + (postgresql[digit] - '0');
    }
    highest = std::max(highest, number);
    at = digit - 1;
  }
  return highest;
}

} // namespace mailroom::ledger
