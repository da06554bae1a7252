#include "transaction.hpp"

#include <utility>

namespace mailroom::ledger {

namespace {

Status run(Database& database, std::string_view sql) {
  auto* statement = TRY(database.cached(sql));
  const ScopedReset reset(*statement);
  TRY(statement->step());
  return Ok{};
}

} // namespace

Result<Transaction> Transaction::begin(Database& database) {
  TRY(run(database, "BEGIN IMMEDIATE"));
  return Transaction(database);
}

Transaction::Transaction(Transaction&& other) noexcept
  : m_database(std::exchange(other.m_database, nullptr)) {}

Transaction::~Transaction() {
  try {
    roll_back();
  } catch (...) {
    // Only running out of memory for the statement's text gets here; SQLite rolls back a
    // transaction still open when its connection closes.
  }
}

Status Transaction::commit() {
  if (m_database == nullptr) {
    return make_error("the transaction is already over");
  }
  auto committed = run(*m_database, "COMMIT");
  if (!committed) {
    // A failed COMMIT leaves the transaction open; end it here rather than in some later call.
    roll_back();
    return committed;
  }
  m_database = nullptr;
  return Ok{};
}

void Transaction::roll_back() {
  if (m_database == nullptr) {
    return;
  }
  // SQLite may already have rolled back by itself (after a full disk, for instance); the error
  // "no transaction is active" is then expected and nothing is left to undo.
  static_cast<void>(run(*m_database, "ROLLBACK"));
  m_database = nullptr;
}

} // namespace mailroom::ledger
