#pragma once

#include <engine/ledger/address.hpp>
#include <engine/ledger/bank_book.hpp>
#include <engine/ledger/payments.hpp>
#include <engine/ledger/recipient_overrides.hpp>
#include <engine/ledger/register.hpp>
#include <engine/ledger/state.hpp>
#include <engine/util/result.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

// The ledger: one SQLite file or PostgreSQL database recording, per job and invoice, what
// happened. It is the single source of truth for what was sent; the report is derived from it.

namespace mailroom::ledger {

struct Entry {
  std::string job;
  std::string number;
  std::string creditor;
  State state = State::Sending;
  std::string recipients; // Addresses separated by "; ".
  int attempts = 0;
  std::string sent_at; // UTC ISO 8601 with milliseconds; empty unless sent.
  std::string message_id;
  std::string server_reply;
  std::string pdf_sha256;
  std::string error;
  std::string updated_at;
};

// One transition of a delivery, as `events` keeps them.
struct Event {
  std::string at;
  State state = State::Sending;
  int attempt = 0;
  std::string detail;
};

// What is known when a message is about to go out.
// Whether an invoice already sent may be marked as sending again: only on an operator's explicit
// request (`mailroom run --resend`).
enum class Resend { Refused, Requested };

// Whether the PDF a `sending` mark records is on disk in the archive already, or only written,
// to be synced with the archive's next group sync (pipeline/archive_sync.hpp).
enum class ArchiveCopy { OnDisk, NotYetSynced };

struct SendingRecord {
  std::string job;
  std::string number;
  std::string creditor;
  std::string recipients;
  std::string message_id;
  std::string pdf_sha256;
  Resend resend = Resend::Refused;
  // The attempts the run saw recorded when it decided to send (0: no record), so that of several
  // runs deciding at once (overlapping shards of one job) only one marks it; none: mark whatever
  // was recorded meanwhile.
  std::optional<int> expected_attempts;
  // NotYetSynced: the mark also notes the delivery among those whose archived PDF the next run
  // checks, unless the archive's sync says it is on disk first (forget_unsynced_archive_copies).
  ArchiveCopy archive_copy = ArchiveCopy::OnDisk;
};

// Whether mark_sending made this run the one that sends the invoice.
// TakenByAnotherRun: another run marked it since this one looked (its attempts moved on); this run
// must not send it, nor record anything of it.
enum class Claim { Won, TakenByAnotherRun };

// A paced mailbox slowed down by one of the runs sharing it: the interval, in microseconds, it
// now spaces the mailbox's messages by, noted at a time in microseconds since 1970.
struct MailboxSlowdown {
  std::int64_t interval_microseconds = 0;
  std::int64_t noted_at = 0;
};

// A slot of a paced mailbox's shared schedule, and the slow-down last noted for it.
struct SendSlot {
  std::int64_t at = 0;
  std::optional<MailboxSlowdown> slowdown;
};

// Whether one more message of a run may go out through a mailbox with a shared max_per_run.
enum class RunAllowance { Claimed, LimitReached };

class Database;    // Our connection to SQLite or PostgreSQL, in database.hpp.
class GroupCommit; // Commits the writes of many threads together, in group_commit.hpp.

// How many transitions were written, in how many commits, and how many syncs to disk.
struct CommitStatistics {
  std::uint64_t transitions = 0;
  std::uint64_t commits = 0;
  std::uint64_t syncs = 0;
};

// Thread-safe. Each mark_* returns once its transition is committed: it survives the process
// dying at once. mark_sending also waits until it is synced to disk, so it survives the machine
// stopping; the other marks reach the disk with the next mark_sending or sync(), and at the
// latest when the Ledger is destroyed. Transitions of several threads that arrive together share
// one commit. Opening creates the file (or the database's tables) and schema if missing, and an
// SQLite file goes into WAL mode. On PostgreSQL every commit is on disk when it returns.
class Ledger {
public:
  static Result<std::unique_ptr<Ledger>> open(const Address& address);
  static Result<std::unique_ptr<Ledger>> open(const std::filesystem::path& path) {
    return open(sqlite_address(path));
  }
  ~Ledger();

  Result<std::optional<Entry>> find(std::string_view job, std::string_view number);

  // Marks the invoice as going out, synced to disk, and counts the attempt, before a byte of it is
  // sent.
  // An invoice already `sent` stays so: mark_sending, mark_failed and mark_invalid_address refuse
  // it with an error, as anything else could lead to sending it twice. The mark is a conditional
  // write: with `expected_attempts` only one of several runs wins it (Claim).
  Result<Claim> mark_sending(const SendingRecord& record);
  // Only after the server's 250, and only from `sending`. An empty sent_at means now.
  Status mark_sent(std::string_view job, std::string_view number, std::string_view sent_at,
                   std::string_view server_reply);
  Status mark_failed(std::string_view job, std::string_view number, std::string_view creditor,
                     std::string_view error, std::string_view server_reply = {});
  Status mark_invalid_address(std::string_view job, std::string_view number,
                              std::string_view creditor, std::string_view recipients,
                              std::string_view reason);

  // Only from `sending`: the message may have been delivered (see State::Unknown).
  Status mark_unknown(std::string_view job, std::string_view number, std::string_view error,
                      std::string_view server_reply = {});

  // Syncs every mark committed so far to disk. A run calls it at its end, before its report.
  Status sync();

  // Every entry of a job, in the order they were first recorded.
  Result<std::vector<Entry>> entries(std::string_view job);

  // The deliveries, in any job, that failed or found no valid address, of `creditor` (of every
  // creditor when empty), in recorded order: among them the invoices a run refused for bad data,
  // which never reach the register.
  Result<std::vector<Entry>> failed_deliveries(std::string_view creditor);

  CommitStatistics commit_statistics();

  // The invoice register (register.hpp). Recording facts never waits for a sync: they reach the
  // disk with the invoice's `sending` mark, which also makes them the facts it was issued with.
  Result<RegistrationResult> record_facts(const InvoiceFacts& facts);
  Result<std::optional<RegisteredInvoice>> find_invoice(std::string_view creditor,
                                                        std::string_view number);
  Result<std::optional<RegisterRow>> register_row(std::string_view creditor,
                                                  std::string_view number);
  // Hands every row the query selects to `visit`, in the query's order, one at a time, until
  // `visit` says Stop; stops at the first error `visit` returns.
  Status each_register_row(const RegisterQuery& query,
                           const std::function<Result<Reading>(const RegisterRow&)>& visit);
  Result<std::vector<std::string>> creditors_with(std::string_view number);
  Result<std::vector<Entry>> deliveries_of(std::string_view creditor, std::string_view number);
  Result<std::vector<Event>> events_of(std::string_view job, std::string_view number);
  // A page of the creditor's issued invoices numbered after `after` (register_store.hpp).
  Result<std::vector<RegisterRow>> issued_invoices_after(std::string_view creditor,
                                                         std::string_view after,
                                                         std::int64_t limit);
  // The latest day an imported bank statement of the account reports up to; empty if none.
  Result<std::string> newest_statement_date(std::string_view iban);
  // The reminder levels of the invoice a server accepted, in any job, by level.
  Result<std::vector<SentReminderRecord>> sent_reminders(std::string_view creditor,
                                                         std::string_view number);

  // Payments (payments.hpp), synced to disk before this returns. Refused with an error for an
  // invoice the register cannot take a payment for.
  Result<PaymentRecording> add_payment(const PaymentRecord& payment, RepeatedPayment repeated);
  Status each_payment(const PaymentQuery& query,
                      const std::function<Status(const RecordedPayment&)>& visit);

  // Recipient overrides (recipient_overrides.hpp), synced to disk before this returns. Sets the
  // addresses (joined by "; ", checked by the caller) the invoice goes to instead of those of its
  // invoice data, with the operator's note; empty recipients clear the override. Refused with an
  // error for an invoice not in the register, and for clearing when no override is in force.
  Status set_recipient_override(std::string_view creditor, std::string_view number,
                                std::string_view recipients, std::string_view note);
  // The override in force, if any: the invoice's latest, unless it was cleared.
  Result<std::optional<RecipientOverride>> recipient_override(std::string_view creditor,
                                                              std::string_view number);
  // Every override set or cleared for the invoice, oldest first.
  Result<std::vector<RecipientOverride>> recipient_overrides(std::string_view creditor,
                                                             std::string_view number);

  // The send schedule of a paced mailbox, shared by every run on this ledger (several workers):
  // the time, in microseconds since 1970 by the wall clock, this run's message may go out, no
  // earlier than `now`; the schedule moves on by `interval` in the same conditional write, so no
  // two runs get the same slot. With it, the slow-down last noted for the mailbox, if any.
  // Committed before it returns, not waiting for a sync: a slot lost to a crash is only a pause.
  Result<SendSlot> claim_send_slot(std::string_view mailbox, std::int64_t now_microseconds,
                                   std::int64_t interval_microseconds);
  // A run slowed the mailbox down after a throttling reply: the runs sharing it learn of it with
  // their next slot. Replaces the one noted before.
  Status note_mailbox_slowdown(std::string_view mailbox, const MailboxSlowdown& slowdown);
  // A mailbox's max_per_run shared by the workers of one run (`run --run-id`): one more message
  // of run `run_id` through `mailbox`, unless `limit` are under way or accepted already, in one
  // conditional write. A message claimed and then not accepted is given back.
  Result<RunAllowance> claim_run_message(std::string_view mailbox, std::string_view run_id,
                                         std::int64_t limit);
  Status return_run_message(std::string_view mailbox, std::string_view run_id);

  // The archive's group sync (pipeline/archive_sync.hpp). The deliveries of the job marked
  // `sending` with a PDF not yet synced to disk (ArchiveCopy::NotYetSynced), in recorded order;
  // and forgetting some of them once the archive is synced, committed without waiting for a sync
  // of the ledger (one remembered too long is only checked once more).
  Result<std::vector<Entry>> unsynced_archive_copies(std::string_view job);
  Status forget_unsynced_archive_copies(std::string_view job,
                                        const std::vector<std::string>& numbers);

  // Imports one bank statement file: `import` reads and writes through the BankBook, all in one
  // transaction, synced to disk before this returns. An error from `import` records nothing of the
  // file.
  Status import_bank_file(const std::function<Status(BankBook&)>& import);

private:
  explicit Ledger(std::unique_ptr<Database> database);
  std::unique_ptr<Database> m_database;
  std::unique_ptr<GroupCommit> m_group; // Over m_database.
};

} // namespace mailroom::ledger
