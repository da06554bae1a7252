#include <engine/job/format.hpp>
#include <engine/job/iban.hpp>
#include <engine/job/payment.hpp>
#include <engine/steps/journey.hpp>
#include <engine/util/text.hpp>

// The invoice goes into the register with its facts: amounts, dates, debtor, payment reference.
// An invoice already issued is what it was issued with: the same number with other facts is
// refused, since an issued invoice never changes (a credit note and a new invoice correct it).
// check_facts says the same in a dry run and in `validate`, reading the register without writing.

namespace mailroom::steps {

namespace {

// How the refusal names a fact's value, in the invoice's language where it is an amount.
std::string value_of(const ledger::InvoiceFacts& facts, std::string_view field,
                     job::Language language) {
  const auto money = [&](std::int64_t cents) {
    return job::format::money(job::Money{cents}, facts.currency, language);
  };
  if (field == "total") {
    return money(facts.total_cents);
  }
  if (field == "subtotal") {
    return money(facts.subtotal_cents);
  }
  if (field == "VAT") {
    return money(facts.vat_cents);
  }
  if (field == "kind") {
    return std::string(ledger::register_kind_name(facts.kind));
  }
  if (field == "credited invoice") {
    return facts.credits.empty() ? "none" : facts.credits;
  }
  if (field == "currency") {
    return facts.currency;
  }
  if (field == "issue date") {
    return facts.issue_date;
  }
  if (field == "due date") {
    return facts.due_date;
  }
  if (field == "debtor") {
    return facts.debtor_id + " (" + facts.debtor_name + ")";
  }
  if (field == "debtor name") {
    return "\"" + facts.debtor_name + "\"";
  }
  if (field == "debtor VAT number") {
    return facts.debtor_vat_number.empty() ? "none" : facts.debtor_vat_number;
  }
  if (field == "reverse charge") {
    return facts.reverse_charge == ledger::ReverseCharge::Yes ? "yes" : "no";
  }
  if (field == "language") {
    return facts.language;
  }
  if (field == "payment reference") {
    return facts.payment_reference.empty() ? "none" : facts.payment_reference;
  }
  return facts.creditor_iban;
}

std::string changed_reissue(const ledger::InvoiceFacts& issued, const std::string& field,
                            const ledger::InvoiceFacts& now, job::Language language) {
  return now.number + " was issued on " + issued.issue_date + " with " + field + " " +
         value_of(issued, field, language) + "; this job has " + value_of(now, field, language) +
         ": an issued invoice never changes, so issue a credit note and a new invoice";
}

} // namespace

ledger::InvoiceFacts invoice_facts(const job::Invoice& invoice, const job::Creditor& creditor,
                                   std::string_view job_name) {
  ledger::InvoiceFacts facts;
  facts.creditor = invoice.creditor;
  facts.number = invoice.number;
  facts.kind = invoice.kind == job::DocumentKind::CreditNote ? ledger::RegisterKind::CreditNote
                                                             : ledger::RegisterKind::Invoice;
  facts.credits = invoice.credits;
  facts.issue_date = invoice.date.to_iso();
  facts.due_date = invoice.due_date.to_iso();
  facts.currency = invoice.currency;
  facts.subtotal_cents = invoice.totals.subtotal.cents;
  facts.vat_cents = invoice.totals.vat_total.cents;
  facts.total_cents = invoice.totals.total.cents;
  facts.debtor_id = invoice.debtor.id;
  facts.debtor_name = invoice.debtor.name;
  facts.debtor_vat_number = invoice.debtor.vat_number;
  facts.debtor_address = text::join(invoice.debtor.address, "\n");
  facts.recipients = invoice.debtor.emails;
  facts.language = job::language_code(job::effective_language(invoice, creditor));
  facts.reverse_charge = invoice.vat_charge == job::VatCharge::ReverseCharged
                           ? ledger::ReverseCharge::Yes
                           : ledger::ReverseCharge::No;
  // As the PDF prints it (render/wording.cpp): a credit note asks for no payment.
  if (invoice.kind == job::DocumentKind::Invoice) {
    facts.payment_reference = job::creditor_reference(invoice.number).value_or("");
  }
  facts.creditor_iban = job::compact_iban(creditor.iban);
  facts.job = job_name;
  facts.source = invoice.source.file + ":" + std::to_string(invoice.source.line);
  return facts;
}

Next record_facts(Journey& journey) {
  const auto facts = invoice_facts(journey.invoice, journey.creditor, journey.context.job.name);
  auto recorded = journey.book.record_facts(facts);
  if (!recorded) {
    return journey.fail("ledger: " + recorded.error().to_string());
  }
  if (recorded->registration != ledger::Registration::Conflict) {
    return Next::GoOn;
  }
  const auto language = job::effective_language(journey.invoice, journey.creditor);
  return journey.fail_and_record(
    changed_reissue(recorded->issued->facts, recorded->differing_field, facts, language));
}

Next check_facts(Journey& journey) {
  const auto& invoice = journey.invoice;
  auto known = journey.book.find_invoice(invoice.creditor, invoice.number);
  if (!known) {
    return journey.fail("ledger: " + known.error().to_string());
  }
  if (!*known || !(*known)->is_issued() || (*known)->known == ledger::FactsKnown::Unknown) {
    return Next::GoOn;
  }
  const auto facts = invoice_facts(invoice, journey.creditor, journey.context.job.name);
  const auto field = ledger::first_difference((*known)->facts, facts);
  if (field.empty()) {
    return Next::GoOn;
  }
  const auto language = job::effective_language(invoice, journey.creditor);
  return journey.fail(changed_reissue((*known)->facts, field, facts, language));
}

} // namespace mailroom::steps
