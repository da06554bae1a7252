#include "ledger_choice.hpp"
#include "load.hpp"

#include <engine/bank/camt_reader.hpp>
#include <engine/receivables/import_report.hpp>
#include <engine/receivables/standing.hpp>
#include <engine/receivables/statement_import.hpp>
#include <engine/util/files.hpp>

#include <cstdio>
#include <memory>

// `mailroom bank import`: bank statements (CAMT.053) read against the register. Each file is read
// whole first (a file with a problem is refused, nothing of it recorded), then imported in one
// transaction; what a person must do (the unmatched entries) is printed, with a summary.

namespace mailroom::commands {

namespace {

using receivables::EntryOutcome;

// One line per entry a person must look at.
void print_unmatched(const receivables::FileImport& import) {
  for (const auto& statement : import.statements) {
    for (const auto& entry : statement.entries) {
      for (std::size_t index = 0; index < entry.transactions.size(); ++index) {
        const auto& result = entry.transactions[index];
        if (result.outcome != EntryOutcome::Unmatched) {
          continue;
        }
        const auto& transaction = entry.entry->transactions[index];
        const auto& source = entry.entry->source;
        std::printf("unmatched: %s:%ld: %s %s on %s from \"%s\", \"%s\": %s%s\n",
                    source.file.c_str(), source.line,
                    receivables::plain_amount(transaction.amount.cents).c_str(),
                    transaction.currency.c_str(), entry.entry->booking_date->to_iso().c_str(),
                    transaction.counterparty_name.c_str(),
                    transaction.unstructured_remittance.c_str(), result.reason.c_str(),
                    result.suggestion.empty()
                      ? ""
                      : ("; perhaps " + result.suggestion + " (not applied)").c_str());
      }
    }
  }
}

} // namespace

CommandResult bank_import(const BankImportOptions& options) {
  // Open the register.
  auto chosen = open_chosen_ledger(options.ledger);
  if (!chosen.ledger) {
    return CommandResult::Refused;
  }
  // Read and import each file, one transaction each.
  std::vector<std::unique_ptr<bank::StatementFile>> files;
  std::vector<receivables::FileImport> imports;
  receivables::ImportCounts counts;
  std::size_t refused = 0;
  for (const auto& path : options.files) {
    auto read = bank::read_camt053(path);
    receivables::FileImport import;
    if (read) {
      files.push_back(std::make_unique<bank::StatementFile>(std::move(*read)));
      import = receivables::import_statement_file(*chosen.ledger, *files.back());
    } else {
      import.path = path;
      import.problems = read.problems();
    }
    if (!import.problems.empty()) {
      print_errors(import.problems);
      std::fprintf(stderr, "mailroom: %s refused: nothing of it was recorded\n",
                   path.string().c_str());
      ++refused;
    }
    print_unmatched(import);
    counts.add(import);
    imports.push_back(std::move(import));
  }
  // Say what it came to, and write the report.
  std::printf("%s\n", counts.summary().c_str());
  if (!options.report.empty()) {
    const auto report = receivables::import_report(imports, counts).dump(2) + "\n";
    if (auto written = files::write_file_atomically(options.report, report); !written) {
      print_errors({written.error()});
      return CommandResult::Incomplete;
    }
  }
  if (refused == options.files.size()) {
    return CommandResult::Refused;
  }
  return refused > 0 || counts.unmatched > 0 ? CommandResult::Incomplete : CommandResult::Completed;
}

} // namespace mailroom::commands
