#pragma once

#include <engine/mail/message.hpp>
#include <engine/pipeline/archive.hpp>
#include <engine/pipeline/context.hpp>
#include <engine/pipeline/invoice_stream.hpp>
#include <engine/pipeline/work_item.hpp>
#include <engine/render/renderer.hpp>
#include <engine/steps/ledger_book.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

// An invoice's journey: the steps one valid invoice takes through a command, in order, each
// handing what it made to the next. Each command's list of steps is in routes.hpp:
//
//   run       record_facts → check_ledger → pick_recipients → take_turn → render_pdf
//             → start_archiving → compose_mail → finish_archiving → send_mail
//   dry run   check_facts → pick_recipients → render_pdf → compose_mail
//   render    render_pdf → write_pdf
//   validate  check_facts → pick_recipients
//   restore   render_pdf → restore_archived_pdf
//   remind    check_reminder → pick_recipients → attach_invoice → take_turn → render_reminder
//             → start_archiving → compose_reminder → finish_archiving → send_mail
//
// Each step either lets the invoice go on to the next or ends its journey with an outcome in its
// report entry (skipped, invalid address, failed, sent...), or (take_turn) holds it back for a
// second pass, its mailbox's pace allowing no turn now. An invoice that comes through every
// step of its list was prepared: built, deliberately not sent.

namespace mailroom::steps {

enum class Next {
  GoOn, // The next step takes the invoice.
  Done, // The journey ends here; the entry holds its outcome.
};

struct Journey {
  Journey(pipeline::RunContext& run_context, pipeline::WorkItem& work_item);

  pipeline::RunContext& context;
  pipeline::WorkItem& item;
  const job::Invoice& invoice;
  const job::Creditor& creditor;
  // The reminder, when this journey delivers one (`mailroom remind`); null for an invoice.
  const job::Reminder* reminder;
  // What the ledger records this journey's delivery under: the invoice's number, or for a
  // reminder "<number>#reminder-<level>@<creditor>" (ledger/register.hpp).
  std::string document;
  pipeline::ReportEntry& entry; // What became of it.
  LedgerBook book;

  // Found by check_ledger: what earlier runs did with this invoice.
  int earlier_attempts = 0;
  std::optional<ledger::State> earlier_state;
  // Picked by pick_recipients: the debtor's valid addresses, and each rejected one with why.
  std::vector<std::string> recipients;
  std::vector<std::string> rejected;
  // Read by attach_invoice: the invoice PDF a reminder reminds of, as archived when it was sent.
  std::string invoice_pdf;
  // Made by render_pdf (or render_reminder: the reminder's letter).
  std::optional<render::RenderedPdf> pdf;
  // Begun by start_archiving.
  std::string pdf_sha256;
  std::optional<pipeline::Archive::PendingPdf> archiving;
  // Whether finish_archiving left the PDF to the archive's group sync (pipeline/archive_sync.hpp).
  ledger::ArchiveCopy archive_copy = ledger::ArchiveCopy::OnDisk;
  // Built by compose_mail; send_mail builds it anew for each further attempt.
  mail::MessageInput mail_input;
  std::optional<mail::BuiltMessage> message;

  // Ends the journey as failed with `error`.
  Next fail(std::string error);
  // Ends the journey as failed with `error`, recorded in the ledger (when this command has one).
  Next fail_and_record(std::string error);
};

using Step = Next (*)(Journey&);

// Takes one valid invoice through `steps`, in order, until one of them ends its journey.
void travel(pipeline::RunContext& context, pipeline::WorkItem& item, std::span<const Step> steps);

// Where the documents of a stream come from when they are not the job's records: each call gives
// the next (a payment reminder of `mailroom remind`), null at the end.
using DocumentSource = std::function<std::unique_ptr<pipeline::WorkItem>()>;

// Streams every record of the job (pipeline/invoice_stream.hpp), or every document `source` gives:
// each valid one travels through `steps` (on several threads at once), every other record is
// settled as unusable, and `finish` sees each one's outcome in order, one call at a time. With a
// selection in the run's options, only the job's records in it; returns the keys of the selection
// that named no record (pipeline::stream_records), for the caller to report.
std::vector<job::SelectionKey> stream_journeys(
  pipeline::RunContext& context, const pipeline::StreamOptions& options,
  std::span<const Step> steps, const std::function<void(const pipeline::WorkItem&)>& finish,
  const DocumentSource& source = {});

// The steps, each in the file of its name.
Next record_facts(Journey& journey);     // Into the register; a changed issued invoice refused.
Next check_facts(Journey& journey);      // The same refusal, the register only read.
Next check_ledger(Journey& journey);     // Skips what was sent; holds back what may have been.
Next pick_recipients(Journey& journey);  // No valid address: invalid address, not sent.
Next take_turn(Journey& journey);        // Its mailbox's pace: now, or held back until later.
Next render_pdf(Journey& journey);       // The PDF on the creditor's letterhead.
Next write_pdf(Journey& journey);        // <render folder>/<number>.pdf (`mailroom render`).
Next start_archiving(Journey& journey);  // The PDF on its way to the archive...
Next compose_mail(Journey& journey);     // ...while the mail is built...
Next finish_archiving(Journey& journey); // ...and on disk before a byte goes out.
Next send_mail(Journey& journey);        // Marked sending, sent, retried, marked sent.
// The steps of a payment reminder (`mailroom remind`) beside those it shares with an invoice.
Next check_reminder(Journey& journey);   // Skips a level sent before, in any job.
Next attach_invoice(Journey& journey);   // The archived invoice PDF, checked against its SHA-256.
Next render_reminder(Journey& journey);  // The reminder letter on the creditor's letterhead.
Next compose_reminder(Journey& journey); // The level's templates; the letter and the invoice.

// Before `run` sends: a PDF that went out but was lost from the archive in a crash.
Next restore_archived_pdf(Journey& journey); // Put back if identical to what went out.

// What compose_mail and compose_reminder share: the mail with these texts and attachments from
// the creditor's mailbox to the debtor's valid addresses, its Message-ID counting the attempts.
Next compose(Journey& journey, mail::MailTexts texts, std::vector<mail::Attachment> attachments);

// What render_pdf and render_reminder share: the PDF kept for the next steps (or the journey
// failed), and how long it took in the report.
Next keep_rendered(Journey& journey, Result<render::RenderedPdf> pdf,
                   std::chrono::steady_clock::time_point started);

// Gives up before this run put anything on the wire (send_mail.cpp): recorded as failed, with
// `reason` and `next_step`, so the next run sends it; an invoice whose earlier delivery is unknown
// keeps that state.
Next abandon(Journey& journey, unsigned attempt, const std::string& reason,
             std::string_view next_step = {});

// Its mailbox's max_per_run was reached in this run before this attempt (take_turn.cpp): not
// sent, said once.
Next max_per_run_reached(Journey& journey, const transport::SendPacer& pacer, unsigned attempt);

// The facts the register keeps of an invoice (record_facts.cpp).
ledger::InvoiceFacts invoice_facts(const job::Invoice& invoice, const job::Creditor& creditor,
                                   std::string_view job_name);

// Settles a record that is not a valid invoice of its own (it could not be read, its data is bad,
// or its number came earlier in the job): failed, and recorded when the command has a ledger.
void settle_unusable(pipeline::RunContext& context, pipeline::WorkItem& item);

} // namespace mailroom::steps
