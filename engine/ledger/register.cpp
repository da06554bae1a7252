#include "register.hpp"

namespace mailroom::ledger {

std::string_view register_kind_name(RegisterKind kind) {
  return kind == RegisterKind::CreditNote ? "credit_note" : "invoice";
}

std::string reminder_document(std::string_view number, unsigned level, std::string_view creditor) {
  return std::string(number) + "#reminder-" + std::to_string(level) + "@" + std::string(creditor);
}

std::optional<unsigned> reminder_level(std::string_view document, std::string_view number) {
  const std::string prefix = std::string(number) + "#reminder-";
  if (!document.starts_with(prefix)) {
    return std::nullopt;
  }
  auto level = document.substr(prefix.size());
  level = level.substr(0, level.find('@'));
  if (level.empty() || level.size() > 5 ||
      level.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  return static_cast<unsigned>(std::stoul(std::string(level)));
}

std::string first_difference(const InvoiceFacts& issued, const InvoiceFacts& now) {
  // In the order a person checks a document: what it is, how much, when, to whom.
  const struct {
    const char* name;
    bool differs;
  } facts[] = {
    {"kind", issued.kind != now.kind},
    {"credited invoice", issued.credits != now.credits},
    {"currency", issued.currency != now.currency},
    {"total", issued.total_cents != now.total_cents},
    {"subtotal", issued.subtotal_cents != now.subtotal_cents},
    {"VAT", issued.vat_cents != now.vat_cents},
    {"issue date", issued.issue_date != now.issue_date},
    {"due date", issued.due_date != now.due_date},
    {"debtor", issued.debtor_id != now.debtor_id},
    {"debtor name", issued.debtor_name != now.debtor_name},
    {"debtor VAT number", issued.debtor_vat_number != now.debtor_vat_number},
    {"reverse charge", issued.reverse_charge != now.reverse_charge},
    {"language", issued.language != now.language},
    {"payment reference", issued.payment_reference != now.payment_reference},
    {"IBAN", issued.creditor_iban != now.creditor_iban},
  };
  for (const auto& fact : facts) {
    if (fact.differs) {
      return fact.name;
    }
  }
  return {};
}

} // namespace mailroom::ledger
