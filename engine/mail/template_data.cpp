#include "template_data.hpp"

#include <engine/job/format.hpp>
#include <engine/job/payment.hpp>
#include <engine/job/reminder.hpp>

#include <string>
#include <vector>

namespace mailroom::mail {

namespace {

using kainjow::mustache::data;

data make_address_lines(const std::vector<std::string>& lines) {
  data list{data::type::list};
  for (const auto& line : lines) {
    list.push_back(data{line});
  }
  return list;
}

std::string join_address(const std::vector<std::string>& lines) {
  std::string joined;
  for (const auto& line : lines) {
    if (line.empty()) {
      continue;
    }
    if (!joined.empty()) {
      joined += ", ";
    }
    joined += line;
  }
  return joined;
}

data make_creditor(const job::Creditor& creditor) {
  data object{data::type::object};
  object.set("id", creditor.id);
  object.set("name", creditor.name);
  object.set("address", make_address_lines(creditor.address));
  object.set("address_line", join_address(creditor.address));
  object.set("vat_number", creditor.vat_number);
  object.set("coc", creditor.coc);
  object.set("iban", job::format::iban(creditor.iban));
  return object;
}

data make_debtor(const job::Debtor& debtor) {
  data object{data::type::object};
  object.set("id", debtor.id);
  object.set("name", debtor.name);
  object.set("address", make_address_lines(debtor.address));
  object.set("address_line", join_address(debtor.address));
  object.set("vat_number", debtor.vat_number);
  return object;
}

data make_invoice(const job::Invoice& invoice, job::Language language) {
  const auto money = [&](job::Money amount) {
    return job::format::money(amount, invoice.currency, language);
  };
  data object{data::type::object};
  object.set("number", invoice.number);
  object.set("date", job::format::date(invoice.date, language));
  object.set("due_date", job::format::date(invoice.due_date, language));
  object.set("currency", invoice.currency);
  object.set("subtotal", money(invoice.totals.subtotal));
  object.set("vat_total", money(invoice.totals.vat_total));
  object.set("total", money(invoice.totals.total));
  object.set("reference", invoice.reference);
  object.set("note", invoice.note);
  object.set("has_reference", data{!invoice.reference.empty()});
  object.set("has_note", data{!invoice.note.empty()});
  object.set("line_count", std::to_string(invoice.lines.size()));
  // Credit notes: the mail says what is credited and that the amount will be refunded.
  const bool credit_note = invoice.kind == job::DocumentKind::CreditNote;
  object.set("is_credit_note", data{credit_note});
  object.set("is_invoice", data{!credit_note});
  object.set("credits", invoice.credits);
  object.set("refund", money(-invoice.totals.total));
  object.set("reverse_charge", data{invoice.vat_charge == job::VatCharge::ReverseCharged});
  const auto reference = job::creditor_reference(invoice.number);
  object.set("payment_reference", reference ? job::printed_reference(*reference) : invoice.number);
  return object;
}

// What a reminder adds to the invoice: its level, the amounts still open and how to pay them,
// written as the invoice writes its own.
data make_reminder(const job::Invoice& invoice, const job::Reminder& reminder,
                   const job::Creditor& creditor, job::Language language) {
  const auto money = [&](job::Money amount) {
    return job::format::money(amount, invoice.currency, language);
  };
  const job::Money zero{};
  data object{data::type::object};
  object.set("level", std::to_string(reminder.level));
  object.set("level_count", std::to_string(reminder.level_count));
  object.set("is_final", data{reminder.is_final()});
  object.set("date", job::format::date(reminder.date, language));
  object.set("pay_by", job::format::date(reminder.pay_by, language));
  object.set("total", money(reminder.total));
  object.set("credited", money(reminder.credited));
  object.set("has_credited", data{reminder.credited != zero});
  object.set("paid", money(reminder.paid));
  object.set("has_paid", data{reminder.paid != zero});
  object.set("outstanding", money(reminder.outstanding));
  object.set("fee", money(reminder.fee));
  object.set("has_fee", data{reminder.fee != zero});
  object.set("asked", money(reminder.asked));
  // Without a structured reference the invoice asked for its number, and so does the reminder.
  object.set("payment_reference", reminder.payment_reference.empty()
                                    ? invoice.number
                                    : job::printed_reference(reminder.payment_reference));
  // The IBAN the invoice printed; a reminder made without one falls back to the creditor's.
  object.set("creditor_iban", job::format::iban(reminder.creditor_iban.empty()
                                                  ? std::string_view(creditor.iban)
                                                  : std::string_view(reminder.creditor_iban)));
  return object;
}

} // namespace

data make_template_data(const job::Invoice& invoice, const job::Creditor& creditor,
                        job::Language language) {
  data root{data::type::object};
  root.set("creditor", make_creditor(creditor));
  root.set("debtor", make_debtor(invoice.debtor));
  root.set("invoice", make_invoice(invoice, language));
  return root;
}

data make_reminder_template_data(const job::Invoice& invoice, const job::Reminder& reminder,
                                 const job::Creditor& creditor, job::Language language) {
  data root = make_template_data(invoice, creditor, language);
  root.set("reminder", make_reminder(invoice, reminder, creditor, language));
  return root;
}

} // namespace mailroom::mail
