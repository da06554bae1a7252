#include "ledger_choice.hpp"
#include "load.hpp"

#include <engine/receivables/list_writer.hpp>
#include <engine/receivables/standing.hpp>

#include <iostream>

// `mailroom payment list`: the payments of the register, by the date they were paid.

namespace mailroom::commands {

namespace {

std::vector<receivables::Column> payment_columns() {
  using enum receivables::ColumnKind;
  using enum receivables::ColumnUse;
  return {
    {"creditor", Text, Everywhere},
    {"number", Text, Everywhere},
    {"paid_on", Text, Everywhere},
    {"amount", Amount, Everywhere},
    {"currency", Text, Everywhere},
    {"method", Text, Everywhere},
    {"source", Text, Everywhere},
    {"note", Text, Everywhere},
    {"source_reference", Text, MachinesOnly},
    {"key", Text, MachinesOnly},
    {"recorded_at", Text, MachinesOnly},
    {"sequence", Integer, MachinesOnly},
  };
}

std::vector<std::string> payment_values(const ledger::RecordedPayment& payment) {
  const auto& record = payment.record;
  return {record.creditor,
          record.number,
          record.paid_on,
          receivables::plain_amount(record.amount_cents),
          record.currency,
          std::string(ledger::payment_method_name(record.method)),
          std::string(ledger::payment_source_name(record.source)),
          record.note,
          record.source_reference,
          record.key,
          payment.recorded_at,
          std::to_string(payment.sequence)};
}

} // namespace

CommandResult payment_list(const PaymentListOptions& options) {
  auto chosen = open_chosen_ledger(options.ledger);
  if (!chosen.ledger) {
    return CommandResult::Refused;
  }
  const auto writer = receivables::make_list_writer(options.format, std::cout, payment_columns());
  std::size_t count = 0;
  auto listed = chosen.ledger->each_payment(options.query,
                                            [&](const ledger::RecordedPayment& payment) -> Status {
                                              ++count;
                                              return writer->add(payment_values(payment));
                                            });
  const auto finished = writer->finish();
  const auto result = listing_result(listed, finished);
  if (result == CommandResult::Completed && options.format == receivables::ListFormat::Table) {
    std::cout << "\n" << count << (count == 1 ? " payment" : " payments") << "\n";
  }
  return result;
}

} // namespace mailroom::commands
