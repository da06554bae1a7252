#pragma once

#include <engine/ledger/address.hpp>
#include <engine/ledger/ledger.hpp>
#include <engine/util/text.hpp>

#include <gtest/gtest.h>
#include <tests/support/postgresql_server.hpp>
#include <tests/support/temporary_folder.hpp>

#include <memory>
#include <ostream>
#include <string>
#include <string_view>

// The ledger's conformance suite: a test written once with TEST_P on a fixture derived from
// LedgerBackendTest runs on both backends, a fresh SQLite file and a fresh database of the suite's
// real PostgreSQL server (tests/support/postgresql_server.hpp). Instantiate each fixture with
// MAILROOM_ON_BOTH_BACKENDS.

namespace mailroom::ledger {

// How GoogleTest names the parameter in its output.
inline void PrintTo(Backend backend, std::ostream* out) {
  *out << (backend == Backend::Sqlite ? "SQLite" : "PostgreSQL");
}

} // namespace mailroom::ledger

namespace mailroom::testing {

class LedgerBackendTest : public ::testing::TestWithParam<ledger::Backend> {
protected:
  LedgerBackendTest() {
    if (GetParam() == ledger::Backend::Postgresql) {
      m_address = ledger::address_from_command_line(new_postgresql_database());
    } else {
      m_address = ledger::sqlite_address(m_folder / "ledger.db");
    }
  }

  std::unique_ptr<ledger::Ledger> open_ledger() {
    auto ledger = ledger::Ledger::open(m_address);
    EXPECT_TRUE(ledger) << ledger.error().to_string();
    return ledger ? std::move(ledger).value() : nullptr;
  }

  // One value read through a connection of its own, as a person with the sqlite3 shell or psql
  // would: what the database holds, not what our Ledger says. SQL in SQLite's words; on
  // PostgreSQL group_concat is string_agg (a subquery in FROM needs an alias on both).
  std::string query(std::string_view sql) {
    auto database = ledger::open_database(m_address);
    EXPECT_TRUE(database) << database.error().to_string();
    if (!database) {
      return {};
    }
    std::string text(sql);
    if (GetParam() == ledger::Backend::Postgresql) {
      text = text::replace_all(text, "group_concat(", "string_agg(");
    }
    auto statement = (*database)->prepare(text);
    EXPECT_TRUE(statement) << statement.error().to_string();
    if (!statement) {
      return {};
    }
    auto step = statement->step();
    EXPECT_TRUE(step) << step.error().to_string();
    return step && *step == ledger::StepResult::Row ? statement->column_text(0) : std::string();
  }

  TemporaryFolder m_folder;
  ledger::Address m_address;
};

inline std::string backend_name(const ::testing::TestParamInfo<ledger::Backend>& info) {
  return info.param == ledger::Backend::Sqlite ? "Sqlite" : "Postgresql";
}

} // namespace mailroom::testing

#define MAILROOM_ON_BOTH_BACKENDS(Fixture)                                                         \
  INSTANTIATE_TEST_SUITE_P(Backends, Fixture,                                                      \
                           ::testing::Values(::mailroom::ledger::Backend::Sqlite,                  \
                                             ::mailroom::ledger::Backend::Postgresql),             \
                           ::mailroom::testing::backend_name)
