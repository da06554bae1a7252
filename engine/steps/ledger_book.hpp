#pragma once

#include <engine/ledger/ledger.hpp>
#include <engine/pipeline/options.hpp>
#include <engine/pipeline/report.hpp>
#include <engine/util/result.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Where an invoice is marked sending, sent, failed, unknown or invalid address: the one place the
// steps of an invoice's journey talk to the ledger. It maps what the ledger knows (its states) to
// what became of an invoice in this run (its report status), and words every problem the ledger
// had in recording a fact into the invoice's report entry, the same way everywhere.

namespace mailroom::steps {

// What an earlier run's record means for this one.
enum class EarlierRecord {
  GoesOut,   // Never sent, failed, or this run was told to send it again.
  LeftAlone, // Sent, or its delivery is unknown: this run leaves it; the entry says why.
};

class LedgerBook {
public:
  // `ledger` is null for the commands that record nothing (a dry run, `render`, `validate`):
  // every mark is then left out. `reader`, when given, is read where `ledger` is null: the ledger
  // `remind --dry-run` looks at and never writes.
  LedgerBook(ledger::Ledger* ledger, std::string_view job, ledger::Ledger* reader = nullptr)
    : m_ledger(ledger)
    , m_reader(ledger != nullptr ? ledger : reader)
    , m_job(job) {}

  bool records() const { return m_ledger != nullptr; }

  // What the ledger knows of the invoice. With no ledger: nothing.
  [[nodiscard]] Result<std::optional<ledger::Entry>> find(std::string_view number) const;

  // Every delivery of the document in any job (a reminder level is sent once, whichever job sends
  // it). With no ledger to read: none.
  [[nodiscard]] Result<std::vector<ledger::Entry>> deliveries_in_any_job(
    std::string_view creditor, std::string_view document) const;

  // Decides from the earlier record whether the invoice goes out again, as `resending` allows,
  // and fills the entry of one that does not: skipped (sent), interrupted (sending) or unknown.
  EarlierRecord judge_earlier(const ledger::Entry& known, pipeline::Resending resending,
                              pipeline::ReportEntry& entry) const;

  // The report status of an invoice whose delivery by an earlier run is unknown: interrupted
  // (left `sending`) or unknown (sent without a final reply); none for any other state.
  static std::optional<pipeline::InvoiceStatus> maybe_delivered(std::optional<ledger::State> state);

  // The invoice as the register knows it, read without writing (a dry run, `validate`). With no
  // ledger to read: none.
  [[nodiscard]] Result<std::optional<ledger::RegisteredInvoice>> find_invoice(
    std::string_view creditor, std::string_view number) const;

  // The recipient override an operator set for the invoice, in force (ledger/recipient_overrides
  // .hpp), read from the ledger this command writes or only reads. With no ledger to read: none.
  [[nodiscard]] Result<std::optional<ledger::RecipientOverride>> recipient_override(
    std::string_view creditor, std::string_view number) const;

  // Records the invoice's facts in the register (ledger/register.hpp). With no ledger: nothing,
  // as if it were new.
  [[nodiscard]] Result<ledger::RegistrationResult> record_facts(
    const ledger::InvoiceFacts& facts) const;

  // Durably marks the invoice as going out; the caller sends nothing unless this succeeds with
  // Claim::Won. TakenByAnotherRun: a run beside this one (an overlapping shard) marked it first.
  [[nodiscard]] Result<ledger::Claim> mark_sending(const ledger::SendingRecord& record) const;

  // The server accepted it. A ledger that cannot record it does not make it unsent: the entry
  // says "sent, but the ledger could not record it".
  void mark_sent(pipeline::ReportEntry& entry, std::string_view sent_at,
                 std::string_view server_reply) const;

  // The invoice (by the entry's number and creditor) failed with `error`, or was deferred, or one
  // of its recipients was refused: recorded, the entry's error left as it is but for a note when
  // the ledger could not record it.
  void mark_failed(pipeline::ReportEntry& entry, std::string_view error,
                   std::string_view server_reply = {}) const;
  void mark_unknown(pipeline::ReportEntry& entry, std::string_view error,
                    std::string_view server_reply) const;
  void mark_invalid_address(pipeline::ReportEntry& entry, std::string_view emails) const;

  // Records an invoice that failed before anything of it went out (bad data, rendering, the mail,
  // the archive) with the entry's error. The row of an invoice an earlier run sent is never
  // overwritten: that fact must survive bad data in a later run, so the failure is recorded
  // beside it, under "<number>@<file:line>".
  void record_failure(pipeline::ReportEntry& entry) const;

private:
  ledger::Ledger* m_ledger;
  ledger::Ledger* m_reader; // m_ledger, or the one a command reads without writing.
  std::string_view m_job;
};

// The note every failed record gets: " (and the ledger could not record it: …)".
void note_unrecorded(pipeline::ReportEntry& entry, const Status& recorded);

} // namespace mailroom::steps
