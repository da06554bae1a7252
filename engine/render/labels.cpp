#include "labels.hpp"

namespace mailroom::render {

namespace {

constexpr Labels k_dutch{
  .invoice = "Factuur",
  .continued = "vervolg",
  .invoice_number = "Factuurnummer",
  .invoice_date = "Factuurdatum",
  .due_date = "Vervaldatum",
  .reference = "Uw referentie",
  .vat_number = "BTW-nummer",
  .coc_number = "KvK-nummer",
  .iban = "IBAN",
  .description = "Omschrijving",
  .quantity = "Aantal",
  .unit = "Eenheid",
  .unit_price = "Prijs",
  .vat = "BTW",
  .amount = "Bedrag",
  .subtotal = "Subtotaal",
  .vat_on = "over",
  .total = "Totaal",
  .page = "Pagina",
  .page_of = "van",
  .subject_for = "voor",
  .credit_note = "Creditnota",
  .credit_note_for = "Creditnota voor factuur",
  .credit_note_number = "Creditnotanummer",
  .credit_note_date = "Datum",
  .vat_reverse_charged = "BTW verlegd",
  .carried_forward = "Transport",
  .brought_forward = "Van vorige pagina",
  .payment_reference = "Betalingskenmerk",
  .scan_to_pay = "Scan en betaal",
};

constexpr Labels k_english{
  .invoice = "Invoice",
  .continued = "continued",
  .invoice_number = "Invoice number",
  .invoice_date = "Invoice date",
  .due_date = "Due date",
  .reference = "Your reference",
  .vat_number = "VAT number",
  .coc_number = "CoC number",
  .iban = "IBAN",
  .description = "Description",
  .quantity = "Quantity",
  .unit = "Unit",
  .unit_price = "Unit price",
  .vat = "VAT",
  .amount = "Amount",
  .subtotal = "Subtotal",
  .vat_on = "on",
  .total = "Total",
  .page = "Page",
  .page_of = "of",
  .subject_for = "for",
  .credit_note = "Credit note",
  .credit_note_for = "Credit note for invoice",
  .credit_note_number = "Credit note number",
  .credit_note_date = "Date",
  .vat_reverse_charged = "VAT reverse charged",
  .carried_forward = "Carried forward",
  .brought_forward = "Brought forward",
  .payment_reference = "Payment reference",
  .scan_to_pay = "Scan to pay",
};

} // namespace

const Labels& labels_for(job::Language language) {
  return language == job::Language::Dutch ? k_dutch : k_english;
}

} // namespace mailroom::render
