#pragma once

#include <engine/util/result.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

// The ledger's connection to its database, SQLite (sqlite_database.hpp) or PostgreSQL
// (postgresql_database.hpp), behind one interface: every status of either library becomes a
// Result error that carries the library's message and the database's name, so nothing outside
// engine/ledger sees their types or status codes.
//
// SQL is written once, in SQLite's dialect with numbered parameters (?1, ?2, ...); the PostgreSQL
// connection translates the few differences (postgresql_dialect.hpp) when it prepares a statement.

namespace mailroom::ledger {

enum class Backend { Sqlite, Postgresql };

enum class StepResult { Row, Done };

// What a connection does with one statement; a Statement owns one.
class StatementBackend {
public:
  StatementBackend() = default;
  StatementBackend(const StatementBackend&) = delete;
  StatementBackend& operator=(const StatementBackend&) = delete;
  virtual ~StatementBackend() = default;

  virtual Status bind_text(int index, std::string_view text) = 0;
  virtual Status bind_int64(int index, std::int64_t number) = 0;
  virtual Status bind_null(int index) = 0;
  virtual Result<StepResult> step() = 0;
  virtual std::string column_text(int index) const = 0;
  virtual std::int64_t column_int64(int index) const = 0;
  virtual bool column_is_null(int index) const = 0;
  virtual void reset() = 0;
};

// One prepared statement. Parameters are numbered from 1, columns from 0.
class Statement {
public:
  explicit Statement(std::unique_ptr<StatementBackend> backend)
    : m_backend(std::move(backend)) {}

  // The text is copied, so the view need not outlive the call. An empty view binds an empty
  // text, never NULL. A parameter left unbound is NULL.
  Status bind_text(int index, std::string_view text) { return m_backend->bind_text(index, text); }
  Status bind_int64(int index, std::int64_t number) { return m_backend->bind_int64(index, number); }
  Status bind_null(int index) { return m_backend->bind_null(index); }

  Result<StepResult> step() { return m_backend->step(); }

  // Column accessors are only meaningful after step() returned StepResult::Row. NULL reads as an
  // empty text or zero.
  std::string column_text(int index) const { return m_backend->column_text(index); }
  std::int64_t column_int64(int index) const { return m_backend->column_int64(index); }
  bool column_is_null(int index) const { return m_backend->column_is_null(index); }

  // Makes the statement ready to run again and clears its bindings. An error of the last step was
  // already reported by step(), so none is returned here.
  void reset() { m_backend->reset(); }

private:
  std::unique_ptr<StatementBackend> m_backend;
};

// Resets a statement when it goes out of scope, so a reused statement never keeps a read
// transaction open or stale bindings, whichever way the code using it returns.
class ScopedReset {
public:
  explicit ScopedReset(Statement& statement)
    : m_statement(statement) {}
  ScopedReset(const ScopedReset&) = delete;
  ScopedReset& operator=(const ScopedReset&) = delete;
  ~ScopedReset() { m_statement.reset(); }

private:
  Statement& m_statement;
};

// One connection. Not thread-safe: the owner serialises every use (the Ledger does so under its
// mutex), except sync_to_disk(), which may run beside the other calls.
class Database {
public:
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  virtual ~Database() = default;

  virtual Backend backend() const = 0;

  // Runs one or more statements that take no parameters; rows they return are ignored.
  virtual Status exec(std::string_view sql) = 0;

  // A new statement, owned by the caller; it must be destroyed before the Database.
  Result<Statement> prepare(std::string_view sql) { return prepare(sql, Lifetime::Transient); }

  // The statement for this SQL text, prepared on first use and kept for the life of the
  // connection, so statements run thousands of times are compiled once. The pointer stays valid
  // as long as the Database; use it with a ScopedReset.
  Result<Statement*> cached(std::string_view sql);

  // Rows changed by the last INSERT, UPDATE or DELETE.
  virtual std::int64_t changes() const = 0;

  // Whether a transaction is open. SQLite ends one by itself after some errors (a full disk, an
  // I/O error), PostgreSQL when the connection is lost; whoever batches writes must notice before
  // writing on.
  virtual bool in_transaction() const = 0;

  // Whether the last statement failed for a reason that trying it again may cure: it lost a
  // deadlock or a serialisation conflict with another connection (PostgreSQL), which rolled it
  // back. Never for a broken constraint or a lost connection.
  virtual bool last_failure_is_transient() const = 0;

  // Makes every commit so far survive the machine stopping. SQLite commits into its write-ahead
  // log without syncing it (synchronous=NORMAL) and syncs it here; PostgreSQL's commits are on
  // disk when they return (synchronous_commit=on), so there is nothing left to do. Safe to call
  // while another thread uses the connection.
  virtual Status sync_to_disk() = 0;

  // The file, or the server and database without the password: what messages call the ledger.
  const std::string& name() const { return m_name; }

  // An error naming the database, what we were doing and the library's last message.
  virtual Error error(std::string_view doing) const = 0;

protected:
  explicit Database(std::string name)
    : m_name(std::move(name)) {}

  enum class Lifetime { Transient, Persistent };
  virtual Result<Statement> prepare(std::string_view sql, Lifetime lifetime) = 0;

  // The subclass's destructor calls this before it closes the connection.
  void forget_statements() { m_cached_statements.clear(); }

private:
  std::string m_name;
  std::map<std::string, Statement, std::less<>> m_cached_statements;
};

// The start of a statement on one line, to say in an error which statement failed without
// pasting a page of SQL into it.
std::string abbreviate_sql(std::string_view sql);

} // namespace mailroom::ledger
