#pragma once

#include <engine/ledger/register.hpp>
#include <engine/util/result.hpp>
#include <engine/util/time.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

// Where an invoice of the register stands: what is still owed on it, and whether that is late.
// Outstanding = total − the issued credit notes that credit it − its payments.

namespace mailroom::receivables {

enum class PaymentStatus {
  Unpaid,
  PartiallyPaid,
  Paid,
  Overpaid,
  Credited,      // Credit notes took it back whole; nothing was paid.
  NotApplicable, // A credit note: it asks for no payment.
  Unknown,       // Sent before the register existed; its amounts are not known yet.
};

// "unpaid", "partially_paid", "paid", "overpaid", "credited", "not_applicable", "unknown".
std::string_view payment_status_name(PaymentStatus status);
std::optional<PaymentStatus> parse_payment_status(std::string_view name);

enum class Overdue { No, Yes };

struct Standing {
  std::int64_t total_cents = 0;
  std::int64_t credited_cents = 0;
  std::int64_t paid_cents = 0;
  std::int64_t outstanding_cents = 0;
  PaymentStatus status = PaymentStatus::Unpaid;
  // Unpaid or partially paid after its due date, as of the day asked. An invoice never sent is
  // never overdue: its debtor has not had it.
  Overdue overdue = Overdue::No;
  long days_overdue = 0;
};

Standing standing_of(const ledger::RegisterRow& row, const time::Date& as_of);

// Cents as a plain decimal with a dot, as machines read it: 146790 → "1467.90", -5 → "-0.05".
std::string plain_amount(std::int64_t cents);

// A positive amount as a person types it for a payment, "12.34", "12.3" or "12", into cents; a
// clear error for anything else (a comma, a sign, a third decimal, no digits).
Result<std::int64_t> parse_positive_amount(std::string_view text);

} // namespace mailroom::receivables
