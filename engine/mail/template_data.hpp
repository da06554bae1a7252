#pragma once

#include <engine/job/model.hpp>
#include <engine/job/reminder.hpp>

#include <kainjow/mustache.hpp>

// What the email templates see. Kept in one place so the names the templates may use are listed
// once; see templates/emails/README.md for the same list written for template authors.

namespace mailroom::mail {

// `creditor`, `debtor` and `invoice` as Mustache data, with amounts and dates formatted for
// `language`:
//   creditor: id, name, address (list of lines), address_line (one line), vat_number, coc, iban
//   debtor:   id, name, address, address_line, vat_number
//   invoice:  number, date, due_date, currency, subtotal, vat_total, total, reference, note,
//             has_reference, has_note, line_count, is_invoice, is_credit_note, credits, refund,
//             reverse_charge, payment_reference
kainjow::mustache::data make_template_data(const job::Invoice& invoice,
                                           const job::Creditor& creditor, job::Language language);

// What a reminder's templates see: the same `creditor`, `debtor` and `invoice` (an invoice made
// from the register, without lines), and
//   reminder: level, level_count, is_final, date, pay_by, total, credited, has_credited, paid,
//             has_paid, outstanding, fee, has_fee, asked, payment_reference (in groups of four;
//             the invoice number when there is none), creditor_iban (in groups of four)
kainjow::mustache::data make_reminder_template_data(const job::Invoice& invoice,
                                                    const job::Reminder& reminder,
                                                    const job::Creditor& creditor,
                                                    job::Language language);

} // namespace mailroom::mail
