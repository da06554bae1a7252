#pragma once

#include "database.hpp"

#include <engine/util/result.hpp>

namespace mailroom::ledger {

// A write transaction that rolls back unless committed, so an early return never leaves half a
// transition behind. It begins IMMEDIATE: the write lock is taken up front, where the busy
// timeout applies, rather than on the first write, where two writers could deadlock.
class Transaction {
public:
  static Result<Transaction> begin(Database& database);
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  Status commit();

private:
  explicit Transaction(Database& database)
    : m_database(&database) {}
  void roll_back();

  Database* m_database = nullptr; // Null once committed, rolled back or moved from.
};

} // namespace mailroom::ledger
