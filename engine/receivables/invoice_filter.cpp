#include "invoice_filter.hpp"

#include "search_text.hpp"

#include <algorithm>

namespace mailroom::receivables {

std::string_view delivery_status_name(std::optional<ledger::State> delivery) {
  return delivery ? ledger::state_name(*delivery) : "not_sent";
}

std::optional<PaymentFilter> parse_payment_filter(std::string_view name) {
  if (name == "overdue") {
    return PaymentFilter{};
  }
  if (const auto status = parse_payment_status(name)) {
    return PaymentFilter{status};
  }
  return std::nullopt;
}

namespace {

// Whether a date (or the date part of a timestamp) lies within the inclusive bounds; a missing
// date lies within none.
bool within(std::string_view when, std::string_view from, std::string_view to) {
  if (from.empty() && to.empty()) {
    return true;
  }
  if (when.empty()) {
    return false;
  }
  const auto day = when.substr(0, 10);
  return (from.empty() || day >= from) && (to.empty() || day <= to);
}

bool payment_matches(const PaymentFilter& wanted, const Standing& standing) {
  if (!wanted.status) {
    return standing.overdue == Overdue::Yes;
  }
  return *wanted.status == standing.status;
}

} // namespace

bool matches(const InvoiceFilter& filter, const ledger::RegisterRow& row,
             const Standing& standing) {
  const auto& facts = row.invoice.facts;
  if (!filter.deliveries.empty() &&
      std::find(filter.deliveries.begin(), filter.deliveries.end(),
                delivery_status_name(row.delivery)) == filter.deliveries.end()) {
    return false;
  }
  if (!filter.payments.empty() && std::none_of(filter.payments.begin(), filter.payments.end(),
                                               [&](const PaymentFilter& wanted) {
                                                 return payment_matches(wanted, standing);
                                               })) {
    return false;
  }
  if (filter.reverse_charge == ReverseChargeFilter::Only &&
      facts.reverse_charge != ledger::ReverseCharge::Yes) {
    return false;
  }
  if (!within(row.sent_at, filter.sent_from, filter.sent_to) ||
      !within(row.last_paid_on, filter.paid_from, filter.paid_to)) {
    return false;
  }
  return filter.search.empty() || contains_folded(facts.debtor_name, filter.search) ||
         contains_folded(facts.number, filter.search);
}

Status each_matching_row(ledger::Ledger& ledger, const InvoiceFilter& filter,
                         const MatchingRowVisitor& visit) {
  return ledger.each_register_row(filter.query,
                                  [&](const ledger::RegisterRow& row) -> Result<ledger::Reading> {
                                    const auto standing = standing_of(row, filter.as_of);
                                    if (!matches(filter, row, standing)) {
                                      return ledger::Reading::GoOn;
                                    }
                                    return visit(row, standing);
                                  });
}

void judge_in_the_register(InvoiceFilter& filter) {
  filter.query.deliveries = filter.deliveries;
  filter.query.reverse_charge_only = filter.reverse_charge == ReverseChargeFilter::Only
                                       ? ledger::ReverseCharge::Yes
                                       : ledger::ReverseCharge::No;
}

} // namespace mailroom::receivables
