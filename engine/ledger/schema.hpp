#pragma once

#include "database.hpp"

#include <engine/util/result.hpp>

namespace mailroom::ledger::schema {

// The layout this build reads and writes, kept in PRAGMA user_version. A file with a newer
// version is refused rather than written in a layout we do not know. Version 2 added the state
// `unknown`, version 3 the invoice register and payments, version 4 the debtor's address in the
// register (for reminder letters), version 5 the recipient overrides an operator sets per
// invoice; an older file is migrated when it is opened, keeping every row and event.
inline constexpr int k_version = 5;

// Sets the connection up (busy timeout, WAL, synchronous=NORMAL, foreign keys), then creates the
// tables in a new file or checks that an existing one is a ledger we can read.
Status set_up(Database& database);

} // namespace mailroom::ledger::schema
