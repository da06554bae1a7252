#include "ledger_choice.hpp"
#include "load.hpp"

#include <engine/pipeline/archive.hpp>
#include <engine/receivables/invoice_filter.hpp>
#include <engine/receivables/standing.hpp>

#include <cstdio>
#include <string>

// `mailroom invoice show`: everything the register knows of one invoice, for a person: its facts,
// where it stands, each delivery with its history of attempts and the server's replies, its
// payments, the reminders sent, and whether its archived PDF is the one it was sent with.

namespace mailroom::commands {

namespace {

using receivables::plain_amount;

void line(const char* label, const std::string& value) {
  std::printf("  %-18s %s\n", label, value.c_str());
}

// The override's addresses, when set and why.
std::string override_text(const ledger::RecipientOverride& chosen) {
  return chosen.recipients + " (set " + chosen.set_at +
         (chosen.note.empty() ? "" : ": " + chosen.note) + ")";
}

void show_facts(const ledger::RegisterRow& row, const receivables::Standing& standing,
                const time::Date& as_of,
                const std::optional<ledger::RecipientOverride>& override_in_force) {
  const auto& invoice = row.invoice;
  const auto& facts = invoice.facts;
  const bool credit_note = facts.kind == ledger::RegisterKind::CreditNote;
  std::printf("%s %s of %s\n", credit_note ? "Credit note" : "Invoice", facts.number.c_str(),
              facts.creditor.c_str());
  line("issued", invoice.is_issued() ? "first sent " + invoice.issued_at
                                     : "not yet: its facts may still change");
  if (invoice.known == ledger::FactsKnown::Unknown) {
    line("facts", "unknown: sent before the register existed; the next run that reads it "
                  "records them");
  } else {
    if (credit_note) {
      line("credits", facts.credits);
    }
    line("date", facts.issue_date + ", due " + facts.due_date);
    line("debtor", facts.debtor_name + " (" + facts.debtor_id + ")" +
                     (facts.debtor_vat_number.empty() ? "" : ", VAT " + facts.debtor_vat_number));
    line("amounts",
         "subtotal " + plain_amount(facts.subtotal_cents) + ", VAT " +
           plain_amount(facts.vat_cents) + ", total " + plain_amount(facts.total_cents) + " " +
           facts.currency +
           (facts.reverse_charge == ledger::ReverseCharge::Yes ? " (VAT reverse charged)" : ""));
    line("payment reference", facts.payment_reference.empty() ? "none" : facts.payment_reference);
    line("creditor IBAN", facts.creditor_iban);
    line("language", facts.language);
    line("read from", facts.source + " (job " + facts.job + ")");
  }
  line("recipients", facts.recipients);
  // An operator's override is what the next send uses, beside what the invoice data says.
  if (override_in_force) {
    line("override", override_text(*override_in_force) + ": the next send goes there");
  }
  if (!credit_note) {
    std::string standing_text = std::string(receivables::payment_status_name(standing.status));
    if (standing.overdue == receivables::Overdue::Yes) {
      standing_text +=
        ", overdue " + std::to_string(standing.days_overdue) + " days as of " + as_of.to_iso();
    }
    line("credited", plain_amount(standing.credited_cents));
    line("paid", plain_amount(standing.paid_cents));
    line("outstanding", plain_amount(standing.outstanding_cents) + " (" + standing_text + ")");
  }
  line("delivery", std::string(receivables::delivery_status_name(row.delivery)) +
                     (row.sent_at.empty() ? "" : ", last accepted " + row.sent_at));
}

// Whether the archive holds the PDF the invoice was sent with, as far as it could be checked.
enum class ArchiveCheck { Verified, NotChecked, Failed };

ArchiveCheck show_archived_pdf(const ledger::RegisteredInvoice& invoice,
                               const std::optional<job::Job>& job) {
  if (invoice.pdf_sha256.empty()) {
    line("PDF", "none sent yet");
    return ArchiveCheck::NotChecked;
  }
  if (!job) {
    line("PDF", "SHA-256 " + invoice.pdf_sha256 +
                  " (give the job instead of --ledger to check the archive)");
    return ArchiveCheck::NotChecked;
  }
  const pipeline::Archive archive(job->archive);
  auto found = archive.find(invoice.facts.creditor, invoice.facts.number, invoice.pdf_sha256);
  if (!found) {
    line("PDF", "cannot check the archive: " + found.error().to_string());
    return ArchiveCheck::Failed;
  }
  using Content = pipeline::Archive::Found::Content;
  switch (found->content) {
    case Content::Matches:
      line("PDF", found->path.string() + " (SHA-256 verified)");
      return ArchiveCheck::Verified;
    case Content::Differs:
      line("PDF", found->path.string() + " DIFFERS from the PDF sent (SHA-256 " +
                    invoice.pdf_sha256 + ")");
      return ArchiveCheck::Failed;
    case Content::Missing:
      break;
  }
  line("PDF", "MISSING from the archive " + job->archive.string() + " (SHA-256 " +
                invoice.pdf_sha256 + ")");
  return ArchiveCheck::Failed;
}

Status show_deliveries(ledger::Ledger& ledger, const ledger::RegisteredInvoice& invoice) {
  const auto& facts = invoice.facts;
  const auto deliveries = TRY(ledger.deliveries_of(facts.creditor, facts.number));
  std::printf("\nDeliveries\n");
  if (deliveries.empty()) {
    std::printf("  none\n");
  }
  for (const auto& delivery : deliveries) {
    std::printf("  job %s: %s, %d attempt%s, to %s\n", delivery.job.c_str(),
                std::string(ledger::state_name(delivery.state)).c_str(), delivery.attempts,
                delivery.attempts == 1 ? "" : "s", delivery.recipients.c_str());
    for (const auto& event : TRY(ledger.events_of(delivery.job, delivery.number))) {
      std::printf("    %s  %-15s attempt %d  %s\n", event.at.c_str(),
                  std::string(ledger::state_name(event.state)).c_str(), event.attempt,
                  event.detail.c_str());
    }
  }
  return Ok{};
}

// Every recipient override set or cleared, oldest first.
Status show_recipient_overrides(ledger::Ledger& ledger, const ledger::RegisteredInvoice& invoice) {
  const auto history =
    TRY(ledger.recipient_overrides(invoice.facts.creditor, invoice.facts.number));
  if (history.empty()) {
    return Ok{};
  }
  std::printf("\nRecipient overrides\n");
  for (const auto& change : history) {
    std::printf("  %s  %s%s%s\n", change.set_at.c_str(),
                change.is_cleared() ? "cleared: the invoice data's addresses again"
                                    : change.recipients.c_str(),
                change.note.empty() ? "" : "  note: ", change.note.c_str());
  }
  return Ok{};
}

Status show_payments(ledger::Ledger& ledger, const ledger::RegisteredInvoice& invoice) {
  std::printf("\nPayments\n");
  std::size_t count = 0;
  TRY(ledger.each_payment({invoice.facts.creditor, invoice.facts.number, "", ""},
                          [&](const ledger::RecordedPayment& payment) -> Status {
                            const auto& record = payment.record;
                            ++count;
                            std::printf("  %s  %10s %s  %-5s  %s%s%s\n", record.paid_on.c_str(),
                                        plain_amount(record.amount_cents).c_str(),
                                        record.currency.c_str(),
                                        std::string(payment_method_name(record.method)).c_str(),
                                        std::string(payment_source_name(record.source)).c_str(),
                                        record.note.empty() ? "" : ": ", record.note.c_str());
                            return Ok{};
                          }));
  if (count == 0) {
    std::printf("  none\n");
  }
  return Ok{};
}

Status show_reminders(ledger::Ledger& ledger, const ledger::RegisteredInvoice& invoice) {
  std::printf("\nReminders\n");
  const auto sent = TRY(ledger.sent_reminders(invoice.facts.creditor, invoice.facts.number));
  if (sent.empty()) {
    std::printf("  none\n");
  }
  for (const auto& reminder : sent) {
    std::printf("  level %u  sent %s\n", reminder.level, reminder.sent_at.c_str());
  }
  return Ok{};
}

} // namespace

CommandResult invoice_show(const InvoiceShowOptions& options) {
  // Open the register and find the invoice.
  auto chosen = open_chosen_ledger(options.ledger);
  if (!chosen.ledger) {
    return CommandResult::Refused;
  }
  auto& ledger = *chosen.ledger;
  const auto creditor = creditor_of(ledger, options.number, options.creditor);
  if (!creditor) {
    return CommandResult::Incomplete;
  }
  auto row = ledger.register_row(*creditor, options.number);
  if (!row || !*row) {
    print_errors({row ? make_error("the register has no invoice " + options.number +
                                   " of creditor " + *creditor)
                      : row.error()});
    return CommandResult::Incomplete;
  }
  auto override_in_force = ledger.recipient_override(*creditor, options.number);
  if (!override_in_force) {
    print_errors({override_in_force.error()});
    return CommandResult::Incomplete;
  }
  // Its facts and standing, its archived PDF, its recipient overrides, deliveries and payments.
  const auto standing = receivables::standing_of(**row, options.as_of);
  show_facts(**row, standing, options.as_of, *override_in_force);
  const auto archived = show_archived_pdf((*row)->invoice, chosen.job);
  auto shown = show_recipient_overrides(ledger, (*row)->invoice);
  if (shown) {
    shown = show_deliveries(ledger, (*row)->invoice);
  }
  if (shown) {
    shown = show_payments(ledger, (*row)->invoice);
  }
  if (shown) {
    shown = show_reminders(ledger, (*row)->invoice);
  }
  if (!shown) {
    print_errors({shown.error()});
    return CommandResult::Incomplete;
  }
  // A PDF that is not the one sent is a problem a script must see.
  return archived == ArchiveCheck::Failed ? CommandResult::Incomplete : CommandResult::Completed;
}

} // namespace mailroom::commands
