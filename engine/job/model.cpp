#include "model.hpp"

#include <algorithm>

namespace mailroom::job {

std::string_view language_code(Language language) {
  switch (language) {
    case Language::Dutch:
      return "nl";
    case Language::English:
      return "en";
  }
  return "nl";
}

std::optional<Language> parse_language(std::string_view code) {
  if (code == "nl") {
    return Language::Dutch;
  }
  if (code == "en") {
    return Language::English;
  }
  return std::nullopt;
}

const Creditor* Creditors::find(std::string_view id) const {
  const auto found = by_id.find(std::string(id));
  return found == by_id.end() ? nullptr : &found->second;
}

const Mailbox& Creditors::mailbox_of(const Creditor& creditor) const {
  return mailboxes.at(creditor.mailbox);
}

Language effective_language(const Invoice& invoice, const Creditor& creditor) {
  return invoice.language_given ? invoice.language : creditor.language;
}

Totals compute_totals(const std::vector<InvoiceLine>& lines, VatCharge vat_charge) {
  Totals totals;
  for (const auto& line : lines) {
    totals.subtotal += line.total;
    auto group = std::find_if(totals.vat.begin(), totals.vat.end(), [&](const VatGroup& existing) {
      return existing.rate == line.vat_rate;
    });
    if (group == totals.vat.end()) {
      totals.vat.push_back(VatGroup{line.vat_rate, Money{}, Money{}});
      group = totals.vat.end() - 1;
    }
    group->base += line.total;
  }
  std::sort(totals.vat.begin(), totals.vat.end(),
            [](const VatGroup& left, const VatGroup& right) { return left.rate < right.rate; });
  for (auto& group : totals.vat) {
    group.vat = vat_charge == VatCharge::Charged ? percentage_of(group.base, group.rate) : Money{};
    totals.vat_total += group.vat;
  }
  totals.total = totals.subtotal + totals.vat_total;
  return totals;
}

Status compute_amounts(Invoice& invoice) {
  for (auto& line : invoice.lines) {
    auto total = multiply_to_money(line.quantity, line.unit_price);
    if (!total) {
      return total.error();
    }
    line.total = invoice.kind == DocumentKind::CreditNote ? -*total : *total;
  }
  invoice.totals = compute_totals(invoice.lines, invoice.vat_charge);
  return Ok{};
}

} // namespace mailroom::job
