#include "schema.hpp"

#include "transaction.hpp"

#include <string>

namespace mailroom::ledger::schema {

namespace {

// Another process (a second run, an operator's console) may hold the write lock for a moment;
// waiting this long for it is better than failing a send that already happened.
constexpr int k_busy_timeout_milliseconds = 5000;

// Absent values are empty texts rather than NULL, as in the Entry they are read into.
// `sequence` orders a job's deliveries as first recorded; it is a column of its own because
// VACUUM may renumber the rowids of a table without an INTEGER PRIMARY KEY.
// `events` keeps every transition, so the history of attempts survives the row's updates.
constexpr std::string_view k_create = R"sql(
CREATE TABLE deliveries (
  job TEXT NOT NULL,
  number TEXT NOT NULL,
  sequence INTEGER NOT NULL UNIQUE,
  creditor TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'failed', 'invalid_address', 'unknown')),
  recipients TEXT NOT NULL DEFAULT '',
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  sent_at TEXT NOT NULL DEFAULT '',
  message_id TEXT NOT NULL DEFAULT '',
  server_reply TEXT NOT NULL DEFAULT '',
  pdf_sha256 TEXT NOT NULL DEFAULT '',
  error TEXT NOT NULL DEFAULT '',
  first_recorded_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (job, number)
);
CREATE INDEX deliveries_in_recorded_order ON deliveries (job, sequence);
CREATE TABLE events (
  sequence INTEGER PRIMARY KEY,
  job TEXT NOT NULL,
  number TEXT NOT NULL,
  at TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'failed', 'invalid_address', 'unknown')),
  attempt INTEGER NOT NULL,
  detail TEXT NOT NULL DEFAULT '',
  FOREIGN KEY (job, number) REFERENCES deliveries (job, number)
);
CREATE INDEX events_by_delivery ON events (job, number, sequence);
)sql";

// Version 1 differs only in the CHECK constraints on `state`, which SQLite cannot alter: the
// tables are renamed, created anew and refilled, in one transaction with foreign keys off (the
// caller turns them on afterwards). The events table is renamed first so that renaming the
// deliveries table has no child left whose REFERENCES clause it would rewrite into ours.
constexpr std::string_view k_migrate_from_1_start = R"sql(
ALTER TABLE events RENAME TO events_version_1;
ALTER TABLE deliveries RENAME TO deliveries_version_1;
DROP INDEX deliveries_in_recorded_order;
DROP INDEX events_by_delivery;
)sql";

constexpr std::string_view k_migrate_from_1_finish = R"sql(
INSERT INTO deliveries SELECT job, number, sequence, creditor, state, recipients, attempts, sent_at,
  message_id, server_reply, pdf_sha256, error, first_recorded_at, updated_at
  FROM deliveries_version_1;
INSERT INTO events SELECT sequence, job, number, at, state, attempt, detail FROM events_version_1;
DROP TABLE events_version_1;
DROP TABLE deliveries_version_1;
)sql";

// Reads the single integer a query returns; errors say what we were doing, not which SQL failed.
Result<std::int64_t> read_integer(Database& database, std::string_view sql,
                                  std::string_view doing) {
  auto statement = database.prepare(sql);
  if (!statement) {
    return database.error(doing);
  }
  const auto step = statement->step();
  if (!step) {
    return database.error(doing);
  }
  if (*step != StepResult::Row) {
    return make_error(std::string(doing) + ": no answer", Location{database.path().string()});
  }
  return statement->column_int64(0);
}

Result<std::int64_t> read_version(Database& database) {
  return read_integer(database, "PRAGMA user_version", "cannot read the ledger's schema version");
}

Status check_version(const Database& database, std::int64_t version) {
  if (version > k_version) {
    return make_error("the ledger has schema version " + std::to_string(version) +
                        ", newer than version " + std::to_string(k_version) +
                        " that this mailroom knows; use a newer mailroom to open it",
                      Location{database.path().string()});
  }
  if (version < 0) {
    return make_error("the file has user_version " + std::to_string(version) +
                        ", which no mailroom ledger has",
                      Location{database.path().string()});
  }
  return Ok{};
}

Status use_write_ahead_log(Database& database) {
  auto statement = TRY(database.prepare("PRAGMA journal_mode = WAL"));
  if (TRY(statement.step()) != StepResult::Row || statement.column_text(0) != "wal") {
    // SQLite keeps the old mode where WAL is impossible (some network file systems).
    return make_error("cannot switch the ledger to write-ahead logging",
                      Location{database.path().string()});
  }
  return Ok{};
}

Status create(Database& database) {
  auto transaction = TRY(Transaction::begin(database));
  // Another process may have created the schema since we looked; this transaction holds the
  // write lock, so the answer is now final.
  const auto version = TRY(read_version(database));
  TRY(check_version(database, version));
  if (version == k_version) {
    return Ok{};
  }
  // We create the tables and set the version in one transaction, so a version-0 file with
  // tables in it was not made by us: better refuse than write into someone else's database.
  if (TRY(read_integer(database, "SELECT count(*) FROM sqlite_schema", "cannot list the tables")) !=
      0) {
    return make_error("the file is an SQLite database but not a mailroom ledger",
                      Location{database.path().string()});
  }
  TRY(database.exec(k_create));
  TRY(database.exec("PRAGMA user_version = " + std::to_string(k_version)));
  TRY(transaction.commit());
  return Ok{};
}

Status migrate(Database& database) {
  auto transaction = TRY(Transaction::begin(database));
  // Another process may have migrated the file since we looked; we now hold the write lock.
  const auto version = TRY(read_version(database));
  TRY(check_version(database, version));
  if (version == k_version) {
    return Ok{};
  }
  TRY(database.exec(k_migrate_from_1_start));
  TRY(database.exec(k_create));
  TRY(database.exec(k_migrate_from_1_finish));
  TRY(database.exec("PRAGMA user_version = " + std::to_string(k_version)));
  TRY(transaction.commit());
  return Ok{};
}

} // namespace

Status set_up(Database& database) {
  TRY(database.exec("PRAGMA busy_timeout = " + std::to_string(k_busy_timeout_milliseconds)));
  // The first read of the file: this is where a file that is not a database is reported.
  const auto version = TRY(read_version(database));
  TRY(check_version(database, version));
  TRY(use_write_ahead_log(database));
  // NORMAL: a commit is in the write-ahead log, safe if the process dies, but synced to disk only
  // when the ledger asks (group_commit.hpp): before a message goes out, its `sending` mark must
  // survive the machine stopping; other marks share that sync (ledger.cpp).
  TRY(database.exec("PRAGMA synchronous = NORMAL"));
  // Foreign keys stay off until the tables have their final shape: a migration drops the old
  // deliveries table, which they would refuse while events point at it.
  if (version == 0) {
    TRY(create(database));
  } else if (version < k_version) {
    TRY(migrate(database));
  }
  TRY(database.exec("PRAGMA foreign_keys = ON"));
  return Ok{};
}

} // namespace mailroom::ledger::schema
