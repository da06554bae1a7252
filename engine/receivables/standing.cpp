#include "standing.hpp"

#include <engine/job/money.hpp>

#include <cstdint>
#include <initializer_list>
#include <string>

namespace mailroom::receivables {

std::string_view payment_status_name(PaymentStatus status) {
  switch (status) {
    case PaymentStatus::Unpaid:
      return "unpaid";
    case PaymentStatus::PartiallyPaid:
      return "partially_paid";
    case PaymentStatus::Paid:
      return "paid";
    case PaymentStatus::Overpaid:
      return "overpaid";
    case PaymentStatus::Credited:
      return "credited";
    case PaymentStatus::NotApplicable:
      return "not_applicable";
    case PaymentStatus::Unknown:
      return "unknown";
  }
  return "unknown";
}

std::optional<PaymentStatus> parse_payment_status(std::string_view name) {
  for (const auto status : {PaymentStatus::Unpaid, PaymentStatus::PartiallyPaid,
                            PaymentStatus::Paid, PaymentStatus::Overpaid, PaymentStatus::Credited,
                            PaymentStatus::NotApplicable, PaymentStatus::Unknown}) {
    if (payment_status_name(status) == name) {
      return status;
    }
  }
  return std::nullopt;
}

namespace {

PaymentStatus status_of(const Standing& standing) {
  const auto asked = standing.total_cents - standing.credited_cents;
  if (standing.outstanding_cents < 0) {
    return PaymentStatus::Overpaid;
  }
  if (standing.outstanding_cents == 0) {
    return standing.paid_cents == 0 && asked <= 0 ? PaymentStatus::Credited : PaymentStatus::Paid;
  }
  return standing.paid_cents > 0 ? PaymentStatus::PartiallyPaid : PaymentStatus::Unpaid;
}

} // namespace

Standing standing_of(const ledger::RegisterRow& row, const time::Date& as_of) {
  const auto& invoice = row.invoice;
  Standing standing;
  standing.total_cents = invoice.facts.total_cents;
  standing.credited_cents = row.credited_cents;
  standing.paid_cents = row.paid_cents;
  standing.outstanding_cents = standing.total_cents - standing.credited_cents - row.paid_cents;
  if (invoice.known == ledger::FactsKnown::Unknown) {
    standing.status = PaymentStatus::Unknown;
    return standing;
  }
  if (invoice.facts.kind == ledger::RegisterKind::CreditNote) {
    standing.outstanding_cents = 0;
    standing.status = PaymentStatus::NotApplicable;
    return standing;
  }
  standing.status = status_of(standing);
  const auto due = time::parse_date(invoice.facts.due_date);
  const bool open =
    standing.status == PaymentStatus::Unpaid || standing.status == PaymentStatus::PartiallyPaid;
  if (open && invoice.is_issued() && due && as_of > *due) {
    standing.overdue = Overdue::Yes;
    standing.days_overdue = as_of.days_since(*due);
  }
  return standing;
}

std::string plain_amount(std::int64_t cents) {
  // Negated as unsigned, so even the most negative amount has a magnitude.
  const auto magnitude = cents < 0 ? 0ULL - static_cast<unsigned long long>(cents)
                                   : static_cast<unsigned long long>(cents);
  auto fraction = std::to_string(magnitude % 100);
  if (fraction.size() < 2) {
    fraction.insert(0, 1, '0');
  }
  return (cents < 0 ? "-" : "") + std::to_string(magnitude / 100) + "." + fraction;
}

Result<std::int64_t> parse_positive_amount(std::string_view text) {
  const auto refused = [&] {
    return make_error("expected a positive amount with a dot and at most two decimals, like "
                      "12.34, found \"" +
                      std::string(text) + "\"");
  };
  const auto decimal = job::parse_decimal(text);
  if (!decimal || decimal->scale > 2 || decimal->units <= 0 || text.front() == '+') {
    return refused();
  }
  auto cents = decimal->units;
  for (int scale = decimal->scale; scale < 2; ++scale) {
    if (cents > INT64_MAX / 10) {
      return refused();
    }
    cents *= 10;
  }
  return cents;
}

} // namespace mailroom::receivables
