#pragma once

#include <engine/job/model.hpp>

#include <kainjow/mustache.hpp>

// What the email templates see. Kept in one place so the names the templates may use are listed
// once; see templates/emails/README.md for the same list written for template authors.

namespace mailroom::mail {

// `creditor`, `debtor` and `invoice` as Mustache data, with amounts and dates formatted for
// `language`:
//   creditor: id, name, address (list of lines), address_line (one line), vat_number, coc, iban
//   debtor:   id, name, address, address_line, vat_number
//   invoice:  number, date, due_date, currency, subtotal, vat_total, total, reference, note,
//             has_reference, has_note, line_count
kainjow::mustache::data make_template_data(const job::Invoice& invoice,
                                           const job::Creditor& creditor, job::Language language);

} // namespace mailroom::mail
