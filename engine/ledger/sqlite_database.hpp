#pragma once

#include "database.hpp"
#include "write_ahead_log.hpp"

#include <filesystem>
#include <memory>

// A thin RAII layer over SQLite's C interface: the ledger in one file.

struct sqlite3;

namespace mailroom::ledger {

class SqliteDatabase final : public Database {
public:
  // Opens the file for reading and writing, creating it if missing (its folder must exist).
  static Result<std::unique_ptr<SqliteDatabase>> open(const std::filesystem::path& path);
  ~SqliteDatabase() override;

  Backend backend() const override { return Backend::Sqlite; }
  Status exec(std::string_view sql) override;
  std::int64_t changes() const override;
  bool in_transaction() const override;
  bool last_failure_is_transient() const override { return false; }
  Status sync_to_disk() override;
  Error error(std::string_view doing) const override;

  const std::filesystem::path& path() const { return m_path; }

  // Where SQLite keeps this database's write-ahead log: beside the database file it resolved,
  // which is not beside `path()` when that is a symbolic link.
  std::filesystem::path write_ahead_log_path() const;

  using Database::prepare;

private:
  SqliteDatabase(sqlite3* handle, std::filesystem::path path);
  Result<Statement> prepare(std::string_view sql, Lifetime lifetime) override;

  sqlite3* m_handle = nullptr;
  std::filesystem::path m_path;
  std::unique_ptr<WriteAheadLog> m_log; // Its descriptor opens on the first sync, after a commit.
};

} // namespace mailroom::ledger
