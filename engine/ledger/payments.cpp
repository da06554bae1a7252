#include "payments.hpp"

#include <initializer_list>

namespace mailroom::ledger {

// These names are what the ledger file stores; changing one needs a new schema version.
std::string_view payment_method_name(PaymentMethod method) {
  switch (method) {
    case PaymentMethod::Bank:
      return "bank";
    case PaymentMethod::Cash:
      return "cash";
    case PaymentMethod::Card:
      return "card";
    case PaymentMethod::Ideal:
      return "ideal";
    case PaymentMethod::Other:
      return "other";
  }
  return "other";
}

std::optional<PaymentMethod> parse_payment_method(std::string_view name) {
  for (const auto method : {PaymentMethod::Bank, PaymentMethod::Cash, PaymentMethod::Card,
                            PaymentMethod::Ideal, PaymentMethod::Other}) {
    if (payment_method_name(method) == name) {
      return method;
    }
  }
  return std::nullopt;
}

std::string_view payment_source_name(PaymentSource source) {
  return source == PaymentSource::BankStatement ? "bank_statement" : "manual";
}

} // namespace mailroom::ledger
