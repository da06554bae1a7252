#pragma once

#include <engine/util/result.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// Payments of the invoices in the register: an append-only table. A payment is never changed or
// deleted; one taken back (a bank reversal) is a further payment with the negative amount.

namespace mailroom::ledger {

enum class PaymentMethod { Bank, Cash, Card, Ideal, Other };
enum class PaymentSource { Manual, BankStatement };

// "bank", "cash", "card", "ideal", "other"; "manual", "bank_statement": what the file stores.
std::string_view payment_method_name(PaymentMethod method);
std::optional<PaymentMethod> parse_payment_method(std::string_view name);
std::string_view payment_source_name(PaymentSource source);

struct PaymentRecord {
  std::string creditor;
  std::string number;
  std::int64_t amount_cents = 0; // Negative: taken back.
  std::string currency;
  std::string paid_on; // YYYY-MM-DD.
  PaymentMethod method = PaymentMethod::Bank;
  std::string note;
  PaymentSource source = PaymentSource::Manual;
  std::string source_reference; // A bank statement's entry: file, statement and entry reference.
  // Makes the payment one of its own: recording it again with the same key records nothing.
  // Empty: no key.
  std::string key;
};

struct RecordedPayment {
  std::int64_t sequence = 0;
  PaymentRecord record;
  std::string recorded_at; // UTC ISO 8601.
};

enum class PaymentRecording {
  Recorded,
  AlreadyRecorded, // A payment with this key was recorded before; nothing new was.
  // Without a key, the same payment (invoice, amount, date, method) was recorded less than a
  // minute ago: most likely entered twice. Nothing was recorded; RepeatedPayment::Intended says
  // it is meant.
  RecordedMomentsAgo,
};

// Whether a payment identical to one recorded moments ago is meant (`--again`).
enum class RepeatedPayment { AskFirst, Intended };

// Which payments to list.
struct PaymentQuery {
  std::string creditor; // Empty: every creditor.
  std::string number;   // Empty: every invoice.
  std::string paid_from;
  std::string paid_to;
};

} // namespace mailroom::ledger
