#include <engine/job/addresses.hpp>
#include <engine/steps/journey.hpp>
#include <engine/util/text.hpp>

// The debtor's addresses, split at ';': an invoice without a valid one is reported and recorded
// as invalid address, never sent; the valid ones get it, and the rejected ones are named. The
// addresses are those of the invoice data, unless an operator set a recipient override for the
// invoice in the ledger (`mailroom invoice recipient`): then the override's, checked the same
// way. A reminder is of the invoice's number and creditor, so the invoice's override applies.

namespace mailroom::steps {

Next pick_recipients(Journey& journey) {
  auto& entry = journey.entry;
  const auto& invoice = journey.invoice;
  const auto override_in_force = journey.book.recipient_override(invoice.creditor, invoice.number);
  if (!override_in_force) {
    // Sending to the invoice data's addresses when an operator may have said otherwise is worse
    // than not sending.
    return journey.fail_and_record("cannot read the invoice's recipient override from the "
                                   "ledger: " +
                                   override_in_force.error().to_string());
  }
  const auto& chosen = *override_in_force;
  const std::string& emails = chosen ? chosen->recipients : invoice.debtor.emails;
  // Where a person finds the addresses: the override and when it was set, or the data's field.
  const std::string origin =
    chosen ? "recipient override of " + chosen->set_at : std::string("debtor.emails");
  auto addresses = job::split_addresses(emails);
  for (const auto& bad : addresses.rejected) {
    journey.rejected.push_back("\"" + bad.address + "\": " + bad.reason);
    journey.item.warnings.push_back(make_error(
      journey.rejected.back(), Location{invoice.source.file, invoice.source.line, origin}));
  }
  journey.recipients = std::move(addresses.valid);
  entry.recipients = text::join(journey.recipients, "; ");
  if (!journey.recipients.empty()) {
    return Next::GoOn;
  }
  entry.status = pipeline::InvoiceStatus::InvalidAddress;
  entry.error = journey.rejected.empty()
                  ? "the debtor has no email address"
                  : "no valid email address: " + text::join(journey.rejected, "; ");
  if (chosen) {
    entry.error += " (in the " + origin + ")";
  }
  journey.book.mark_invalid_address(entry, emails);
  return Next::Done;
}

} // namespace mailroom::steps
