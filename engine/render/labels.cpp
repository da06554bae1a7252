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
};

} // namespace

const Labels& labels_for(job::Language language) {
  return language == job::Language::Dutch ? k_dutch : k_english;
}

} // namespace mailroom::render
