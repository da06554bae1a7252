#include "deliver.hpp"

#include <engine/job/addresses.hpp>
#include <engine/mail/message.hpp>
#include <engine/pipeline/archive.hpp>
#include <engine/util/files.hpp>
#include <engine/util/hash.hpp>

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

render::Renderer& thread_renderer() {
  // TBB's worker threads live for the whole run: each keeps one renderer with its fonts and
  // letterheads loaded once.
  thread_local render::Renderer renderer;
  return renderer;
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
  if (auto existing = context.ledger->find(job_name, key); existing && *existing &&
                                                          (*existing)->state == ledger::State::Sent) {
    key += "@" + item.entry.source;
  }
  if (auto recorded = context.ledger->mark_failed(job_name, key, item.entry.creditor,
                                                  item.entry.error, server_reply);
      !recorded) {
    item.entry.error += " (and the ledger could not record it: " + recorded.error().to_string() + ")";
  }
}

void render_to_folder(RunContext& context, WorkItem& item) {
  const auto& invoice = item.parsed.invoice;
  const auto& creditor = *context.creditors.find(invoice.creditor);
  auto pdf = thread_renderer().render(invoice, creditor, context.letterhead_for(creditor));
  if (!pdf) {
    return fail(item, "rendering: " + pdf.error().to_string());
  }
  const auto path = context.render_folder / (invoice.number + ".pdf");
  if (auto written = files::write_file_atomically(path, pdf->bytes); !written) {
    return fail(item, written.error().to_string());
  }
  item.entry.status = InvoiceStatus::Prepared;
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
  if (context.ledger) {
    auto existing = context.ledger->find(job_name, invoice.number);
    if (!existing) {
      fail(item, "ledger: " + existing.error().to_string());
      return;
    }
    if (*existing) {
      const ledger::Entry& known = **existing;
      attempts = known.attempts;
      const bool resend = context.options.resending == Resending::ResendSent;
      if (known.state == ledger::State::Sent && !resend) {
        entry.status = InvoiceStatus::Skipped;
        entry.recipients = known.recipients;
        entry.sent_at = known.sent_at;
        entry.message_id = known.message_id;
        return;
      }
      if (known.state == ledger::State::Sending && !resend) {
        entry.status = InvoiceStatus::Interrupted;
        entry.recipients = known.recipients;
        entry.message_id = known.message_id;
        entry.error = "an earlier run stopped while sending this invoice (attempt " +
                      std::to_string(known.attempts) + ", " + known.updated_at +
                      "): it may or may not have been delivered; check the mailbox and use "
                      "--resend to send it again";
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
      if (auto recorded = context.ledger->mark_invalid_address(job_name, invoice.number,
                                                               invoice.creditor,
                                                               invoice.debtor.emails, entry.error);
          !recorded) {
        entry.error += " (and the ledger could not record it: " + recorded.error().to_string() + ")";
      }
    }
    return;
  }

  // Render the PDF and keep it in the archive.
  auto pdf = thread_renderer().render(invoice, creditor, context.letterhead_for(creditor));
  if (!pdf) {
    fail(item, "rendering: " + pdf.error().to_string());
    return record_failure(context, item);
  }
  const std::string pdf_sha256 = hash::sha256_hex(pdf->bytes);
  if (delivery == Delivery::Send) {
    auto archived = Archive(context.job.archive).keep(invoice.creditor, invoice.number,
                                                      pdf->bytes, pdf_sha256);
    if (!archived) {
      fail(item, "archive: " + archived.error().to_string());
      return record_failure(context, item);
    }
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
  input.message_id = mail::make_message_id(job_name, invoice.number, attempts + 1,
                                           mailbox.from_address);
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

  // Send: durably marked as sending before the first byte goes out, sent only after the 250.
  const auto resend = context.options.resending == Resending::ResendSent ? ledger::Resend::Requested
                                                                          : ledger::Resend::Refused;
  auto marked = context.ledger->mark_sending(ledger::SendingRecord{job_name, invoice.number,
                                                                   invoice.creditor, entry.recipients,
                                                                   entry.message_id, pdf_sha256, resend});
  if (!marked) {
    fail(item, "ledger: " + marked.error().to_string() + " (not sent)");
    return;
  }
  const auto outcome = context.transport_for(creditor).send(
    transport::Envelope{message->envelope_sender, message->envelope_recipients}, message->bytes);
  if (!outcome.delivered()) {
    fail(item, outcome.failure.message);
    // FIXME: Unknown outcomes (a drop after the final dot) need their own ledger state; issue 5.
    if (auto recorded = context.ledger->mark_failed(job_name, invoice.number, invoice.creditor,
                                                    outcome.failure.message);
        !recorded) {
      entry.error += " (and the ledger could not record it: " + recorded.error().to_string() + ")";
    }
    return;
  }
  entry.sent_at = time::to_iso8601(outcome.delivery->accepted_at);
  if (!outcome.delivery->refused_recipients.empty()) {
    entry.error += (entry.error.empty() ? "" : "; ") + std::string("refused by the server: ") +
                   join(outcome.delivery->refused_recipients, "; ");
  }
  if (auto recorded = context.ledger->mark_sent(job_name, invoice.number, entry.sent_at,
                                                outcome.delivery->server_reply);
      !recorded) {
    // The server has the message: count it as sent, but say the ledger could not record it.
    entry.error += (entry.error.empty() ? "" : "; ") + std::string("sent, but the ledger could not record it: ") +
                   recorded.error().to_string();
  }
  entry.status = InvoiceStatus::Sent;
}

} // namespace mailroom::pipeline
