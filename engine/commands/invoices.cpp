#include "ledger_choice.hpp"
#include "load.hpp"

#include <engine/receivables/invoice_filter.hpp>
#include <engine/receivables/invoice_list.hpp>

#include <iostream>
#include <map>

// `mailroom invoices`: the invoice list of the back office, from the register. It streams: each
// row is read, judged and written before the next, so a register of any size lists in bounded
// memory.

namespace mailroom::commands {

namespace {

// What a person reads under the table: how many, how many late, how much debtors owe per
// currency.
struct Totals {
  std::size_t invoices = 0;
  std::size_t overdue = 0;
  std::map<std::string, std::int64_t> outstanding_cents;

  void add(const ledger::RegisterRow& row, const receivables::Standing& standing) {
    ++invoices;
    overdue += standing.overdue == receivables::Overdue::Yes ? 1 : 0;
    // What debtors owe: only what they were sent.
    if (row.invoice.is_issued() && standing.outstanding_cents != 0 &&
        !row.invoice.facts.currency.empty()) {
      outstanding_cents[row.invoice.facts.currency] += standing.outstanding_cents;
    }
  }

  std::string summary() const {
    std::string text = std::to_string(invoices) + (invoices == 1 ? " invoice" : " invoices");
    if (overdue > 0) {
      text += ", " + std::to_string(overdue) + " overdue";
    }
    for (const auto& [currency, cents] : outstanding_cents) {
      text += "; outstanding " + currency + " " + receivables::plain_amount(cents);
    }
    return text;
  }
};

} // namespace

CommandResult invoices(const InvoicesOptions& options) {
  // Open the register.
  auto chosen = open_chosen_ledger(options.ledger);
  if (!chosen.ledger) {
    return CommandResult::Refused;
  }
  // List what the filter selects, row by row.
  const auto writer =
    receivables::make_list_writer(options.format, std::cout, receivables::invoice_columns());
  Totals totals;
  auto listed = receivables::each_matching_row(
    *chosen.ledger, options.filter,
    [&](const ledger::RegisterRow& row,
        const receivables::Standing& standing) -> Result<ledger::Reading> {
      totals.add(row, standing);
      TRY(writer->add(receivables::invoice_values(row, standing)));
      return ledger::Reading::GoOn;
    });
  const auto finished = writer->finish();
  // Say what it amounts to; a list cut short is not done.
  const auto result = listing_result(listed, finished);
  if (result == CommandResult::Completed && options.format == receivables::ListFormat::Table) {
    std::cout << "\n" << totals.summary() << "\n";
  }
  return result;
}

} // namespace mailroom::commands
