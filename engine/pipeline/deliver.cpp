#include "deliver.hpp"

#include <engine/job/addresses.hpp>
#include <engine/mail/message.hpp>
#include <engine/pipeline/archive.hpp>
#include <engine/pipeline/invoice_stream.hpp>
#include <engine/pipeline/stop.hpp>
#include <engine/util/files.hpp>
#include <engine/util/hash.hpp>

#include <algorithm>
#include <chrono>
#include <optional>
#include <random>

namespace mailroom::pipeline {

namespace {

std::string source_text(const Location& source) {
  return source.file + ":" + std::to_string(source.line);
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string joined;
  for (const auto& part : parts) {
    joined += (joined.empty() ? "" : std::string(separator)) + part;
  }
  return joined;
}

void fail(WorkItem& item, std::string error) {
  item.entry.status = InvoiceStatus::Failed;
  item.entry.error = std::move(error);
}

// Records a failure in the ledger without ever overwriting the row of an invoice that was sent:
// that fact must survive bad data in a later run.
void record_failure(RunContext& context, WorkItem& item, const std::string& server_reply = {}) {
  if (!context.ledger) {
    return;
  }
  const auto& job_name = context.job.name;
  std::string key = item.entry.number.empty() ? item.entry.source : item.entry.number;
  if (auto existing = context.ledger->find(job_name, key);
      existing && *existing && (*existing)->state == ledger::State::Sent) {
    key += "@" + item.entry.source;
  }
  if (auto recorded = context.ledger->mark_failed(job_name, key, item.entry.creditor,
                                                  item.entry.error, server_reply);
      !recorded) {
    item.entry.error +=
      " (and the ledger could not record it: " + recorded.error().to_string() + ")";
  }
}

// Renders the invoice on this thread's renderer and notes in the report how long it took.
Result<render::RenderedPdf> render_timed(RunContext& context, WorkItem& item) {
  const auto& invoice = item.parsed.invoice;
  const auto& creditor = *context.creditors.find(invoice.creditor);
  const auto started = std::chrono::steady_clock::now();
  auto pdf = stream_renderer().render(invoice, creditor, context.letterhead_for(creditor));
  item.entry.render_milliseconds =
    std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return pdf;
}

void render_to_folder(RunContext& context, WorkItem& item) {
  const auto& invoice = item.parsed.invoice;
  auto pdf = render_timed(context, item);
  if (!pdf) {
    return fail(item, "rendering: " + pdf.error().to_string());
  }
  const auto path = context.render_folder / (invoice.number + ".pdf");
  if (auto written = files::write_file_atomically(path, pdf->bytes); !written) {
    return fail(item, written.error().to_string());
  }
  item.entry.status = InvoiceStatus::Prepared;
}

// Everything one invoice's send attempts share.
struct SendJob {
  RunContext& context;
  WorkItem& item;
  mail::MessageInput& input;
  mail::BuiltMessage& message;
  const std::string& pdf_sha256;
  int earlier_attempts; // Counted by the ledger in earlier runs.
  std::optional<ledger::State> earlier_state;
};

std::string milliseconds_text(std::chrono::milliseconds duration) {
  return std::to_string(duration.count()) + " ms";
}

// A random number in [0, 1) for the jitter of a backoff; each thread draws from its own engine.
double jitter() {
  thread_local std::minstd_rand engine(std::random_device{}());
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

void note_ledger_problem(ReportEntry& entry, const Status& recorded) {
  if (!recorded) {
    entry.error += " (and the ledger could not record it: " + recorded.error().to_string() + ")";
  }
}

// Sends one invoice, trying again after temporary failures as the mailbox's retry policy allows.
//
// The retry loop lives here in the pipeline rather than inside Transport::send() because every
// attempt is a new message (a new Message-ID) that the ledger must mark as sending, durably,
// before it goes out: the transport knows neither messages nor the ledger. The price is that a
// pipeline thread sleeps through the backoff; the other threads keep sending meanwhile, and the
// number of invoices in flight is bounded anyway. A deferred invoice is recorded as `failed`
// between attempts, so a run killed during the backoff leaves it to be sent by the next run.
void send_with_retries(SendJob& job) {
  auto& context = job.context;
  auto& entry = job.item.entry;
  const auto& invoice = job.item.parsed.invoice;
  const auto& job_name = context.job.name;
  const auto& creditor = *context.creditors.find(invoice.creditor);
  // Gives up before this run put anything on the wire. An invoice whose earlier delivery is
  // unknown keeps its state: recorded as failed, a later run would send it without being asked.
  const auto abandon = [&](unsigned attempt, const std::string& reason,
                           std::string_view next_step = {}) {
    const bool maybe_delivered =
      job.earlier_state == ledger::State::Unknown || job.earlier_state == ledger::State::Sending;
    if (attempt == 1 && maybe_delivered) {
      entry.status = job.earlier_state == ledger::State::Unknown ? InvoiceStatus::Unknown
                                                                 : InvoiceStatus::Interrupted;
      entry.error = "not resent: " + reason + "; its earlier delivery is still unknown";
      return;
    }
    fail(job.item, "not sent: " + reason + std::string(next_step));
    record_failure(context, job.item);
  };

  auto* opened_transport = context.transport_for(creditor);
  if (opened_transport == nullptr) {
    return abandon(1,
                   "its mailbox \"" + creditor.mailbox + "\" was not opened: no invoice of " +
                     creditor.id +
                     " was in the job when the run started (was an invoice file "
                     "changed during the run?)",
                   "; run the job again to send it");
  }
  auto& transport = *opened_transport;
  const auto& policy = transport.retry_policy();
  const auto resend = context.options.resending == Resending::ResendSent ? ledger::Resend::Requested
                                                                         : ledger::Resend::Refused;
  const auto first_try = std::chrono::steady_clock::now();
  std::vector<std::string> refused_recipients;

  for (unsigned attempt = 1;; ++attempt) {
    // Invoices read before a stop request but not yet on the wire stay unsent; recorded as
    // failed, they go out with the next run.
    if (stop_requested()) {
      return abandon(attempt, "the run was stopped before it went out", "; the next run sends it");
    }
    if (auto reason = transport.unreachable()) {
      return abandon(attempt, "the mailbox was given up for the rest of this run after " + *reason);
    }
    if (attempt > 1) {
      // A new attempt is a new message: the Message-ID tells the attempts apart.
      job.input.message_id = mail::make_message_id(job_name, invoice.number,
                                                   job.earlier_attempts + static_cast<int>(attempt),
                                                   job.input.mailbox->from_address);
      job.input.date = time::now();
      auto rebuilt = mail::build_message(job.input);
      if (!rebuilt) {
        fail(job.item, "building the mail: " + rebuilt.error().to_string());
        return record_failure(context, job.item);
      }
      job.message = std::move(*rebuilt);
      entry.message_id = job.message.message_id;
    }
    auto marked = context.ledger->mark_sending(
      ledger::SendingRecord{job_name, invoice.number, invoice.creditor, entry.recipients,
                            entry.message_id, job.pdf_sha256, resend});
    if (!marked) {
      // The mark may be committed though not synced (the sync failed): recorded as failed, the
      // invoice goes out with the next run instead of showing as interrupted.
      return abandon(attempt, "ledger: " + marked.error().to_string());
    }
    transport::Envelope envelope{job.message.envelope_sender, {}};
    for (const auto& recipient : job.message.envelope_recipients) {
      if (std::find(refused_recipients.begin(), refused_recipients.end(), recipient) ==
          refused_recipients.end()) {
        envelope.recipients.push_back(recipient);
      }
    }
    const auto outcome = transport.send(envelope, job.message.bytes);

    if (outcome.delivered()) {
      entry.sent_at = time::to_iso8601(outcome.delivery->accepted_at);
      refused_recipients.insert(refused_recipients.end(),
                                outcome.delivery->refused_recipients.begin(),
                                outcome.delivery->refused_recipients.end());
      if (!refused_recipients.empty()) {
        entry.error += (entry.error.empty() ? "" : "; ") + std::string("refused by the server: ") +
                       join(refused_recipients, "; ");
      }
      if (auto recorded = context.ledger->mark_sent(job_name, invoice.number, entry.sent_at,
                                                    outcome.delivery->server_reply);
          !recorded) {
        // The server has the message: count it as sent, but say the ledger could not record it.
        entry.error += (entry.error.empty() ? "" : "; ") +
                       std::string("sent, but the ledger could not record it: ") +
                       recorded.error().to_string();
      }
      entry.status = InvoiceStatus::Sent;
      return;
    }

    const auto& failure = outcome.failure;
    switch (failure.kind) {
      case transport::FailureKind::Unknown: {
        // Never counted as sent, never sent again by itself: see ledger::State::Unknown.
        entry.status = InvoiceStatus::Unknown;
        entry.error = failure.message;
        note_ledger_problem(entry,
                            context.ledger->mark_unknown(job_name, invoice.number, failure.message,
                                                         failure.server_reply));
        return;
      }
      case transport::FailureKind::Permanent: {
        // One refused recipient of several: the others still get the invoice, as Postfix would
        // deliver to them. Not when only the Bcc copies would be left.
        const auto& refused = failure.refused_recipient;
        if (!refused.empty() && std::find(refused_recipients.begin(), refused_recipients.end(),
                                          refused) == refused_recipients.end()) {
          refused_recipients.push_back(refused);
          const bool debtor_left =
            std::any_of(job.input.to.begin(), job.input.to.end(), [&](const std::string& address) {
              return std::find(refused_recipients.begin(), refused_recipients.end(), address) ==
                     refused_recipients.end();
            });
          if (debtor_left) {
            // Recorded for the history; the next attempt marks it as sending again at once.
            note_ledger_problem(entry,
                                context.ledger->mark_failed(
                                  job_name, invoice.number, invoice.creditor,
                                  "recipient refused, sending to the others: " + failure.message,
                                  failure.server_reply));
            continue;
          }
        }
        fail(job.item, failure.message);
        note_ledger_problem(entry,
                            context.ledger->mark_failed(job_name, invoice.number, invoice.creditor,
                                                        failure.message, failure.server_reply));
        return;
      }
      case transport::FailureKind::Temporary:
        break;
    }

    // Temporary: wait and try again while the budget lasts.
    const auto delay = transport::backoff_delay(policy, attempt, jitter());
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - first_try);
    const bool budget_left = attempt < policy.max_attempts && elapsed + delay <= policy.retry_for;
    if (!budget_left || stop_requested()) {
      std::string why = stop_requested() ? "stopped before trying again"
                                         : "gave up after " + std::to_string(attempt) +
                                             (attempt == 1 ? " attempt" : " attempts");
      if (!stop_requested() && failure.scope == transport::FailureScope::Mailbox) {
        transport.mark_unreachable(why + " on invoice " + invoice.number + ": " + failure.message);
      }
      fail(job.item, why + ": " + failure.message);
      note_ledger_problem(entry,
                          context.ledger->mark_failed(job_name, invoice.number, invoice.creditor,
                                                      entry.error, failure.server_reply));
      return;
    }
    note_ledger_problem(
      entry, context.ledger->mark_failed(job_name, invoice.number, invoice.creditor,
                                         "deferred: attempt " + std::to_string(attempt) + " of " +
                                           std::to_string(policy.max_attempts) +
                                           " failed, trying again in " + milliseconds_text(delay) +
                                           ": " + failure.message,
                                         failure.server_reply));
    if (!sleep_unless_stopped(delay)) {
      fail(job.item, "stopped before trying again: " + failure.message);
      note_ledger_problem(entry,
                          context.ledger->mark_failed(job_name, invoice.number, invoice.creditor,
                                                      entry.error, failure.server_reply));
      return;
    }
  }
}

} // namespace

void record_unusable(RunContext& context, WorkItem& item, Delivery delivery) {
  item.entry.source = source_text(item.record.source);
  item.entry.number = item.parsed.invoice.number;
  item.entry.creditor = item.parsed.invoice.creditor;
  if (item.read_error) {
    item.entry.source = source_text(item.read_error->location);
    fail(item, item.read_error->to_string());
  } else if (item.duplicate) {
    fail(item, item.entry.source + ": invoice number " + item.entry.number +
                 " appears more than once in this job; only the first is sent");
    // The duplicate is recorded under its own key so that the first one's row stays intact.
    item.entry.number += "@" + item.entry.source;
  } else {
    std::string errors;
    for (const auto& problem : item.parsed.problems) {
      errors += (errors.empty() ? "" : "; ") + problem.to_string();
    }
    fail(item, errors);
  }
  if (delivery == Delivery::Send) {
    record_failure(context, item);
  }
}

void deliver(RunContext& context, WorkItem& item, Delivery delivery) {
  const auto& invoice = item.parsed.invoice;
  const auto& creditor = *context.creditors.find(invoice.creditor);
  const auto& job_name = context.job.name;
  ReportEntry& entry = item.entry;
  entry.number = invoice.number;
  entry.creditor = invoice.creditor;
  entry.source = source_text(invoice.source);

  // What the ledger knows decides whether this invoice goes out at all.
  int attempts = 0;
  std::optional<ledger::State> earlier_state;
  if (context.ledger) {
    auto existing = context.ledger->find(job_name, invoice.number);
    if (!existing) {
      fail(item, "ledger: " + existing.error().to_string());
      return;
    }
    if (*existing) {
      const ledger::Entry& known = **existing;
      attempts = known.attempts;
      earlier_state = known.state;
      const bool resend = context.options.resending == Resending::ResendSent;
      const bool resend_unknown = resend || context.options.resending == Resending::ResendUnknown;
      if (known.state == ledger::State::Sent && !resend) {
        entry.status = InvoiceStatus::Skipped;
        entry.recipients = known.recipients;
        entry.sent_at = known.sent_at;
        entry.message_id = known.message_id;
        return;
      }
      if (known.state == ledger::State::Sending && !resend_unknown) {
        entry.status = InvoiceStatus::Interrupted;
        entry.recipients = known.recipients;
        entry.message_id = known.message_id;
        entry.error = "an earlier run stopped while sending this invoice (attempt " +
                      std::to_string(known.attempts) + ", " + known.updated_at +
                      "): it may or may not have been delivered; check the mailbox and use "
                      "--resend-unknown to send it again";
        return;
      }
      if (known.state == ledger::State::Unknown && !resend_unknown) {
        entry.status = InvoiceStatus::Unknown;
        entry.recipients = known.recipients;
        entry.message_id = known.message_id;
        entry.error =
          "an earlier run sent this invoice but the server never confirmed it (attempt " +
          std::to_string(known.attempts) + ", " + known.updated_at + ": " + known.error +
          "): it may or may not have been delivered; check the mailbox and use "
          "--resend-unknown to send it again";
        return;
      }
    }
  }

  if (delivery == Delivery::RenderOnly) {
    return render_to_folder(context, item);
  }

  // Addresses: an invoice without a valid one is reported, not sent.
  const auto addresses = job::split_addresses(invoice.debtor.emails);
  std::vector<std::string> rejected;
  for (const auto& bad : addresses.rejected) {
    rejected.push_back("\"" + bad.address + "\": " + bad.reason);
  }
  entry.recipients = join(addresses.valid, "; ");
  if (addresses.valid.empty()) {
    entry.status = InvoiceStatus::InvalidAddress;
    entry.error = rejected.empty() ? "the debtor has no email address"
                                   : "no valid email address: " + join(rejected, "; ");
    if (context.ledger && delivery == Delivery::Send) {
      if (auto recorded = context.ledger->mark_invalid_address(
            job_name, invoice.number, invoice.creditor, invoice.debtor.emails, entry.error);
          !recorded) {
        entry.error +=
          " (and the ledger could not record it: " + recorded.error().to_string() + ")";
      }
    }
    return;
  }

  // Render the PDF and start keeping it in the archive: the disk writes it while the mail is
  // built.
  auto pdf = render_timed(context, item);
  if (!pdf) {
    fail(item, "rendering: " + pdf.error().to_string());
    return record_failure(context, item);
  }
  const std::string pdf_sha256 = hash::sha256_hex(pdf->bytes);
  Archive archive(context.job.archive);
  std::optional<Archive::PendingPdf> archiving;
  if (delivery == Delivery::Send) {
    auto begun = archive.begin(invoice.creditor, invoice.number, pdf->bytes, pdf_sha256);
    if (!begun) {
      fail(item, "archive: " + begun.error().to_string());
      return record_failure(context, item);
    }
    archiving.emplace(std::move(*begun));
  }

  // Build the mail from the creditor's templates.
  const auto language = job::effective_language(invoice, creditor);
  auto texts = context.templates.at(creditor.id).render(invoice, creditor, language);
  if (!texts) {
    fail(item, "email template: " + texts.error().to_string());
    return record_failure(context, item);
  }
  const auto& mailbox = context.creditors.mailbox_of(creditor);
  mail::MessageInput input;
  input.mailbox = &mailbox;
  input.to = addresses.valid;
  input.to_name = invoice.debtor.name;
  input.texts = std::move(*texts);
  input.attachment_name = invoice.number + ".pdf";
  input.pdf = pdf->bytes;
  input.message_id =
    mail::make_message_id(job_name, invoice.number, attempts + 1, mailbox.from_address);
  input.date = time::now();
  auto message = mail::build_message(input);
  if (!message) {
    fail(item, "building the mail: " + message.error().to_string());
    return record_failure(context, item);
  }
  entry.message_id = message->message_id;
  if (!rejected.empty()) {
    entry.error = "not sent to: " + join(rejected, "; ");
  }
  if (delivery == Delivery::BuildOnly) {
    entry.status = InvoiceStatus::Prepared;
    return;
  }

  // The PDF is on disk in the archive before anything of it goes out.
  if (auto archived = archive.finish(*archiving); !archived) {
    fail(item, "archive: " + archived.error().to_string());
    return record_failure(context, item);
  }

  // Send: durably marked as sending before the first byte goes out, sent only after the 250.
  SendJob job{context, item, input, *message, pdf_sha256, attempts, earlier_state};
  send_with_retries(job);
}

} // namespace mailroom::pipeline
