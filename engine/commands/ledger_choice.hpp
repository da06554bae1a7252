#pragma once

#include <engine/commands/receivables.hpp>
#include <engine/job/model.hpp>
#include <engine/ledger/ledger.hpp>

#include <memory>
#include <optional>

// Opening the ledger a command of the register reads: refused, with the reason printed, when the
// job cannot be read or the ledger does not exist yet (a listing never creates one).

namespace mailroom::commands {

struct ChosenLedger {
  std::unique_ptr<ledger::Ledger> ledger;
  std::optional<job::Job> job; // When the ledger was chosen by its job.
};

// Null ledger: refused, and the reason was printed.
ChosenLedger open_chosen_ledger(const LedgerChoice& choice);

// The invoice's creditor: `creditor` if given, else the only creditor with an invoice of this
// number. Prints why not and returns none.
std::optional<std::string> creditor_of(ledger::Ledger& ledger, std::string_view number,
                                       std::string_view creditor);

// How a listing went: Completed, or Incomplete with the first error printed when the register
// could not be read to its end or the list not written.
CommandResult listing_result(const Status& listed, const Status& finished);

} // namespace mailroom::commands
