#pragma once

#include "database.hpp"

#include <engine/util/result.hpp>

namespace mailroom::ledger::schema {

// The layout this build reads and writes, kept in PRAGMA user_version (SQLite) or the table
// mailroom_schema (PostgreSQL). A database with a newer version is refused rather than written in
// a layout we do not know. Version 2 added the state `unknown`, version 3 the invoice register
// and payments, version 4 the debtor's address in the register (for reminder letters), version 5
// the recipient overrides an operator sets per invoice, version 6 the send schedule of each paced
// mailbox that several workers share (mailbox_pace), version 7 the deliveries whose archived PDF
// is not yet synced to disk (archive_unsynced), version 8 the slow-down and the max_per_run count
// those workers share (mailbox_pace's slowed_interval and slowed_at, mailbox_run_messages); an
// older ledger is migrated when it is opened, keeping every row and event. A PostgreSQL ledger
// starts at version 5.
inline constexpr int k_version = 8;

// Sets the connection up, then creates the tables in a new database or checks that an existing one
// is a ledger we can read, migrating an older one.
Status set_up(Database& database);

// SQLite (sqlite_schema.cpp): busy timeout, WAL, synchronous=NORMAL, foreign keys.
Status set_up_sqlite(Database& database);

// PostgreSQL (postgresql_schema.cpp): the tables in the connection's current schema, created by
// whichever worker comes first while the others wait.
Status set_up_postgresql(Database& database);

} // namespace mailroom::ledger::schema
