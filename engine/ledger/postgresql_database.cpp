#include "postgresql_database.hpp"

#include "postgresql_dialect.hpp"

#include <engine/util/text.hpp>

#include <charconv>
#include <libpq-fe.h>
#include <optional>
#include <vector>

namespace mailroom::ledger {

namespace {

// The types parameters are sent as (pg_type.h's OIDs, which libpq's headers do not include).
constexpr Oid k_text_type = 25;
constexpr Oid k_bigint_type = 20;

// Settings of every session, also after a reconnection. synchronous_commit=on is what makes a
// `sending` mark survive the machine stopping before the message goes out (the server's own
// default, set here so that a server configured otherwise cannot weaken the ledger). A lock
// another worker holds is waited for, but not for ever.
constexpr std::string_view k_session = "SET synchronous_commit TO on; "
                                       "SET client_min_messages TO warning; "
                                       "SET lock_timeout TO '30s'; "
                                       "SET client_encoding TO 'UTF8'";

// SQLSTATEs of a statement that lost to another connection and was rolled back: trying it again
// succeeds once the other has committed.
constexpr std::string_view k_deadlock_detected = "40P01";
constexpr std::string_view k_serialization_failure = "40001";

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ResultHandle = std::unique_ptr<PGresult, ResultDeleter>;

// libpq's messages end in a line feed and may span lines ("ERROR: ...\nDETAIL: ..."): one line.
std::string one_line(std::string_view message) {
  std::string line;
  for (const auto part : text::split(text::trim(message), '\n')) {
    const auto trimmed = text::trim(part);
    if (trimmed.empty()) {
      continue;
    }
    line += (line.empty() ? "" : "; ") + std::string(trimmed);
  }
  return line;
}

std::string message_of(const PGresult* result, pg_conn* connection) {
  const char* primary =
    result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  if (primary == nullptr) {
    // No reply from the server (the connection is gone): libpq says why.
    return one_line(PQerrorMessage(connection));
  }
  std::string message = primary;
  if (const char* detail = PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL)) {
    message += " (" + std::string(detail) + ")";
  }
  return message;
}

bool succeeded(const PGresult* result) {
  const auto status = PQresultStatus(result);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

bool is_transient(const PGresult* result) {
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  return state != nullptr && (state == k_deadlock_detected || state == k_serialization_failure);
}

// Notices ("table exists, skipping") are not for the person running mailroom.
void ignore_notice(void* /*argument*/, const char* /*message*/) {}

class PostgresqlStatement final : public StatementBackend {
public:
  PostgresqlStatement(PostgresqlDatabase& database, std::string sql, std::string name)
    : m_database(database)
    , m_sql(std::move(sql))
    , m_name(std::move(name))
    , m_values(static_cast<size_t>(parameter_count(m_sql)))
    , m_types(m_values.size(), 0) {}

  Status bind_text(int index, std::string_view text) override {
    return bind(index, std::string(text), k_text_type);
  }

  Status bind_int64(int index, std::int64_t number) override {
    return bind(index, std::to_string(number), k_bigint_type);
  }

  Status bind_null(int index) override { return bind(index, std::nullopt, 0); }

  Result<StepResult> step() override {
    if (!m_result) {
      TRY(execute());
      m_row = 0;
    } else if (m_row < m_rows) {
      ++m_row;
    }
    return m_row < m_rows ? StepResult::Row : StepResult::Done;
  }

  std::string column_text(int index) const override {
    if (!m_result || m_row >= m_rows || index >= PQnfields(m_result.get())) {
      return {};
    }
    return PQgetvalue(m_result.get(), m_row, index);
  }

  std::int64_t column_int64(int index) const override {
    const auto text = column_text(index);
    if (text == "t") {
      return 1;
    }
    std::int64_t number = 0;
    // A sum of bigints is a numeric, sent as digits like any integer.
    std::from_chars(text.data(), text.data() + text.size(), number);
    return number;
  }

  bool column_is_null(int index) const override {
    return !m_result || m_row >= m_rows || PQgetisnull(m_result.get(), m_row, index) != 0;
  }

  void reset() override {
    m_result.reset();
    m_row = 0;
    m_rows = 0;
    for (auto& value : m_values) {
      value.reset();
    }
  }

private:
  Status bind(int index, std::optional<std::string> value, Oid type) {
    if (index < 1 || static_cast<size_t>(index) > m_values.size()) {
      return error("no parameter " + std::to_string(index) + " in");
    }
    m_values[static_cast<size_t>(index - 1)] = std::move(value);
    m_types[static_cast<size_t>(index - 1)] = type;
    return Ok{};
  }

  Status execute() {
    m_database.reconnect_if_lost();
    auto* connection = m_database.connection();
    std::vector<const char*> values;
    values.reserve(m_values.size());
    for (const auto& value : m_values) {
      values.push_back(value ? value->c_str() : nullptr);
    }
    const int count = static_cast<int>(values.size());
    ResultHandle result;
    if (m_name.empty()) {
      result.reset(PQexecParams(connection, m_sql.c_str(), count, m_types.data(), values.data(),
                                nullptr, nullptr, 0));
    } else {
      // Prepared on the server on first use, with the types of the first binding: the ledger's
      // statements always bind the same types.
      if (m_prepared_in != m_database.generation()) {
        const ResultHandle prepared(
          PQprepare(connection, m_name.c_str(), m_sql.c_str(), count, m_types.data()));
        if (!succeeded(prepared.get())) {
          m_database.note_result(0, is_transient(prepared.get()));
          return error("cannot prepare", prepared.get());
        }
        m_prepared_in = m_database.generation();
      }
      result.reset(
        PQexecPrepared(connection, m_name.c_str(), count, values.data(), nullptr, nullptr, 0));
    }
    if (!succeeded(result.get())) {
      m_database.note_result(0, is_transient(result.get()));
      return error("cannot run", result.get());
    }
    std::int64_t changes = 0;
    const std::string_view changed = PQcmdTuples(result.get());
    std::from_chars(changed.data(), changed.data() + changed.size(), changes);
    m_database.note_result(changes, false);
    m_rows = PQntuples(result.get());
    m_result = std::move(result);
    return Ok{};
  }

  Error error(std::string_view doing, const PGresult* result = nullptr) const {
    return make_error(std::string(doing) + " \"" + abbreviate_sql(m_sql) +
                        "\": " + message_of(result, m_database.connection()),
                      Location{m_database.name()});
  }

  PostgresqlDatabase& m_database;
  std::string m_sql;
  std::string m_name; // On the server; empty for a statement run once.
  std::uint64_t m_prepared_in = 0;
  std::vector<std::optional<std::string>> m_values;
  std::vector<Oid> m_types;
  ResultHandle m_result;
  int m_row = 0;
  int m_rows = 0;
};

} // namespace

std::string shown_postgresql_url(std::string_view url) {
  // "scheme://user:password@host...": the password goes, the rest stays.
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) {
    return std::string(url);
  }
  const auto authority = scheme_end + 3;
  const auto at = url.find('@', authority);
  const auto slash = url.find('/', authority);
  if (at == std::string_view::npos || (slash != std::string_view::npos && slash < at)) {
    return std::string(url);
  }
  const auto colon = url.find(':', authority);
  if (colon == std::string_view::npos || colon > at) {
    return std::string(url);
  }
  return std::string(url.substr(0, colon)) + std::string(url.substr(at));
}

PostgresqlDatabase::PostgresqlDatabase(pg_conn* connection, std::string name)
  : Database(std::move(name))
  , m_connection(connection) {}

Result<std::unique_ptr<PostgresqlDatabase>> PostgresqlDatabase::open(std::string_view url,
                                                                     std::string_view password) {
  const std::string uri(url);
  const std::string secret(password);
  // Later keywords override earlier ones, and the URI's own settings override those before it:
  // the time-out and name are defaults the URI may change, the password is not in the URI.
  std::vector<const char*> keywords{"connect_timeout", "fallback_application_name", "dbname"};
  std::vector<const char*> values{"10", "mailroom", uri.c_str()};
  if (!secret.empty()) {
    keywords.push_back("password");
    values.push_back(secret.c_str());
  }
  keywords.push_back(nullptr);
  values.push_back(nullptr);
  pg_conn* connection = PQconnectdbParams(keywords.data(), values.data(), 1);
  const std::string name = shown_postgresql_url(url);
  if (connection == nullptr) {
    return make_error("cannot connect to the ledger's database: out of memory", Location{name});
  }
  std::unique_ptr<PostgresqlDatabase> database(new PostgresqlDatabase(connection, name));
  if (PQstatus(connection) != CONNECTION_OK) {
    return make_error("cannot connect to the ledger's database: " +
                        one_line(PQerrorMessage(connection)),
                      Location{name});
  }
  PQsetNoticeProcessor(connection, ignore_notice, nullptr);
  TRY(database->exec(k_session));
  return database;
}

PostgresqlDatabase::~PostgresqlDatabase() {
  forget_statements();
  PQfinish(m_connection);
}

Status PostgresqlDatabase::exec(std::string_view sql) {
  reconnect_if_lost();
  const auto translated = to_postgresql(sql);
  const ResultHandle result(PQexec(m_connection, translated.c_str()));
  if (!succeeded(result.get())) {
    note_result(0, is_transient(result.get()));
    return make_error("cannot run \"" + abbreviate_sql(translated) +
                        "\": " + message_of(result.get(), m_connection),
                      Location{name()});
  }
  note_result(0, false);
  return Ok{};
}

Result<Statement> PostgresqlDatabase::prepare(std::string_view sql, Lifetime lifetime) {
  auto name = lifetime == Lifetime::Persistent ? next_statement_name() : std::string();
  return Statement(
    std::make_unique<PostgresqlStatement>(*this, to_postgresql(sql), std::move(name)));
}

bool PostgresqlDatabase::in_transaction() const {
  const auto status = PQtransactionStatus(m_connection);
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

Error PostgresqlDatabase::error(std::string_view doing) const {
  return make_error(std::string(doing) + ": " + one_line(PQerrorMessage(m_connection)),
                    Location{name()});
}

std::string PostgresqlDatabase::next_statement_name() {
  return "mailroom_" + std::to_string(++m_statements_named);
}

void PostgresqlDatabase::reconnect_if_lost() {
  if (PQstatus(m_connection) != CONNECTION_BAD) {
    return;
  }
  PQreset(m_connection);
  if (PQstatus(m_connection) != CONNECTION_OK) {
    return; // The statement fails with libpq's reason.
  }
  ++m_generation;
  const ResultHandle result(PQexec(m_connection, std::string(k_session).c_str()));
  static_cast<void>(result);
}

void PostgresqlDatabase::note_result(std::int64_t changes, bool transient_failure) {
  m_changes = changes;
  m_last_failure_is_transient = transient_failure;
}

} // namespace mailroom::ledger
