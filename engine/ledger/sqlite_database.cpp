#include "sqlite_database.hpp"

#include <engine/util/text.hpp>

#include <sqlite3.h>
#include <utility>

namespace mailroom::ledger {

namespace {

class SqliteStatement final : public StatementBackend {
public:
  SqliteStatement(SqliteDatabase& database, sqlite3_stmt* handle)
    : m_database(database)
    , m_handle(handle) {}
  // Finalizing returns the last step's error, which step() already reported.
  ~SqliteStatement() override { sqlite3_finalize(m_handle); }

  Status bind_text(int index, std::string_view text) override {
    // SQLite binds NULL for a null pointer, and an empty view may have one.
    const char* data = text.data() != nullptr ? text.data() : "";
    const int status =
      sqlite3_bind_text64(m_handle, index, data, text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    return checked_binding(status, index);
  }

  Status bind_int64(int index, std::int64_t number) override {
    return checked_binding(sqlite3_bind_int64(m_handle, index, number), index);
  }

  Status bind_null(int index) override {
    return checked_binding(sqlite3_bind_null(m_handle, index), index);
  }

  Result<StepResult> step() override {
    const int status = sqlite3_step(m_handle);
    if (status == SQLITE_ROW) {
      return StepResult::Row;
    }
    if (status == SQLITE_DONE) {
      return StepResult::Done;
    }
    return error("cannot run");
  }

  std::string column_text(int index) const override {
    const auto* text = sqlite3_column_text(m_handle, index);
    if (text == nullptr) {
      return {};
    }
    // The length must be asked after the text, as the text may have just been converted.
    const int length = sqlite3_column_bytes(m_handle, index);
    return std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(length));
  }

  std::int64_t column_int64(int index) const override {
    return sqlite3_column_int64(m_handle, index);
  }

  bool column_is_null(int index) const override {
    return sqlite3_column_type(m_handle, index) == SQLITE_NULL;
  }

  void reset() override {
    sqlite3_reset(m_handle);
    sqlite3_clear_bindings(m_handle);
  }

private:
  Status checked_binding(int status, int index) const {
    if (status != SQLITE_OK) {
      return error("cannot bind parameter " + std::to_string(index) + " of");
    }
    return Ok{};
  }

  Error error(std::string_view doing) const {
    return m_database.error(std::string(doing) + " \"" + abbreviate_sql(sqlite3_sql(m_handle)) +
                            "\"");
  }

  SqliteDatabase& m_database;
  sqlite3_stmt* m_handle = nullptr;
};

} // namespace

SqliteDatabase::SqliteDatabase(sqlite3* handle, std::filesystem::path path)
  : Database(path.string())
  , m_handle(handle)
  , m_path(std::move(path))
  , m_log(std::make_unique<WriteAheadLog>(write_ahead_log_path())) {}

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::open(const std::filesystem::path& path) {
  sqlite3* handle = nullptr;
  // No SQLite mutex: the owner serialises every use of the connection.
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int status = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
  if (status != SQLITE_OK) {
    std::string message = handle != nullptr ? sqlite3_errmsg(handle) : sqlite3_errstr(status);
    sqlite3_close_v2(handle);
    return make_error("cannot open the database: " + message, Location{path.string()});
  }
  sqlite3_extended_result_codes(handle, 1);
  return std::unique_ptr<SqliteDatabase>(new SqliteDatabase(handle, path));
}

SqliteDatabase::~SqliteDatabase() {
  forget_statements();
  // close_v2 defers the close if a statement someone else owns is still alive, rather than
  // leaking the connection.
  sqlite3_close_v2(m_handle);
}

Error SqliteDatabase::error(std::string_view doing) const {
  return make_error(std::string(doing) + ": " + sqlite3_errmsg(m_handle),
                    Location{m_path.string()});
}

Status SqliteDatabase::exec(std::string_view sql) {
  char* message = nullptr;
  const int status = sqlite3_exec(m_handle, std::string(sql).c_str(), nullptr, nullptr, &message);
  if (status != SQLITE_OK) {
    std::string text = message != nullptr ? message : sqlite3_errstr(status);
    sqlite3_free(message);
    return make_error("cannot run \"" + abbreviate_sql(sql) + "\": " + text,
                      Location{m_path.string()});
  }
  return Ok{};
}

Result<Statement> SqliteDatabase::prepare(std::string_view sql, Lifetime lifetime) {
  sqlite3_stmt* handle = nullptr;
  const char* tail = nullptr;
  const unsigned flags = lifetime == Lifetime::Persistent ? SQLITE_PREPARE_PERSISTENT : 0;
  const int status =
    sqlite3_prepare_v3(m_handle, sql.data(), static_cast<int>(sql.size()), flags, &handle, &tail);
  if (status != SQLITE_OK) {
    return error("cannot prepare \"" + abbreviate_sql(sql) + "\"");
  }
  Statement statement(std::make_unique<SqliteStatement>(*this, handle));
  if (handle == nullptr) {
    return make_error("no SQL statement in \"" + abbreviate_sql(sql) + "\"",
                      Location{m_path.string()});
  }
  const std::string_view rest(tail, static_cast<size_t>(sql.data() + sql.size() - tail));
  if (!text::trim(rest).empty()) {
    // Only the first statement would run; a silent partial run is worse than an error.
    return make_error("more than one SQL statement in \"" + abbreviate_sql(sql) + "\"",
                      Location{m_path.string()});
  }
  return statement;
}

std::int64_t SqliteDatabase::changes() const {
  return sqlite3_changes64(m_handle);
}

bool SqliteDatabase::in_transaction() const {
  return sqlite3_get_autocommit(m_handle) == 0;
}

Status SqliteDatabase::sync_to_disk() {
  // The caller (GroupCommit) serialises syncs; the log's descriptor is our own, so the
  // connection may be used meanwhile.
  return m_log->sync();
}

std::filesystem::path SqliteDatabase::write_ahead_log_path() const {
  const sqlite3_filename database = sqlite3_db_filename(m_handle, "main");
  const char* log = database != nullptr ? sqlite3_filename_wal(database) : nullptr;
  if (log == nullptr || *log == '\0') {
    return m_path.string() + "-wal";
  }
  return log;
}

} // namespace mailroom::ledger
