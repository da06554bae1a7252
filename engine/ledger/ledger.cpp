#include "ledger.hpp"

#include "database.hpp"
#include "entry_rows.hpp"
#include "group_commit.hpp"
#include "recipient_override_store.hpp"
#include "register_store.hpp"
#include "schema.hpp"

#include <engine/util/time.hpp>

#include <initializer_list>

namespace mailroom::ledger {

namespace {

// Every transition writes the deliveries row and appends an event copied from it, in a savepoint
// of a group commit (group_commit.hpp): transitions that arrive while another commit is syncing
// share the next one. Only `sending` waits for its sync to disk: it must survive any crash while
// the message is on the wire. The others (sent, failed, unknown, invalid address) are committed
// at once and reach the disk with the next `sending` or `sync()`: if the machine stops in
// between, an invoice stays `sending` and is reported as interrupted, as if the crash had come
// just before its mark.

constexpr std::string_view k_find = "SELECT job, number, creditor, state, recipients, attempts, "
                                    "sent_at, message_id, server_reply, pdf_sha256, error, "
                                    "updated_at FROM deliveries WHERE job = ?1 AND number = ?2";

constexpr std::string_view k_entries =
  "SELECT job, number, creditor, state, recipients, attempts, "
  "sent_at, message_id, server_reply, pdf_sha256, error, "
  "updated_at FROM deliveries WHERE job = ?1 ORDER BY sequence";

// What explains a gap in a creditor's numbering (receivables/numbering.hpp).
constexpr std::string_view k_failed_deliveries =
  "SELECT job, number, creditor, state, recipients, attempts, "
  "sent_at, message_id, server_reply, pdf_sha256, error, "
  "updated_at FROM deliveries WHERE (?1 = '' OR creditor = ?1) "
  "AND state IN ('failed', 'invalid_address') ORDER BY sequence";

// The upserts never touch a `sent` row (the WHERE of DO UPDATE): once the server accepted an
// invoice, no later mark may make it look unsent and so send it twice. RETURNING yields no row
// then, which is how the caller learns of the refusal. A new row takes the next sequence number;
// an updated one keeps its own. An empty creditor keeps the one already recorded.
constexpr std::string_view k_mark_sending = R"sql(
INSERT INTO deliveries (job, number, sequence, creditor, state, recipients, attempts, message_id,
                        pdf_sha256, first_recorded_at, updated_at)
VALUES (?1, ?2, (SELECT coalesce(max(sequence), 0) + 1 FROM deliveries), ?3, 'sending', ?4, 1, ?5,
        ?6, ?7, ?7)
ON CONFLICT (job, number) DO UPDATE SET
  creditor = CASE WHEN excluded.creditor = '' THEN deliveries.creditor ELSE excluded.creditor END,
  state = 'sending',
  recipients = excluded.recipients,
  attempts = deliveries.attempts + 1,
  sent_at = '',
  message_id = excluded.message_id,
  server_reply = '',
  pdf_sha256 = excluded.pdf_sha256,
  error = '',
  updated_at = excluded.updated_at
WHERE (deliveries.state <> 'sent' OR ?8 = 'resend')
  AND (?9 = '' OR CAST(deliveries.attempts AS TEXT) = ?9)
RETURNING attempts
)sql";

constexpr std::string_view k_mark_sent = R"sql(
UPDATE deliveries SET state = 'sent', sent_at = ?3, server_reply = ?4, error = '', updated_at = ?5
WHERE job = ?1 AND number = ?2 AND state = 'sending'
RETURNING attempts
)sql";

constexpr std::string_view k_mark_failed = R"sql(
INSERT INTO deliveries (job, number, sequence, creditor, state, server_reply, error,
                        first_recorded_at, updated_at)
VALUES (?1, ?2, (SELECT coalesce(max(sequence), 0) + 1 FROM deliveries), ?3, 'failed', ?4, ?5,
        ?6, ?6)
ON CONFLICT (job, number) DO UPDATE SET
  creditor = CASE WHEN excluded.creditor = '' THEN deliveries.creditor ELSE excluded.creditor END,
  state = 'failed',
  server_reply = excluded.server_reply,
  error = excluded.error,
  updated_at = excluded.updated_at
WHERE deliveries.state <> 'sent'
RETURNING attempts
)sql";

constexpr std::string_view k_mark_invalid_address = R"sql(
INSERT INTO deliveries (job, number, sequence, creditor, state, recipients, error,
                        first_recorded_at, updated_at)
VALUES (?1, ?2, (SELECT coalesce(max(sequence), 0) + 1 FROM deliveries), ?3, 'invalid_address',
        ?4, ?5, ?6, ?6)
ON CONFLICT (job, number) DO UPDATE SET
  creditor = CASE WHEN excluded.creditor = '' THEN deliveries.creditor ELSE excluded.creditor END,
  state = 'invalid_address',
  recipients = excluded.recipients,
  error = excluded.error,
  updated_at = excluded.updated_at
WHERE deliveries.state <> 'sent'
RETURNING attempts
)sql";

constexpr std::string_view k_mark_unknown = R"sql(
UPDATE deliveries SET state = 'unknown', server_reply = ?4, error = ?3, updated_at = ?5
WHERE job = ?1 AND number = ?2 AND state = 'sending'
RETURNING attempts
)sql";

constexpr std::string_view k_note_unsynced_archive_copy =
  "INSERT INTO archive_unsynced (job, number) VALUES (?1, ?2) ON CONFLICT (job, number) DO NOTHING";

constexpr std::string_view k_forget_unsynced_archive_copy =
  "DELETE FROM archive_unsynced WHERE job = ?1 AND number = ?2";

constexpr std::string_view k_unsynced_archive_copies = R"sql(
SELECT d.job, d.number, d.creditor, d.state, d.recipients, d.attempts, d.sent_at, d.message_id,
       d.server_reply, d.pdf_sha256, d.error, d.updated_at
FROM archive_unsynced a JOIN deliveries d ON d.job = a.job AND d.number = a.number
WHERE a.job = ?1 ORDER BY d.sequence
)sql";

// The mailbox's next slot is the later of its schedule and now; the schedule moves one interval
// past it. RETURNING gives the slot taken and the slow-down last noted for the mailbox.
constexpr std::string_view k_claim_send_slot = R"sql(
INSERT INTO mailbox_pace (mailbox, next_send_at) VALUES (?1, ?2 + ?3)
ON CONFLICT (mailbox) DO UPDATE SET next_send_at =
  CASE WHEN mailbox_pace.next_send_at > ?2 THEN mailbox_pace.next_send_at ELSE ?2 END + ?3
RETURNING next_send_at - ?3, slowed_interval, slowed_at
)sql";

// A row for a mailbox not yet scheduled starts with its next slot at the time of the slow-down.
constexpr std::string_view k_note_mailbox_slowdown = R"sql(
INSERT INTO mailbox_pace (mailbox, next_send_at, slowed_interval, slowed_at) VALUES (?1, ?3, ?2, ?3)
ON CONFLICT (mailbox) DO UPDATE SET slowed_interval = ?2, slowed_at = ?3
)sql";

// One more message of the run, unless it has `limit` already: then the update does not happen and
// RETURNING gives no row.
constexpr std::string_view k_claim_run_message = R"sql(
INSERT INTO mailbox_run_messages (mailbox, run, messages) VALUES (?1, ?2, 1)
ON CONFLICT (mailbox, run) DO UPDATE SET messages = mailbox_run_messages.messages + 1
  WHERE mailbox_run_messages.messages < ?3
RETURNING messages
)sql";

constexpr std::string_view k_return_run_message = R"sql(
UPDATE mailbox_run_messages SET messages = messages - 1
WHERE mailbox = ?1 AND run = ?2 AND messages > 0
)sql";

// The event copies state and attempt from the row just written, so the two cannot disagree.
constexpr std::string_view k_append_event = R"sql(
INSERT INTO events (job, number, at, state, attempt, detail)
SELECT job, number, ?3, state, attempts, ?4 FROM deliveries WHERE job = ?1 AND number = ?2
)sql";

// Binds the texts to parameters 1, 2, ..., runs the statement to its end and returns the first
// column of its first row, if it returned one. Running to the end matters: COMMIT fails while a
// writing statement is still in progress.
Result<std::optional<std::int64_t>> run(Database& database, std::string_view sql,
                                        std::initializer_list<std::string_view> parameters) {
  auto* statement = TRY(database.cached(sql));
  const ScopedReset reset(*statement);
  int index = 1;
  for (const auto parameter : parameters) {
    TRY(statement->bind_text(index++, parameter));
  }
  std::optional<std::int64_t> first;
  while (TRY(statement->step()) == StepResult::Row) {
    if (!first) {
      first = statement->column_int64(0);
    }
  }
  return first;
}

Result<std::vector<Entry>> select_entries(Database& database, std::string_view sql,
                                          std::initializer_list<std::string_view> parameters) {
  auto* statement = TRY(database.cached(sql));
  const ScopedReset reset(*statement);
  int index = 1;
  for (const auto parameter : parameters) {
    TRY(statement->bind_text(index++, parameter));
  }
  std::vector<Entry> entries;
  while (TRY(statement->step()) == StepResult::Row) {
    entries.push_back(TRY(read_entry(*statement, database)));
  }
  return entries;
}

Result<std::optional<Entry>> find_entry(Database& database, std::string_view job,
                                        std::string_view number) {
  auto found = TRY(select_entries(database, k_find, {job, number}));
  if (found.empty()) {
    return std::optional<Entry>();
  }
  return std::optional<Entry>(std::move(found.front()));
}

Status check_key(std::string_view job, std::string_view number) {
  if (job.empty() || number.empty()) {
    return make_error("cannot record an invoice without both a job and a number (job \"" +
                      std::string(job) + "\", number \"" + std::string(number) + "\")");
  }
  return Ok{};
}

// Why an upsert returned no row: the invoice was already sent.
Error refusal(Database& database, std::string_view job, std::string_view number, State wanted) {
  std::string message = "cannot mark " + std::string(number) + " " +
                        std::string(state_name(wanted)) + ": it was already sent";
  if (auto found = find_entry(database, job, number); found && *found) {
    message += " at " + (*found)->sent_at;
  }
  return make_error(std::move(message));
}

// Why an update from `sending` changed no row: the invoice is unknown to the job, or in another
// state.
Error not_sending(Database& database, std::string_view job, std::string_view number, State wanted) {
  const std::string prefix =
    "cannot mark " + std::string(number) + " " + std::string(state_name(wanted)) + ": ";
  auto found = find_entry(database, job, number);
  if (!found) {
    return found.error();
  }
  if (!*found) {
    return make_error(prefix + "job " + std::string(job) + " has no record of it");
  }
  return make_error(prefix + "it is " + std::string(state_name((*found)->state)) + ", not sending");
}

std::string sending_detail(const SendingRecord& record) {
  return std::string(record.resend == Resend::Requested ? "resend requested | " : "") +
         "to: " + record.recipients + " | message id: " + record.message_id +
         " | pdf sha256: " + record.pdf_sha256;
}

std::string failure_detail(std::string_view error, std::string_view server_reply) {
  std::string detail(error);
  if (!server_reply.empty()) {
    detail += " | server: " + std::string(server_reply);
  }
  return detail;
}

} // namespace

Ledger::Ledger(std::unique_ptr<Database> database)
  : m_database(std::move(database))
  , m_group(std::make_unique<GroupCommit>(*m_database)) {}

Ledger::~Ledger() {
  // A caller that wants to know whether this worked calls sync() first; here nothing can be
  // reported, but the marks still get their sync.
  static_cast<void>(m_group->sync());
}

Status Ledger::sync() {
  return m_group->sync();
}

Result<std::unique_ptr<Ledger>> Ledger::open(const Address& address) {
  auto database = TRY(open_database(address));
  TRY(schema::set_up(*database));
  // Preparing every statement now reports a file whose tables are not ours when it is opened,
  // not in the middle of a run.
  for (const auto sql :
       {k_find, k_entries, k_failed_deliveries, k_mark_sending, k_mark_sent, k_mark_failed,
        k_mark_invalid_address, k_mark_unknown, k_append_event, k_claim_send_slot,
        k_note_mailbox_slowdown, k_claim_run_message, k_return_run_message,
        k_note_unsynced_archive_copy, k_forget_unsynced_archive_copy, k_unsynced_archive_copies}) {
    TRY(database->cached(sql));
  }
  for (const auto sql : register_store::statements()) {
    TRY(database->cached(sql));
  }
  for (const auto sql : recipient_overrides::statements()) {
    TRY(database->cached(sql));
  }
  return std::unique_ptr<Ledger>(new Ledger(std::move(database)));
}

Result<std::optional<Entry>> Ledger::find(std::string_view job, std::string_view number) {
  return m_group->read([&](Database& database) { return find_entry(database, job, number); });
}

Result<Claim> Ledger::mark_sending(const SendingRecord& record) {
  TRY(check_key(record.job, record.number));
  const std::string expected =
    record.expected_attempts ? std::to_string(*record.expected_attempts) : std::string();
  Claim claim = Claim::Won;
  TRY(m_group->commit(Durability::OnDisk, [&](Database& database) -> Status {
    claim = Claim::Won;
    const auto now = time::to_iso8601(time::now());
    const auto attempts = TRY(
      run(database, k_mark_sending,
          {record.job, record.number, record.creditor, record.recipients, record.message_id,
           record.pdf_sha256, now, record.resend == Resend::Requested ? "resend" : "", expected}));
    if (!attempts) {
      // Refused: another run marked it since we looked (its attempts moved on), or it was sent.
      const auto found = TRY(find_entry(database, record.job, record.number));
      if (found && record.expected_attempts && found->attempts != *record.expected_attempts) {
        claim = Claim::TakenByAnotherRun;
        return Ok{};
      }
      return refusal(database, record.job, record.number, State::Sending);
    }
    TRY(run(database, k_append_event, {record.job, record.number, now, sending_detail(record)}));
    if (record.archive_copy == ArchiveCopy::NotYetSynced) {
      TRY(run(database, k_note_unsynced_archive_copy, {record.job, record.number}));
    }
    // The first `sending` makes the register's facts those the invoice was issued with.
    TRY(register_store::mark_issued(database, record.creditor, record.number, now,
                                    record.pdf_sha256, record.recipients));
    return Ok{};
  }));
  return claim;
}

Status Ledger::mark_sent(std::string_view job, std::string_view number, std::string_view sent_at,
                         std::string_view server_reply) {
  return m_group->commit(Durability::WithNextSync, [&](Database& database) -> Status {
    const auto now = time::to_iso8601(time::now());
    const std::string_view when = sent_at.empty() ? std::string_view(now) : sent_at;
    const auto attempts = TRY(run(database, k_mark_sent, {job, number, when, server_reply, now}));
    if (!attempts) {
      return not_sending(database, job, number, State::Sent);
    }
    TRY(run(database, k_append_event, {job, number, now, server_reply}));
    return Ok{};
  });
}

Status Ledger::mark_failed(std::string_view job, std::string_view number, std::string_view creditor,
                           std::string_view error, std::string_view server_reply) {
  TRY(check_key(job, number));
  return m_group->commit(Durability::WithNextSync, [&](Database& database) -> Status {
    const auto now = time::to_iso8601(time::now());
    const auto attempts =
      TRY(run(database, k_mark_failed, {job, number, creditor, server_reply, error, now}));
    if (!attempts) {
      return refusal(database, job, number, State::Failed);
    }
    TRY(run(database, k_append_event, {job, number, now, failure_detail(error, server_reply)}));
    return Ok{};
  });
}

Status Ledger::mark_invalid_address(std::string_view job, std::string_view number,
                                    std::string_view creditor, std::string_view recipients,
                                    std::string_view reason) {
  TRY(check_key(job, number));
  return m_group->commit(Durability::WithNextSync, [&](Database& database) -> Status {
    const auto now = time::to_iso8601(time::now());
    const auto attempts =
      TRY(run(database, k_mark_invalid_address, {job, number, creditor, recipients, reason, now}));
    if (!attempts) {
      return refusal(database, job, number, State::InvalidAddress);
    }
    TRY(run(database, k_append_event, {job, number, now, reason}));
    return Ok{};
  });
}

Status Ledger::mark_unknown(std::string_view job, std::string_view number, std::string_view error,
                            std::string_view server_reply) {
  return m_group->commit(Durability::WithNextSync, [&](Database& database) -> Status {
    const auto now = time::to_iso8601(time::now());
    const auto attempts =
      TRY(run(database, k_mark_unknown, {job, number, error, server_reply, now}));
    if (!attempts) {
      return not_sending(database, job, number, State::Unknown);
    }
    TRY(run(database, k_append_event, {job, number, now, failure_detail(error, server_reply)}));
    return Ok{};
  });
}

Result<std::vector<Entry>> Ledger::entries(std::string_view job) {
  return m_group->read(
    [&](Database& database) { return select_entries(database, k_entries, {job}); });
}

CommitStatistics Ledger::commit_statistics() {
  const auto statistics = m_group->statistics();
  return CommitStatistics{statistics.writes, statistics.commits, statistics.syncs};
}

Result<RegistrationResult> Ledger::record_facts(const InvoiceFacts& facts) {
  if (facts.creditor.empty() || facts.number.empty()) {
    return make_error("cannot register an invoice without both a creditor and a number");
  }
  RegistrationResult result;
  TRY(m_group->commit(Durability::WithNextSync, [&](Database& database) -> Status {
    result = TRY(register_store::record(database, facts, time::to_iso8601(time::now())));
    return Ok{};
  }));
  return result;
}

Result<std::optional<RegisteredInvoice>> Ledger::find_invoice(std::string_view creditor,
                                                              std::string_view number) {
  return m_group->read(
    [&](Database& database) { return register_store::find(database, creditor, number); });
}

Result<std::optional<RegisterRow>> Ledger::register_row(std::string_view creditor,
                                                        std::string_view number) {
  return m_group->read(
    [&](Database& database) { return register_store::row(database, creditor, number); });
}

Status Ledger::each_register_row(const RegisterQuery& query,
                                 const std::function<Result<Reading>(const RegisterRow&)>& visit) {
  return m_group->read(
    [&](Database& database) { return register_store::each_row(database, query, visit); });
}

Result<std::vector<std::string>> Ledger::creditors_with(std::string_view number) {
  return m_group->read(
    [&](Database& database) { return register_store::creditors_with(database, number); });
}

Result<std::vector<Entry>> Ledger::deliveries_of(std::string_view creditor,
                                                 std::string_view number) {
  return m_group->read(
    [&](Database& database) { return register_store::deliveries(database, creditor, number); });
}

Result<std::vector<Event>> Ledger::events_of(std::string_view job, std::string_view number) {
  return m_group->read(
    [&](Database& database) { return register_store::events(database, job, number); });
}

Result<std::vector<RegisterRow>> Ledger::issued_invoices_after(std::string_view creditor,
                                                               std::string_view after,
                                                               std::int64_t limit) {
  return m_group->read([&](Database& database) {
    return register_store::issued_invoices_after(database, creditor, after, limit);
  });
}

Result<std::string> Ledger::newest_statement_date(std::string_view iban) {
  return m_group->read(
    [&](Database& database) { return register_store::newest_statement_date(database, iban); });
}

Result<std::vector<SentReminderRecord>> Ledger::sent_reminders(std::string_view creditor,
                                                               std::string_view number) {
  return m_group->read(
    [&](Database& database) { return register_store::sent_reminders(database, creditor, number); });
}

Result<PaymentRecording> Ledger::add_payment(const PaymentRecord& payment,
                                             RepeatedPayment repeated) {
  if (payment.amount_cents == 0) {
    return make_error("a payment of 0.00 records nothing");
  }
  PaymentRecording recording = PaymentRecording::Recorded;
  // The checks and the insert share one transaction, so what they saw is what is recorded.
  TRY(m_group->commit(Durability::OnDisk, [&](Database& database) -> Status {
    TRY(register_store::check_payable(database, payment));
    const auto now = time::now();
    if (payment.key.empty() && repeated == RepeatedPayment::AskFirst) {
      const auto since = time::to_iso8601(now - std::chrono::minutes(1));
      if (TRY(register_store::identical_payment_since(database, payment, since))) {
        recording = PaymentRecording::RecordedMomentsAgo;
        return Ok{};
      }
    }
    recording = TRY(register_store::add_payment(database, payment, time::to_iso8601(now)));
    return Ok{};
  }));
  return recording;
}

Status Ledger::each_payment(const PaymentQuery& query,
                            const std::function<Status(const RecordedPayment&)>& visit) {
  return m_group->read(
    [&](Database& database) { return register_store::each_payment(database, query, visit); });
}

Status Ledger::set_recipient_override(std::string_view creditor, std::string_view number,
                                      std::string_view recipients, std::string_view note) {
  // Synced like a payment: an operator told it is set must find it set after a power cut.
  return m_group->commit(Durability::OnDisk, [&](Database& database) -> Status {
    RecipientOverride row;
    row.creditor = creditor;
    row.number = number;
    row.recipients = recipients;
    row.note = note;
    row.set_at = time::to_iso8601(time::now());
    return recipient_overrides::append(database, row);
  });
}

Result<std::optional<RecipientOverride>> Ledger::recipient_override(std::string_view creditor,
                                                                    std::string_view number) {
  return m_group->read(
    [&](Database& database) { return recipient_overrides::in_force(database, creditor, number); });
}

Result<std::vector<RecipientOverride>> Ledger::recipient_overrides(std::string_view creditor,
                                                                   std::string_view number) {
  return m_group->read(
    [&](Database& database) { return recipient_overrides::history(database, creditor, number); });
}

Result<SendSlot> Ledger::claim_send_slot(std::string_view mailbox, std::int64_t now_microseconds,
                                         std::int64_t interval_microseconds) {
  SendSlot slot{now_microseconds, std::nullopt};
  TRY(m_group->commit(Durability::WithNextSync, [&](Database& database) -> Status {
    auto* statement = TRY(database.cached(k_claim_send_slot));
    const ScopedReset reset(*statement);
    TRY(statement->bind_text(1, mailbox));
    TRY(statement->bind_int64(2, now_microseconds));
    TRY(statement->bind_int64(3, interval_microseconds));
    while (TRY(statement->step()) == StepResult::Row) {
      slot.at = statement->column_int64(0);
      slot.slowdown = std::nullopt;
      if (const auto interval = statement->column_int64(1); interval > 0) {
        slot.slowdown = MailboxSlowdown{interval, statement->column_int64(2)};
      }
    }
    return Ok{};
  }));
  return slot;
}

Status Ledger::note_mailbox_slowdown(std::string_view mailbox, const MailboxSlowdown& slowdown) {
  return m_group->commit(Durability::WithNextSync, [&](Database& database) -> Status {
    auto* statement = TRY(database.cached(k_note_mailbox_slowdown));
    const ScopedReset reset(*statement);
    TRY(statement->bind_text(1, mailbox));
    TRY(statement->bind_int64(2, slowdown.interval_microseconds));
    TRY(statement->bind_int64(3, slowdown.noted_at));
    while (TRY(statement->step()) == StepResult::Row) {
    }
    return Ok{};
  });
}

Result<RunAllowance> Ledger::claim_run_message(std::string_view mailbox, std::string_view run_id,
                                               std::int64_t limit) {
  auto allowance = RunAllowance::LimitReached;
  if (limit <= 0) {
    return allowance;
  }
  TRY(m_group->commit(Durability::WithNextSync, [&](Database& database) -> Status {
    allowance = RunAllowance::LimitReached;
    auto* statement = TRY(database.cached(k_claim_run_message));
    const ScopedReset reset(*statement);
    TRY(statement->bind_text(1, mailbox));
    TRY(statement->bind_text(2, run_id));
    TRY(statement->bind_int64(3, limit));
    while (TRY(statement->step()) == StepResult::Row) {
      allowance = RunAllowance::Claimed;
    }
    return Ok{};
  }));
  return allowance;
}

Status Ledger::return_run_message(std::string_view mailbox, std::string_view run_id) {
  return m_group->commit(Durability::WithNextSync, [&](Database& database) -> Status {
    TRY(run(database, k_return_run_message, {mailbox, run_id}));
    return Ok{};
  });
}

Result<std::vector<Entry>> Ledger::failed_deliveries(std::string_view creditor) {
  return m_group->read(
    [&](Database& database) { return select_entries(database, k_failed_deliveries, {creditor}); });
}

Result<std::vector<Entry>> Ledger::unsynced_archive_copies(std::string_view job) {
  return m_group->read(
    [&](Database& database) { return select_entries(database, k_unsynced_archive_copies, {job}); });
}

Status Ledger::forget_unsynced_archive_copies(std::string_view job,
                                              const std::vector<std::string>& numbers) {
  if (numbers.empty()) {
    return Ok{};
  }
  return m_group->commit(Durability::WithNextSync, [&](Database& database) -> Status {
    for (const auto& number : numbers) {
      TRY(run(database, k_forget_unsynced_archive_copy, {job, number}));
    }
    return Ok{};
  });
}

Status Ledger::import_bank_file(const std::function<Status(BankBook&)>& import) {
  return m_group->commit(Durability::OnDisk, [&](Database& database) -> Status {
    BankBook book(database);
    return import(book);
  });
}

} // namespace mailroom::ledger
