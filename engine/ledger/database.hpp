#pragma once

#include <engine/util/result.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>

// A thin RAII layer over SQLite's C interface. Every SQLite status becomes a Result error that
// carries sqlite3_errmsg and the database's path, so nothing outside engine/ledger sees SQLite's
// types or status codes.

struct sqlite3;
struct sqlite3_stmt;

namespace mailroom::ledger {

class Database;

enum class StepResult { Row, Done };

// One prepared statement. Parameters and columns are numbered as SQLite numbers them:
// parameters from 1, columns from 0.
class Statement {
public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // The text is copied, so the view need not outlive the call. An empty view binds an empty
  // text, never NULL.
  Status bind_text(int index, std::string_view text);
  Status bind_int64(int index, std::int64_t number);
  Status bind_null(int index);

  Result<StepResult> step();

  // Column accessors are only meaningful after step() returned StepResult::Row. NULL reads as an
  // empty text or zero.
  std::string column_text(int index) const;
  std::int64_t column_int64(int index) const;
  bool column_is_null(int index) const;

  // Makes the statement ready to run again and clears its bindings. An error of the last step was
  // already reported by step(), so none is returned here.
  void reset();

private:
  friend class Database;
  Statement(Database& database, sqlite3_stmt* handle);
  Error error(std::string_view doing) const;

  Database* m_database = nullptr;
  sqlite3_stmt* m_handle = nullptr;
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

// One connection to one SQLite file. Not thread-safe: the owner serialises every use (the Ledger
// does so under its mutex), which is why the connection is opened without SQLite's own mutex.
class Database {
public:
  // Opens the file for reading and writing, creating it if missing (its folder must exist).
  static Result<std::unique_ptr<Database>> open(const std::filesystem::path& path);
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // Runs one or more statements that take no parameters; rows they return are ignored.
  Status exec(std::string_view sql);

  // A new statement, owned by the caller; it must be destroyed before the Database.
  Result<Statement> prepare(std::string_view sql);

  // The statement for this SQL text, prepared on first use and kept for the life of the
  // connection, so statements run thousands of times are compiled once. The pointer stays valid
  // as long as the Database; use it with a ScopedReset.
  Result<Statement*> cached(std::string_view sql);

  // Rows changed by the last INSERT, UPDATE or DELETE.
  std::int64_t changes() const;

  // Whether a transaction is open. SQLite ends one by itself after some errors (a full disk, an
  // I/O error); whoever batches writes must notice before writing on.
  bool in_transaction() const;

  const std::filesystem::path& path() const { return m_path; }

  // Where SQLite keeps this database's write-ahead log: beside the database file it resolved,
  // which is not beside `path()` when that is a symbolic link.
  std::filesystem::path write_ahead_log_path() const;

  // An error naming the file, what we were doing and SQLite's last message on this connection.
  Error error(std::string_view doing) const;

private:
  friend class Statement;
  Database(sqlite3* handle, std::filesystem::path path);
  enum class Lifetime { Transient, Persistent };
  Result<Statement> prepare(std::string_view sql, Lifetime lifetime);

  sqlite3* m_handle = nullptr;
  std::filesystem::path m_path;
  // The destructor finalizes these before it closes the connection.
  std::map<std::string, Statement, std::less<>> m_cached_statements;
};

} // namespace mailroom::ledger
