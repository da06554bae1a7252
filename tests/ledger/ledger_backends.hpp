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

// After a ledger of version 7 with a slot claimed for acme (at 1000, interval 10) was migrated:
// the schedule kept, no slow-down yet, and a slow-down and a run's message can be written.
inline void expect_shared_mailbox_limits_after_migration(ledger::Ledger& ledger) {
  auto slot = ledger.claim_send_slot("acme", 1'000, 10);
  ASSERT_TRUE(slot) << slot.error().to_string();
  EXPECT_EQ(slot->at, 1'010);
  EXPECT_FALSE(slot->slowdown.has_value());
  const auto noted = ledger.note_mailbox_slowdown("acme", {20, 1'005});
  EXPECT_TRUE(noted) << noted.error().to_string();
  auto allowance = ledger.claim_run_message("acme", "night-1", 1);
  ASSERT_TRUE(allowance) << allowance.error().to_string();
  EXPECT_EQ(*allowance, ledger::RunAllowance::Claimed);
}

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
