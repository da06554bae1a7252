#pragma once

#include "database.hpp"

#include <engine/util/result.hpp>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

// Small helpers for the ledger's queries: binding parameters and reading columns in order, and
// running a statement to its end.

namespace mailroom::ledger {

// Reads the columns of a row one after the other, so no reader counts them by hand.
class Columns {
public:
  explicit Columns(const Statement& statement)
    : m_statement(statement) {}
  std::string text() { return m_statement.column_text(m_next++); }
  std::int64_t integer() { return m_statement.column_int64(m_next++); }

private:
  const Statement& m_statement;
  int m_next = 0;
};

// Binds parameters 1, 2, ... one after the other.
class Parameters {
public:
  explicit Parameters(Statement& statement)
    : m_statement(statement) {}
  Status text(std::string_view value) { return m_statement.bind_text(m_next++, value); }
  Status integer(std::int64_t value) { return m_statement.bind_int64(m_next++, value); }

private:
  Statement& m_statement;
  int m_next = 1;
};

// Runs a writing statement to its end (COMMIT fails while one is still in progress).
inline Status run_to_end(Statement& statement) {
  while (TRY(statement.step()) == StepResult::Row) {
  }
  return Ok{};
}

// Runs a query whose parameters are all texts and hands each row to `visit`.
template<typename Visit>
Status each(Database& database, std::string_view sql, std::initializer_list<std::string_view> texts,
            const Visit& visit) {
  auto* statement = TRY(database.cached(sql));
  const ScopedReset reset(*statement);
  Parameters parameters(*statement);
  for (const auto text : texts) {
    TRY(parameters.text(text));
  }
  while (TRY(statement->step()) == StepResult::Row) {
    TRY(visit(*statement));
  }
  return Ok{};
}

// The integer a query without parameters answers with (a count, a version); an error when it
// returns no row.
inline Result<std::int64_t> read_integer(Database& database, std::string_view sql) {
  auto statement = TRY(database.prepare(sql));
  if (TRY(statement.step()) != StepResult::Row) {
    return make_error("no answer to \"" + abbreviate_sql(sql) + "\"", Location{database.name()});
  }
  return statement.column_int64(0);
}

// Runs a writing statement whose parameters are all texts.
inline Status execute(Database& database, std::string_view sql,
                      std::initializer_list<std::string_view> texts) {
  return each(database, sql, texts, [](const Statement&) -> Status { return Ok{}; });
}

} // namespace mailroom::ledger
