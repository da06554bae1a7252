#include "ledger_choice.hpp"
#include "load.hpp"

#include <engine/receivables/list_writer.hpp>
#include <engine/receivables/numbering.hpp>

#include <iostream>
#include <map>

// `mailroom numbering`: the gaps in each creditor's invoice numbering. Reads the register (what
// was issued, what is recorded but not sent) and the deliveries that failed (what a run refused),
// then lists each missing number with what is known of it.

namespace mailroom::commands {

namespace {

std::vector<receivables::Column> gap_columns() {
  using enum receivables::ColumnKind;
  using enum receivables::ColumnUse;
  return {
    {"creditor", Text, Everywhere}, {"series", Text, MachinesOnly}, {"first", Text, Everywhere},
    {"last", Text, Everywhere},     {"count", Integer, Everywhere}, {"known", Text, Everywhere},
    {"job", Text, Everywhere},      {"detail", Text, Everywhere},
  };
}

std::vector<std::string> gap_values(const receivables::NumberingGap& gap) {
  return {gap.creditor,
          gap.series,
          gap.first,
          gap.last,
          std::to_string(gap.count),
          std::string(receivables::gap_kind_name(gap.kind)),
          gap.job,
          gap.detail};
}

// Why a recorded invoice was not sent, as far as its delivery says.
std::string not_sent_detail(const ledger::RegisterRow& row, const std::string& failure) {
  if (!failure.empty()) {
    return failure;
  }
  if (!row.delivery) {
    return "recorded, not sent yet";
  }
  return "recorded, delivery " + std::string(ledger::state_name(*row.delivery));
}

// The invoice number of a failed delivery's key: a failure recorded beside a sent invoice is
// "<number>@<file:line>"; a reminder's delivery ("<number>#reminder-...") is no invoice.
std::optional<std::string> invoice_number_of(const std::string& key) {
  if (key.find('#') != std::string::npos) {
    return std::nullopt;
  }
  return key.substr(0, key.find('@'));
}

} // namespace

CommandResult numbering(const NumberingOptions& options) {
  auto chosen = open_chosen_ledger(options.ledger);
  if (!chosen.ledger) {
    return CommandResult::Refused;
  }
  auto& ledger = *chosen.ledger;

  // 1. The failed deliveries: runs' refusals, and why a recorded invoice was not sent.
  auto failed = ledger.failed_deliveries(options.creditor);
  if (!failed) {
    return refuse(failed.error());
  }
  std::map<std::pair<std::string, std::string>, const ledger::Entry*> failures;
  for (const auto& entry : *failed) {
    if (const auto number = invoice_number_of(entry.number)) {
      failures[{entry.creditor, *number}] = &entry;
    }
  }

  // 2. The register: what was issued, and what is recorded but was never issued.
  receivables::NumberingGaps gaps;
  ledger::RegisterQuery query;
  query.creditor = options.creditor;
  query.order = ledger::RegisterOrder::Number;
  const auto read = ledger.each_register_row(query, [&](const ledger::RegisterRow& row) {
    const auto& facts = row.invoice.facts;
    if (row.invoice.is_issued()) {
      gaps.add_issued(facts.creditor, facts.number);
    } else {
      const auto failure = failures.find({facts.creditor, facts.number});
      gaps.add_not_sent(
        facts.creditor, facts.number, facts.job,
        not_sent_detail(row, failure == failures.end() ? std::string() : failure->second->error));
    }
    return Result<ledger::Reading>(ledger::Reading::GoOn);
  });
  for (const auto& [key, entry] : failures) {
    gaps.add_refused(key.first, key.second, entry->job, entry->error);
  }

  // 3. The gaps, and a line that says how many. A table of no gaps is only that line; CSV and
  //    JSON always have their header and array, for the programs that read them.
  const auto listed = gaps.gaps();
  std::uint64_t missing = 0;
  Status written = Ok{};
  if (!listed.empty() || options.format != receivables::ListFormat::Table) {
    const auto writer = receivables::make_list_writer(options.format, std::cout, gap_columns());
    for (const auto& gap : listed) {
      missing += gap.count;
      if (written) {
        written = writer->add(gap_values(gap));
      }
    }
    if (written) {
      written = writer->finish();
    }
  }
  const auto rows = listed.size();
  const auto result = listing_result(read, written);
  if (options.format == receivables::ListFormat::Table && result == CommandResult::Completed) {
    std::cout << (rows == 0 ? "" : "\n")
              << (missing == 0
                    ? std::string("no gaps in the numbering")
                    : std::to_string(missing) + " missing number" + (missing == 1 ? "" : "s") +
                        " in " + std::to_string(rows) + " gap" + (rows == 1 ? "" : "s"))
              << "\n";
    for (const auto& [creditor, count] : gaps.outside_series()) {
      std::cout << creditor << ": " << count << " issued invoice" << (count == 1 ? "" : "s")
                << " numbered in no series (no digits at the end), not checked\n";
    }
  }
  if (result != CommandResult::Completed) {
    return result;
  }
  return missing == 0 ? CommandResult::Completed : CommandResult::Incomplete;
}

} // namespace mailroom::commands
