#pragma once

#include <engine/job/model.hpp>

#include <string>

// The fixed words on an invoice and a payment reminder, in Dutch and English.

namespace mailroom::render {

struct Labels {
  const char* invoice;   // Title and document metadata.
  const char* continued; // After the title on continuation pages.
  const char* invoice_number;
  const char* invoice_date;
  const char* due_date;
  const char* reference;
  const char* vat_number;
  const char* coc_number;
  const char* iban;
  const char* description;
  const char* quantity;
  const char* unit;
  const char* unit_price;
  const char* vat;
  const char* amount;
  const char* subtotal;
  const char* vat_on; // "BTW 21% over € 100,00": between rate and base.
  const char* total;
  const char* page; // "Pagina 1 van 2".
  const char* page_of;
  const char* subject_for;     // "Factuur 2026-000123 voor Debtor": document subject.
  const char* credit_note;     // Title and document metadata of a credit note.
  const char* credit_note_for; // "Creditnota voor factuur 2026-000100".
  const char* credit_note_number;
  const char* credit_note_date;
  const char* vat_reverse_charged; // In the VAT block of a reverse-charge invoice.
  const char* carried_forward;     // The running subtotal at the bottom of a page...
  const char* brought_forward;     // ...and at the top of the next.
  const char* payment_reference;
  const char* scan_to_pay; // Under the QR code.
  // A payment reminder's letter.
  const char* reminder;     // "Betalingsherinnering 2": the title, with the level.
  const char* final_notice; // The title of the last level.
  const char* reminder_for; // "Betalingsherinnering 2 voor factuur 2026-000123".
  const char* date;
  const char* invoice_total;
  const char* credited;
  const char* paid;
  const char* outstanding;
  const char* reminder_fee;
  const char* amount_to_pay;
  const char* pay_by;
  const char* account_holder;
};

const Labels& labels_for(job::Language language);

} // namespace mailroom::render
