#include "database.hpp"

#include <engine/util/text.hpp>

namespace mailroom::ledger {

namespace {

constexpr size_t k_longest_quoted_sql = 60;

} // namespace

std::string abbreviate_sql(std::string_view sql) {
  std::string line;
  bool in_space = false;
  for (const char character : text::trim(sql)) {
    const bool is_space =
      character == ' ' || character == '\n' || character == '\t' || character == '\r';
    if (is_space) {
      in_space = true;
      continue;
    }
    if (in_space && !line.empty()) {
      line += ' ';
    }
    in_space = false;
    line += character;
    if (line.size() >= k_longest_quoted_sql) {
      return line + "...";
    }
  }
  return line;
}

Result<Statement*> Database::cached(std::string_view sql) {
  if (const auto found = m_cached_statements.find(sql); found != m_cached_statements.end()) {
    return &found->second;
  }
  auto statement = TRY(prepare(sql, Lifetime::Persistent));
  const auto [inserted, ignored] =
    m_cached_statements.emplace(std::string(sql), std::move(statement));
  return &inserted->second;
}

} // namespace mailroom::ledger
