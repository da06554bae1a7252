#pragma once

#include <engine/job/money.hpp>
#include <engine/util/time.hpp>

#include <string>

// A payment reminder of one invoice: what its letter and its mail say beyond the invoice itself.
// `mailroom remind` makes it from the register (the invoice's facts as issued, its payments and
// credit notes) and the creditor's reminder levels. The invoice it reminds of travels with it as a
// job::Invoice made from the register's facts: number, dates, currency, language, totals, debtor
// (id, name, address, VAT number, the addresses it was sent to); it has no lines.

namespace mailroom::job {

struct Reminder {
  unsigned level = 0;       // 1-based: the first reminder is level 1.
  unsigned level_count = 0; // The creditor's levels: the last one is the final notice.
  time::Date date;          // The day of the reminder (`--as-of`, default today).
  time::Date pay_by;        // The new date by which to pay: `date` + the level's pay_within_days.
  Money total;              // The invoice's total, as issued.
  Money credited;           // Credit notes issued against it, as a positive amount.
  Money paid;               // Payments so far, less those taken back.
  Money outstanding;        // total − credited − paid; always positive in a reminder.
  Money fee;                // The level's fee; zero: none. Never added to the invoice.
  Money asked;              // outstanding + fee: what the reminder asks to be paid.
  std::string payment_reference;  // ISO 11649 as the invoice printed it, without spaces; may be
                                  // empty (then the invoice number is the reference).
  std::string creditor_iban;      // As the invoice printed it, without spaces.
  std::string invoice_pdf_sha256; // Of the invoice PDF sent: the archived copy must match it.

  bool is_final() const { return level_count > 0 && level == level_count; }
};

} // namespace mailroom::job
