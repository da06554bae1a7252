#include <engine/job/addresses.hpp>
#include <engine/steps/journey.hpp>
#include <engine/util/text.hpp>

// The debtor's addresses, split at ';': an invoice without a valid one is reported and recorded
// as invalid address, never sent; the valid ones get it, and the rejected ones are named.

namespace mailroom::steps {

Next pick_recipients(Journey& journey) {
  auto& entry = journey.entry;
  const auto& emails = journey.invoice.debtor.emails;
  auto addresses = job::split_addresses(emails);
  for (const auto& bad : addresses.rejected) {
    journey.rejected.push_back("\"" + bad.address + "\": " + bad.reason);
    journey.item.warnings.push_back(
      make_error(journey.rejected.back(), Location{journey.invoice.source.file,
                                                   journey.invoice.source.line, "debtor.emails"}));
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
  journey.book.mark_invalid_address(entry, emails);
  return Next::Done;
}

} // namespace mailroom::steps
