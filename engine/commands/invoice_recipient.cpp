#include "ledger_choice.hpp"
#include "load.hpp"

#include <engine/job/addresses.hpp>
#include <engine/util/text.hpp>

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

// `mailroom invoice recipient`: an operator sends one invoice elsewhere than its invoice data says
// (issue 22). The addresses are checked as a run checks the data's (job::split_addresses), and
// refused whole if one is not acceptable; the override goes into the ledger with the time and the
// operator's note, synced to disk, and the next send of the invoice (or of its reminders) uses it.
// The invoice data files are never touched. --clear goes back to the invoice data's addresses.

namespace mailroom::commands {

namespace {

// The addresses as the operator wrote them, without the empty parts, joined by "; ".
std::string as_written(std::string_view text) {
  std::vector<std::string> parts;
  for (const auto part : text::split(text, ';')) {
    const auto address = text::trim(part);
    if (!address.empty()) {
      parts.emplace_back(address);
    }
  }
  return text::join(parts, "; ");
}

// The addresses to record, or none when one is not acceptable (each problem printed, in the
// words a run would report them with).
std::optional<std::string> checked_recipients(std::string_view text) {
  const auto addresses = job::split_addresses(text);
  for (const auto& bad : addresses.rejected) {
    std::fprintf(stderr, "error: --to: \"%s\": %s\n", bad.address.c_str(), bad.reason.c_str());
  }
  if (!addresses.rejected.empty()) {
    return std::nullopt;
  }
  if (addresses.valid.empty()) {
    std::fprintf(stderr, "error: --to: no email address given\n");
    return std::nullopt;
  }
  return as_written(text);
}

CommandResult not_recorded() {
  std::fprintf(stderr, "mailroom: recipient override not recorded\n");
  return CommandResult::Refused;
}

} // namespace

CommandResult invoice_recipient(const InvoiceRecipientOptions& options) {
  // Check the addresses before anything is opened: a typing error is the likeliest refusal.
  std::string recipients;
  if (options.change == RecipientChange::Set) {
    auto checked = checked_recipients(options.recipients);
    if (!checked) {
      return not_recorded();
    }
    recipients = std::move(*checked);
  }
  // Open the register and find the invoice.
  auto chosen = open_chosen_ledger(options.ledger);
  if (!chosen.ledger) {
    return CommandResult::Refused;
  }
  auto& ledger = *chosen.ledger;
  const auto creditor = creditor_of(ledger, options.number, options.creditor);
  if (!creditor) {
    return not_recorded();
  }
  // Record it (or its clearing), synced to disk.
  if (auto recorded =
        ledger.set_recipient_override(*creditor, options.number, recipients, options.note);
      !recorded) {
    print_errors({recorded.error()});
    return not_recorded();
  }
  if (options.change == RecipientChange::Clear) {
    std::printf("recipient override of %s of %s cleared: it goes to the addresses of its "
                "invoice data again\n",
                options.number.c_str(), creditor->c_str());
  } else {
    std::printf("recipient override of %s of %s set: its next send goes to %s\n",
                options.number.c_str(), creditor->c_str(), recipients.c_str());
  }
  return CommandResult::Completed;
}

} // namespace mailroom::commands
