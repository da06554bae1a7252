#include "schema.hpp"
#include "transaction.hpp"

#include <string>

namespace mailroom::ledger::schema {

// The SQLite ledger: one file, its version in PRAGMA user_version.

namespace {

// Another process (a second run, an operator's console) may hold the write lock for a moment;
// waiting this long for it is better than failing a send that already happened.
constexpr int k_busy_timeout_milliseconds = 5000;

// Absent values are empty texts rather than NULL, as in the Entry they are read into.
// `sequence` orders a job's deliveries as first recorded; it is a column of its own because
// VACUUM may renumber the rowids of a table without an INTEGER PRIMARY KEY.
// `events` keeps every transition, so the history of attempts survives the row's updates.
// These two tables are version 2's; later versions add tables beside them (below).
constexpr std::string_view k_create_deliveries = R"sql(
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

// Version 3: the invoice register and its payments (register.hpp, payments.hpp).
//
// `invoices` holds the facts of every invoice a run could read, keyed by creditor and number.
// They may still change until the invoice is first marked `sending` (`issued_at`); from then on
// they are what was issued and never change. `facts` is 'unknown' for an invoice sent before the
// register existed (migrated from version 2): only its creditor, number, recipients and PDF hash
// are known, and the next run that reads it fills in the rest once. Amounts are integer cents.
//
// `payments` is append-only: a payment taken back (a bank reversal) is a row with the negative
// amount. `key` makes a payment entered twice (a double click, a retried script, a statement
// imported twice) one payment.
//
// `bank_statements` and `bank_entries` keep what `bank import` read: each statement (its account
// and the day it reports up to, which tells how fresh the register's payments are) and each
// booked entry under a key of its own (its AcctSvcrRef, else statement, position, amount and
// date), so that importing a statement again, or an overlapping one, records nothing twice.
constexpr std::string_view k_add_register = R"sql(
CREATE TABLE invoices (
  creditor TEXT NOT NULL CHECK (creditor <> ''),
  number TEXT NOT NULL CHECK (number <> ''),
  facts TEXT NOT NULL CHECK (facts IN ('recorded', 'unknown')),
  kind TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note', '')),
  credits TEXT NOT NULL DEFAULT '',
  issue_date TEXT NOT NULL DEFAULT '',
  due_date TEXT NOT NULL DEFAULT '',
  currency TEXT NOT NULL DEFAULT '',
  subtotal_cents INTEGER NOT NULL DEFAULT 0,
  vat_cents INTEGER NOT NULL DEFAULT 0,
  total_cents INTEGER NOT NULL DEFAULT 0,
  debtor_id TEXT NOT NULL DEFAULT '',
  debtor_name TEXT NOT NULL DEFAULT '',
  debtor_vat_number TEXT NOT NULL DEFAULT '',
  recipients TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL DEFAULT '',
  reverse_charge INTEGER NOT NULL DEFAULT 0 CHECK (reverse_charge IN (0, 1)),
  payment_reference TEXT NOT NULL DEFAULT '',
  creditor_iban TEXT NOT NULL DEFAULT '',
  pdf_sha256 TEXT NOT NULL DEFAULT '',
  job TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',
  first_recorded_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  issued_at TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (creditor, number)
);
CREATE INDEX invoices_in_issue_order ON invoices (issue_date, number, creditor);
CREATE INDEX invoices_crediting ON invoices (creditor, credits) WHERE credits <> '';
CREATE INDEX invoices_by_payment_reference ON invoices (payment_reference)
  WHERE payment_reference <> '';
CREATE INDEX deliveries_by_invoice ON deliveries (creditor, number, sequence);
CREATE TABLE payments (
  sequence INTEGER PRIMARY KEY,
  creditor TEXT NOT NULL,
  number TEXT NOT NULL,
  amount_cents INTEGER NOT NULL CHECK (amount_cents <> 0),
  currency TEXT NOT NULL,
  paid_on TEXT NOT NULL,
  method TEXT NOT NULL CHECK (method IN ('bank', 'cash', 'card', 'ideal', 'other')),
  note TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL CHECK (source IN ('manual', 'bank_statement')),
  source_reference TEXT NOT NULL DEFAULT '',
  key TEXT NOT NULL DEFAULT '',
  recorded_at TEXT NOT NULL,
  FOREIGN KEY (creditor, number) REFERENCES invoices (creditor, number)
);
CREATE INDEX payments_by_invoice ON payments (creditor, number, paid_on);
CREATE UNIQUE INDEX payments_by_key ON payments (key) WHERE key <> '';
CREATE TABLE bank_statements (
  sequence INTEGER PRIMARY KEY,
  account_iban TEXT NOT NULL,
  statement_id TEXT NOT NULL,
  message_id TEXT NOT NULL DEFAULT '',
  file TEXT NOT NULL,
  statement_date TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  UNIQUE (account_iban, statement_id)
);
CREATE INDEX bank_statements_by_account ON bank_statements (account_iban, statement_date);
CREATE TABLE bank_entries (
  sequence INTEGER PRIMARY KEY,
  entry_key TEXT NOT NULL UNIQUE,
  statement INTEGER NOT NULL REFERENCES bank_statements (sequence),
  position INTEGER NOT NULL,
  booking_date TEXT NOT NULL,
  amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
  currency TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('credit', 'debit')),
  reversal INTEGER NOT NULL CHECK (reversal IN (0, 1)),
  counterparty_name TEXT NOT NULL DEFAULT '',
  remittance TEXT NOT NULL DEFAULT '',
  outcome TEXT NOT NULL,
  imported_at TEXT NOT NULL
);
)sql";

// Version 4: the debtor's address as the invoice printed it (lines joined by a line feed), for
// the reminder letters of `mailroom remind`. Empty for invoices recorded before.
constexpr std::string_view k_add_debtor_address = R"sql(
ALTER TABLE invoices ADD COLUMN debtor_address TEXT NOT NULL DEFAULT '';
)sql";

// Version 5: recipient overrides (recipient_overrides.hpp), an operator's choice of the addresses
// one invoice goes to instead of those of its invoice data. Append-only like `payments`: the
// latest row of an invoice is in force, and a row with empty recipients clears the override (the
// invoice goes back to its data's addresses). `recipients` are the addresses as the operator
// wrote them, joined by "; "; `set_at` is UTC ISO 8601 with milliseconds.
constexpr std::string_view k_add_recipient_overrides = R"sql(
CREATE TABLE recipient_overrides (
  sequence INTEGER PRIMARY KEY,
  creditor TEXT NOT NULL,
  number TEXT NOT NULL,
  recipients TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  set_at TEXT NOT NULL,
  FOREIGN KEY (creditor, number) REFERENCES invoices (creditor, number)
);
CREATE INDEX recipient_overrides_by_invoice ON recipient_overrides (creditor, number, sequence);
)sql";

// Also version 5: an index for each order the invoice list sorts by (register_store.cpp: each
// order ends in number and creditor), so that the first page of a sorted list of a million
// invoices reads its fifty rows in order and stops, instead of sorting them all.
constexpr std::string_view k_add_list_orders = R"sql(
CREATE INDEX invoices_by_number ON invoices (number, creditor);
CREATE INDEX invoices_by_debtor ON invoices (debtor_name COLLATE NOCASE, number, creditor);
CREATE INDEX invoices_by_total ON invoices (total_cents, number, creditor);
CREATE INDEX invoices_by_due_date ON invoices (due_date, number, creditor);
CREATE INDEX invoices_by_creditor ON invoices (creditor, issue_date, number);
)sql";

// Version 6: the send schedule of each paced mailbox (a `rate` in the creditors file), shared by
// every run that sends through the ledger (several workers, `run --shard`): `next_send_at` is the
// earliest time, in microseconds since 1970 by the wall clock, the mailbox's next message may go
// out; a run claims the slot and moves it on by the mailbox's interval in one conditional write
// (Ledger::claim_send_slot). A row per mailbox, overwritten; no history.
constexpr std::string_view k_add_mailbox_pace = R"sql(
CREATE TABLE mailbox_pace (
  mailbox TEXT PRIMARY KEY,
  next_send_at INTEGER NOT NULL
);
)sql";

// Version 7: the deliveries whose PDF the archive has written but not yet synced to disk. A run
// writes each PDF into the archive at once and syncs the archive in groups, every few seconds and
// before its report (pipeline/archive_sync.hpp): the row goes in with the delivery's `sending`
// mark and out once the archive is synced. What is left after a crash is what the next run checks
// against the delivery's pdf_sha256 before it sends anything.
constexpr std::string_view k_add_archive_unsynced = R"sql(
CREATE TABLE archive_unsynced (
  job TEXT NOT NULL,
  number TEXT NOT NULL,
  PRIMARY KEY (job, number)
);
)sql";

// Version 8: what the workers sharing a paced mailbox keep in common besides its schedule
// (transport/shared_pacer.hpp). A throttling reply one of them gets slows all of them: it notes
// the interval it now spaces its messages by, and when (microseconds since 1970), in the
// mailbox's row; 0 while none was noted. And a mailbox's max_per_run, when the workers of one run
// share it (`run --run-id`): the messages under way or accepted in that run, claimed one by one
// in a conditional write that refuses the one past the limit, given back when one is not accepted.
// A row per mailbox and run id; no history.
constexpr std::string_view k_add_shared_mailbox_limits = R"sql(
ALTER TABLE mailbox_pace ADD COLUMN slowed_interval INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mailbox_pace ADD COLUMN slowed_at INTEGER NOT NULL DEFAULT 0;
CREATE TABLE mailbox_run_messages (
  mailbox TEXT NOT NULL,
  run TEXT NOT NULL,
  messages INTEGER NOT NULL,
  PRIMARY KEY (mailbox, run)
);
)sql";

// What a version 2 ledger knows of its invoices goes into the register: creditor, number, and of
// the latest delivery its recipients and PDF hash; issued if any delivery was ever marked
// `sending` (an event says so). Deliveries without a creditor, and the failures recorded beside a
// sent invoice under "<number>@<file:line>", were never invoices of the register.
constexpr std::string_view k_fill_register_from_deliveries = R"sql(
INSERT INTO invoices (creditor, number, facts, kind, recipients, pdf_sha256, job,
                      first_recorded_at, updated_at, issued_at)
SELECT d.creditor, d.number, 'unknown', '', d.recipients, d.pdf_sha256, d.job, d.first_recorded_at,
       d.updated_at,
       coalesce((SELECT min(e.at) FROM events e JOIN deliveries o ON o.job = e.job
                 AND o.number = e.number WHERE o.creditor = d.creditor AND o.number = d.number
                 AND e.state = 'sending'), '')
FROM deliveries d
WHERE d.creditor <> '' AND instr(d.number, '@') = 0
  AND d.sequence = (SELECT max(l.sequence) FROM deliveries l
                    WHERE l.creditor = d.creditor AND l.number = d.number)
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
    return make_error(std::string(doing) + ": no answer", Location{database.name()});
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
                      Location{database.name()});
  }
  if (version < 0) {
    return make_error("the file has user_version " + std::to_string(version) +
                        ", which no mailroom ledger has",
                      Location{database.name()});
  }
  return Ok{};
}

Status use_write_ahead_log(Database& database) {
  auto statement = TRY(database.prepare("PRAGMA journal_mode = WAL"));
  if (TRY(statement.step()) != StepResult::Row || statement.column_text(0) != "wal") {
    // SQLite keeps the old mode where WAL is impossible (some network file systems).
    return make_error("cannot switch the ledger to write-ahead logging", Location{database.name()});
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
                      Location{database.name()});
  }
  TRY(database.exec(k_create_deliveries));
  TRY(database.exec(k_add_register));
  TRY(database.exec(k_add_debtor_address));
  TRY(database.exec(k_add_recipient_overrides));
  TRY(database.exec(k_add_list_orders));
  TRY(database.exec(k_add_mailbox_pace));
  TRY(database.exec(k_add_archive_unsynced));
  TRY(database.exec(k_add_shared_mailbox_limits));
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
  // Each version's step, from the file's own version on.
  if (version < 2) {
    TRY(database.exec(k_migrate_from_1_start));
    TRY(database.exec(k_create_deliveries));
    TRY(database.exec(k_migrate_from_1_finish));
  }
  if (version < 3) {
    TRY(database.exec(k_add_register));
    TRY(database.exec(k_fill_register_from_deliveries));
  }
  if (version < 4) {
    TRY(database.exec(k_add_debtor_address));
  }
  if (version < 5) {
    TRY(database.exec(k_add_recipient_overrides));
    TRY(database.exec(k_add_list_orders));
  }
  if (version < 6) {
    TRY(database.exec(k_add_mailbox_pace));
  }
  if (version < 7) {
    TRY(database.exec(k_add_archive_unsynced));
  }
  if (version < 8) {
    TRY(database.exec(k_add_shared_mailbox_limits));
  }
  TRY(database.exec("PRAGMA user_version = " + std::to_string(k_version)));
  TRY(transaction.commit());
  return Ok{};
}

} // namespace

Status set_up_sqlite(Database& database) {
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
