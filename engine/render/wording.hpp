#pragma once

#include <engine/job/model.hpp>
#include <engine/job/reminder.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

// The sentences and numbers of an invoice and a payment reminder as a reader of its language
// expects them.

namespace mailroom::render {

// Text with parts that must not be split over two lines, such as an amount or an IBAN.
struct Phrase {
  std::string text;
  std::vector<std::pair<std::size_t, std::size_t>> unbreakable; // Byte ranges [begin, end).

  void append(std::string_view part);
  void append_unbreakable(std::string_view part);
};

// "Factuur" or "Creditnota".
std::string document_kind_word(const job::Invoice& invoice, job::Language language);

// "Factuur 2026-000123", "Creditnota 2026-000140".
std::string document_title(const job::Invoice& invoice, job::Language language);

// "Creditnota voor factuur 2026-000100"; empty for an invoice.
std::string credited_invoice_line(const job::Invoice& invoice, job::Language language);

// "BTW verlegd naar SE556677889901: …", the line the law asks for on a reverse-charge invoice;
// empty otherwise.
std::string reverse_charge_statement(const job::Invoice& invoice, job::Language language);

// How to pay: amount, IBAN, due date and the structured payment reference (RF…) with the invoice
// number. A credit (total below zero) says the amount will be refunded or settled instead.
Phrase payment_instruction(const job::Invoice& invoice, const job::Creditor& creditor,
                           job::Language language);

// "BTW 21% over € 100,00".
std::string vat_group_label(const job::VatGroup& group, std::string_view currency,
                            job::Language language);

// "BTW verlegd over € 100,00": the VAT block of a reverse-charge invoice.
std::string reverse_charge_label(job::Money base, std::string_view currency,
                                 job::Language language);

// A unit price with at least two decimals ("12,50"), keeping more when the input has them
// ("0,125").
std::string unit_price_text(const job::Decimal& price, job::Language language);

// "21%".
std::string vat_rate_text(const job::Decimal& rate, job::Language language);

// "Pagina 1 van 2": the page number, 0-based `index`, under each page.
std::string page_number_text(int index, int page_count, job::Language language);

// "Betalingsherinnering 2", or "Laatste herinnering" for the last level.
std::string reminder_title(const job::Reminder& reminder, job::Language language);

// "Betalingsherinnering 2 voor factuur 2026-000123", on every level.
std::string reminder_heading(const job::Reminder& reminder, const job::Invoice& invoice,
                             job::Language language);

// The opening of a reminder's letter: the invoice below is still open, please pay what the
// reminder asks by its date; more firmly on the last level.
Phrase reminder_opening(const job::Reminder& reminder, const job::Invoice& invoice,
                        job::Language language);

// Where to pay a reminder, one line each: the IBAN and its holder, and the payment reference the
// invoice printed (its number when it printed none).
Phrase reminder_payment_details(const job::Reminder& reminder, const job::Invoice& invoice,
                                const job::Creditor& creditor, job::Language language);

} // namespace mailroom::render
