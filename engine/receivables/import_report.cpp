#include "import_report.hpp"

#include "standing.hpp"

namespace mailroom::receivables {

namespace {

using Json = nlohmann::ordered_json;

Json transaction_json(const bank::Transaction& transaction, const TransactionResult* result) {
  Json payments = Json::array();
  Json object{{"amount", plain_amount(transaction.amount.cents)},
              {"currency", transaction.currency},
              {"name", transaction.counterparty_name},
              {"iban", transaction.counterparty_iban},
              {"references", transaction.structured_references},
              {"text", transaction.unstructured_remittance}};
  if (result != nullptr) {
    for (const auto& payment : result->payments) {
      payments.push_back(
        {{"number", payment.number}, {"amount", plain_amount(payment.amount_cents)}});
    }
    object["outcome"] = entry_outcome_name(result->outcome);
    object["payments"] = payments;
    object["reason"] = result->reason;
    object["suggestion"] = result->suggestion;
  }
  return object;
}

Json entry_json(const EntryResult& result) {
  const auto& entry = *result.entry;
  Json transactions = Json::array();
  for (std::size_t index = 0; index < entry.transactions.size(); ++index) {
    transactions.push_back(
      transaction_json(entry.transactions[index],
                       index < result.transactions.size() ? &result.transactions[index] : nullptr));
  }
  return {{"position", entry.position},
          {"line", entry.source.line},
          {"key", result.key},
          {"booking_date", entry.booking_date ? entry.booking_date->to_iso() : ""},
          {"amount", plain_amount(entry.amount.cents)},
          {"currency", entry.currency},
          {"direction", entry.direction == bank::Direction::Credit ? "credit" : "debit"},
          {"reversal", entry.reversal == bank::Reversal::Yes},
          {"return", entry.returned == bank::Return::Yes},
          {"outcome", entry_outcome_name(result.outcome)},
          {"transactions", transactions}};
}

} // namespace

Json import_report(const std::vector<FileImport>& imports, const ImportCounts& counts) {
  Json files = Json::array();
  for (const auto& import : imports) {
    Json problems = Json::array();
    for (const auto& problem : import.problems) {
      problems.push_back(problem.to_string());
    }
    Json statements = Json::array();
    for (const auto& statement : import.statements) {
      Json entries = Json::array();
      for (const auto& entry : statement.entries) {
        entries.push_back(entry_json(entry));
      }
      statements.push_back({{"id", statement.statement->id},
                            {"account", statement.statement->account_iban},
                            {"creditor", statement.creditor},
                            {"entries", entries}});
    }
    files.push_back({{"file", import.path.string()},
                     {"status", import.problems.empty() ? "imported" : "refused"},
                     {"problems", problems},
                     {"statements", statements}});
  }
  return {{"summary", counts.summary()},
          {"entries", counts.entries},
          {"matched", counts.matched},
          {"partial", counts.partial},
          {"overpaid", counts.overpaid},
          {"reversed", counts.reversed},
          {"unmatched", counts.unmatched},
          {"already_imported", counts.already_imported},
          {"paid_out", counts.not_payments},
          {"not_booked", counts.not_booked},
          {"files", files}};
}

} // namespace mailroom::receivables
