#include "wording.hpp"

#include "labels.hpp"

#include <engine/job/format.hpp>
#include <engine/job/payment.hpp>

#include <cstdint>

namespace mailroom::render {

void Phrase::append(std::string_view part) {
  text += part;
}

void Phrase::append_unbreakable(std::string_view part) {
  const std::size_t begin = text.size();
  text += part;
  unbreakable.emplace_back(begin, text.size());
}

std::string document_kind_word(const job::Invoice& invoice, job::Language language) {
  const Labels& labels = labels_for(language);
  return invoice.kind == job::DocumentKind::CreditNote ? labels.credit_note : labels.invoice;
}

std::string document_title(const job::Invoice& invoice, job::Language language) {
  return document_kind_word(invoice, language) + " " + invoice.number;
}

std::string credited_invoice_line(const job::Invoice& invoice, job::Language language) {
  if (invoice.kind != job::DocumentKind::CreditNote) {
    return {};
  }
  return std::string(labels_for(language).credit_note_for) + " " + invoice.credits;
}

std::string reverse_charge_statement(const job::Invoice& invoice, job::Language language) {
  if (invoice.vat_charge != job::VatCharge::ReverseCharged) {
    return {};
  }
  // What the law asks for (art. 226 of the VAT directive, art. 35a Wet OB): the words "reverse
  // charge" and the customer's VAT number; the second half says what it means for the reader.
  return language == job::Language::Dutch
           ? "BTW verlegd naar " + invoice.debtor.vat_number + ": de afnemer voldoet de btw."
           : "VAT reverse charged to " + invoice.debtor.vat_number +
               ": the customer accounts for the VAT.";
}

Phrase payment_instruction(const job::Invoice& invoice, const job::Creditor& creditor,
                           job::Language language) {
  namespace format = job::format;
  const job::Money total = invoice.totals.total;
  const bool dutch = language == job::Language::Dutch;
  const bool credit_note = invoice.kind == job::DocumentKind::CreditNote;
  Phrase phrase;
  if (total.cents < 0) {
    phrase.append(dutch ? "Het bedrag van " : "The amount of ");
    phrase.append_unbreakable(format::money(-total, invoice.currency, language));
    phrase.append(dutch ? " wordt aan u terugbetaald of verrekend met openstaande facturen, onder "
                          "vermelding van "
                        : " will be refunded to you or settled against open invoices, quoting ");
    phrase.append(credit_note ? (dutch ? "creditnota " : "credit note ")
                              : (dutch ? "factuurnummer " : "invoice number "));
    phrase.append_unbreakable(invoice.number);
    phrase.append(".");
    return phrase;
  }
  if (total.cents == 0) {
    phrase.append(credit_note ? (dutch ? "Deze creditnota verrekent niets."
                                       : "Nothing is settled by this credit note.")
                              : (dutch ? "U hoeft voor deze factuur niets te betalen."
                                       : "Nothing is due for this invoice."));
    return phrase;
  }
  phrase.append(dutch ? "Wij verzoeken u het totaalbedrag van " : "Please pay the total of ");
  phrase.append_unbreakable(format::money(total, invoice.currency, language));
  phrase.append(dutch ? " uiterlijk " : " by ");
  phrase.append_unbreakable(format::date(invoice.due_date, language));
  phrase.append(dutch ? " over te maken op IBAN " : " to IBAN ");
  phrase.append_unbreakable(format::iban(creditor.iban));
  phrase.append(dutch ? " ten name van " : " in the name of ");
  phrase.append(creditor.name);
  // A structured reference lets the bank match the payment without a person reading it; the
  // invoice number stays beside it for the people who do.
  if (const auto reference = job::creditor_reference(invoice.number)) {
    phrase.append(dutch ? ", onder vermelding van betalingskenmerk "
                        : ", quoting payment reference ");
    phrase.append_unbreakable(job::printed_reference(*reference));
    phrase.append(dutch ? " (factuurnummer " : " (invoice number ");
    phrase.append_unbreakable(invoice.number);
    phrase.append(").");
    return phrase;
  }
  phrase.append(dutch ? ", onder vermelding van factuurnummer " : ", quoting invoice number ");
  phrase.append_unbreakable(invoice.number);
  phrase.append(dutch ? "." : " as the reference.");
  return phrase;
}

std::string vat_group_label(const job::VatGroup& group, std::string_view currency,
                            job::Language language) {
  const Labels& labels = labels_for(language);
  return std::string(labels.vat) + " " + vat_rate_text(group.rate, language) + " " + labels.vat_on +
         " " + job::format::money(group.base, currency, language);
}

std::string unit_price_text(const job::Decimal& price, job::Language language) {
  // Whole cents read best as an amount ("1.250,00"); finer prices keep their digits.
  std::int64_t units = price.units;
  int scale = price.scale;
  while (scale > 2 && units % 10 == 0) {
    units /= 10;
    --scale;
  }
  constexpr std::int64_t k_largest_scalable = INT64_MAX / 100;
  if (scale > 2 || units > k_largest_scalable || units < -k_largest_scalable) {
    return job::format::decimal(price, language);
  }
  for (; scale < 2; ++scale) {
    units *= 10;
  }
  return job::format::amount(job::Money{units}, language);
}

std::string vat_rate_text(const job::Decimal& rate, job::Language language) {
  return job::format::decimal(rate, language) + "%";
}

std::string reverse_charge_label(job::Money base, std::string_view currency,
                                 job::Language language) {
  const Labels& labels = labels_for(language);
  return std::string(labels.vat_reverse_charged) + " " + labels.vat_on + " " +
         job::format::money(base, currency, language);
}

std::string page_number_text(int index, int page_count, job::Language language) {
  const Labels& labels = labels_for(language);
  return std::string(labels.page) + " " + std::to_string(index + 1) + " " + labels.page_of + " " +
         std::to_string(page_count);
}

std::string reminder_title(const job::Reminder& reminder, job::Language language) {
  const Labels& labels = labels_for(language);
  if (reminder.is_final()) {
    return labels.final_notice;
  }
  return std::string(labels.reminder) + " " + std::to_string(reminder.level);
}

std::string reminder_heading(const job::Reminder& reminder, const job::Invoice& invoice,
                             job::Language language) {
  const Labels& labels = labels_for(language);
  return std::string(labels.reminder) + " " + std::to_string(reminder.level) + " " +
         labels.reminder_for + " " + invoice.number;
}

Phrase reminder_opening(const job::Reminder& reminder, const job::Invoice& invoice,
                        job::Language language) {
  namespace format = job::format;
  const bool dutch = language == job::Language::Dutch;
  const bool final = reminder.is_final();
  Phrase phrase;
  if (final) {
    phrase.append(dutch ? "Wij hebben de betaling van onderstaande factuur nog altijd niet "
                          "ontvangen. Wij verzoeken u dringend het bedrag van "
                        : "We have still not received payment of the invoice below. We urge you "
                          "to pay ");
  } else {
    phrase.append(dutch ? "Volgens onze administratie staat onderstaande factuur nog open. Wij "
                          "verzoeken u vriendelijk het bedrag van "
                        : "According to our records, the invoice below is still open. We kindly "
                          "ask you to pay ");
  }
  phrase.append_unbreakable(format::money(reminder.asked, invoice.currency, language));
  phrase.append(dutch ? " uiterlijk " : " by ");
  phrase.append_unbreakable(format::date(reminder.pay_by, language));
  phrase.append(dutch ? " over te maken. Heeft u inmiddels betaald, dan kunt u deze brief als "
                        "niet verzonden beschouwen."
                      : ". If you have paid in the meantime, please disregard this letter.");
  return phrase;
}

Phrase reminder_payment_details(const job::Reminder& reminder, const job::Invoice& invoice,
                                const job::Creditor& creditor, job::Language language) {
  const Labels& labels = labels_for(language);
  Phrase phrase;
  phrase.append(std::string(labels.iban) + " ");
  phrase.append_unbreakable(job::format::iban(job::reminder_iban(reminder, creditor)));
  phrase.append("\n" + std::string(labels.account_holder) + " " + creditor.name + "\n");
  phrase.append(std::string(labels.payment_reference) + " ");
  phrase.append_unbreakable(reminder.payment_reference.empty()
                              ? invoice.number
                              : job::printed_reference(reminder.payment_reference));
  return phrase;
}

} // namespace mailroom::render
