#pragma once

#include "database.hpp"

#include <cstdint>
#include <memory>
#include <string>

// A thin RAII layer over libpq: the ledger in a PostgreSQL database, shared by several workers.
// Statements run with their results read whole; parameters travel as text, typed as bound.

struct pg_conn;

namespace mailroom::ledger {

class PostgresqlDatabase final : public Database {
public:
  // Connects to the database of the connection URI ("postgresql://user@host:port/database",
  // "postgresql:///database?host=/run/postgresql"); an empty password leaves it to libpq's own
  // means (a .pgpass file, PGPASSWORD, or none). The session commits synchronously.
  static Result<std::unique_ptr<PostgresqlDatabase>> open(std::string_view url,
                                                          std::string_view password);
  ~PostgresqlDatabase() override;

  Backend backend() const override { return Backend::Postgresql; }
  Status exec(std::string_view sql) override;
  std::int64_t changes() const override { return m_changes; }
  bool in_transaction() const override;
  bool last_failure_is_transient() const override { return m_last_failure_is_transient; }
  Status sync_to_disk() override { return Ok{}; }
  Error error(std::string_view doing) const override;

  using Database::prepare;

  // For the statements (postgresql_database.cpp).
  pg_conn* connection() { return m_connection; }
  // Counts the connection's lives: a statement prepared in an earlier one is gone on the server.
  std::uint64_t generation() const { return m_generation; }
  std::string next_statement_name();
  // Reconnects when the connection was lost outside a transaction (a restarted server): the
  // statement about to run then goes to the new connection, prepared anew.
  void reconnect_if_lost();
  void note_result(std::int64_t changes, bool transient_failure);

private:
  PostgresqlDatabase(pg_conn* connection, std::string name);
  Result<Statement> prepare(std::string_view sql, Lifetime lifetime) override;

  pg_conn* m_connection = nullptr;
  std::uint64_t m_generation = 1;
  std::uint64_t m_statements_named = 0;
  std::int64_t m_changes = 0;
  bool m_last_failure_is_transient = false;
};

// The connection URI without a password, if it held one: how messages name the database.
std::string shown_postgresql_url(std::string_view url);

} // namespace mailroom::ledger
