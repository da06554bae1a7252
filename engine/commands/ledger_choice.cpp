#include "ledger_choice.hpp"

#include "load.hpp"

#include <engine/job/job_file.hpp>
#include <engine/util/text.hpp>

#include <cstdio>

namespace mailroom::commands {

ChosenLedger open_chosen_ledger(const LedgerChoice& choice) {
  ChosenLedger chosen;
  auto address = ledger::address_from_command_line(choice.ledger.string());
  if (choice.ledger.empty()) {
    auto loaded = job::load_job(choice.job);
    if (!loaded) {
      print_errors(loaded.problems());
      std::fprintf(stderr, "mailroom: job refused: it could not be read\n");
      return chosen;
    }
    address = loaded->ledger;
    chosen.job = std::move(*loaded);
  }
  if (!ledger::exists(address)) {
    std::fprintf(stderr,
                 "error: %s: no ledger here: no run has recorded anything in it yet\n"
                 "mailroom: refused\n",
                 address.shown().c_str());
    return chosen;
  }
  auto opened = ledger::Ledger::open(address);
  if (!opened) {
    static_cast<void>(refuse(opened.error()));
    return chosen;
  }
  chosen.ledger = std::move(*opened);
  return chosen;
}

std::optional<std::string> creditor_of(ledger::Ledger& ledger, std::string_view number,
                                       std::string_view creditor) {
  if (!creditor.empty()) {
    return std::string(creditor);
  }
  auto creditors = ledger.creditors_with(number);
  if (!creditors) {
    print_errors({creditors.error()});
    return std::nullopt;
  }
  if (creditors->size() == 1) {
    return creditors->front();
  }
  if (creditors->empty()) {
    std::fprintf(stderr, "error: the register has no invoice %s\n", std::string(number).c_str());
  } else {
    std::fprintf(stderr, "error: %s is an invoice number of %s: say which with --creditor\n",
                 std::string(number).c_str(), text::join(*creditors, ", ").c_str());
  }
  return std::nullopt;
}

CommandResult listing_result(const Status& listed, const Status& finished) {
  for (const auto* status : {&listed, &finished}) {
    if (!*status) {
      print_errors({status->error()});
      std::fprintf(stderr, "mailroom: the list is incomplete\n");
      return CommandResult::Incomplete;
    }
  }
  return CommandResult::Completed;
}

} // namespace mailroom::commands
