#include "database.hpp"

#include <engine/util/text.hpp>

#include <sqlite3.h>
#include <utility>

namespace mailroom::ledger {

namespace {

constexpr size_t k_longest_quoted_sql = 60;

// The start of a statement on one line, to say in an error which statement failed without
// pasting a page of SQL into it.
std::string abbreviate(std::string_view sql) {
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

} // namespace

Statement::Statement(Database& database, sqlite3_stmt* handle)
  : m_database(&database)
  , m_handle(handle) {}

Statement::Statement(Statement&& other) noexcept
  : m_database(std::exchange(other.m_database, nullptr))
  , m_handle(std::exchange(other.m_handle, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(m_handle);
    m_database = std::exchange(other.m_database, nullptr);
    m_handle = std::exchange(other.m_handle, nullptr);
  }
  return *this;
}

Statement::~Statement() {
  // Finalizing returns the last step's error, which step() already reported.
  sqlite3_finalize(m_handle);
}

Error Statement::error(std::string_view doing) const {
  return m_database->error(std::string(doing) + " \"" + abbreviate(sqlite3_sql(m_handle)) + "\"");
}

Status Statement::bind_text(int index, std::string_view text) {
  // SQLite binds NULL for a null pointer, and an empty view may have one.
  const char* data = text.data() != nullptr ? text.data() : "";
  const int status =
    sqlite3_bind_text64(m_handle, index, data, text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (status != SQLITE_OK) {
    return error("cannot bind parameter " + std::to_string(index) + " of");
  }
  return Ok{};
}

Status Statement::bind_int64(int index, std::int64_t number) {
  if (sqlite3_bind_int64(m_handle, index, number) != SQLITE_OK) {
    return error("cannot bind parameter " + std::to_string(index) + " of");
  }
  return Ok{};
}

Status Statement::bind_null(int index) {
  if (sqlite3_bind_null(m_handle, index) != SQLITE_OK) {
    return error("cannot bind parameter " + std::to_string(index) + " of");
  }
  return Ok{};
}

Result<StepResult> Statement::step() {
  const int status = sqlite3_step(m_handle);
  if (status == SQLITE_ROW) {
    return StepResult::Row;
  }
  if (status == SQLITE_DONE) {
    return StepResult::Done;
  }
  return error("cannot run");
}

std::string Statement::column_text(int index) const {
  const auto* text = sqlite3_column_text(m_handle, index);
  if (text == nullptr) {
    return {};
  }
  // The length must be asked after the text, as the text may have just been converted.
  const int length = sqlite3_column_bytes(m_handle, index);
  return std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(length));
}

std::int64_t Statement::column_int64(int index) const {
  return sqlite3_column_int64(m_handle, index);
}

bool Statement::column_is_null(int index) const {
  return sqlite3_column_type(m_handle, index) == SQLITE_NULL;
}

void Statement::reset() {
  sqlite3_reset(m_handle);
  sqlite3_clear_bindings(m_handle);
}

Database::Database(sqlite3* handle, std::filesystem::path path)
  : m_handle(handle)
  , m_path(std::move(path)) {}

Result<std::unique_ptr<Database>> Database::open(const std::filesystem::path& path) {
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
  return std::unique_ptr<Database>(new Database(handle, path));
}

Database::~Database() {
  m_cached_statements.clear();
  // close_v2 defers the close if a statement someone else owns is still alive, rather than
  // leaking the connection.
  sqlite3_close_v2(m_handle);
}

Error Database::error(std::string_view doing) const {
  return make_error(std::string(doing) + ": " + sqlite3_errmsg(m_handle),
                    Location{m_path.string()});
}

Status Database::exec(std::string_view sql) {
  char* message = nullptr;
  const int status = sqlite3_exec(m_handle, std::string(sql).c_str(), nullptr, nullptr, &message);
  if (status != SQLITE_OK) {
    std::string text = message != nullptr ? message : sqlite3_errstr(status);
    sqlite3_free(message);
    return make_error("cannot run \"" + abbreviate(sql) + "\": " + text, Location{m_path.string()});
  }
  return Ok{};
}

Result<Statement> Database::prepare(std::string_view sql) {
  return prepare(sql, Lifetime::Transient);
}

Result<Statement> Database::prepare(std::string_view sql, Lifetime lifetime) {
  sqlite3_stmt* handle = nullptr;
  const char* tail = nullptr;
  const unsigned flags = lifetime == Lifetime::Persistent ? SQLITE_PREPARE_PERSISTENT : 0;
  const int status =
    sqlite3_prepare_v3(m_handle, sql.data(), static_cast<int>(sql.size()), flags, &handle, &tail);
  if (status != SQLITE_OK) {
    return error("cannot prepare \"" + abbreviate(sql) + "\"");
  }
  Statement statement(*this, handle);
  if (handle == nullptr) {
    return make_error("no SQL statement in \"" + abbreviate(sql) + "\"", Location{m_path.string()});
  }
  const std::string_view rest(tail, static_cast<size_t>(sql.data() + sql.size() - tail));
  if (!text::trim(rest).empty()) {
    // Only the first statement would run; a silent partial run is worse than an error.
    return make_error("more than one SQL statement in \"" + abbreviate(sql) + "\"",
                      Location{m_path.string()});
  }
  return statement;
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

std::int64_t Database::changes() const {
  return sqlite3_changes64(m_handle);
}

bool Database::in_transaction() const {
  return sqlite3_get_autocommit(m_handle) == 0;
}

std::filesystem::path Database::write_ahead_log_path() const {
  const sqlite3_filename database = sqlite3_db_filename(m_handle, "main");
  const char* log = database != nullptr ? sqlite3_filename_wal(database) : nullptr;
  if (log == nullptr || *log == '\0') {
    return m_path.string() + "-wal";
  }
  return log;
}

} // namespace mailroom::ledger
