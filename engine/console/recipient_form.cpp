#include "pages.hpp"

#include <engine/job/addresses.hpp>
#include <engine/util/text.hpp>

// POST /recipient: another recipient for one invoice's next send, as the help pages' step 4 has
// it: kept in the ledger as an override with its time and the operator's note, shown beside the
// address of the invoice data (which is never changed), and checked like any address: one that
// is not valid is refused here, before anything is kept. "clear" goes back to the data's address.

namespace mailroom::console {

Response change_recipient(const PageInput& input) {
  const auto language = input.viewer.language;
  auto& ledger = *input.context.ledger;
  const auto creditor = input.request.parameter("creditor");
  const auto number = input.request.parameter("number");
  const auto invoice_link =
    "/invoice?creditor=" + query_escape(creditor) + "&number=" + query_escape(number);
  const auto refused = [&](int status, const std::string& message) {
    return message_page(input.viewer, status, text(language, "recipient_override"), message);
  };
  auto found = requested_invoice(input, text(language, "recipient_override"));
  if (!found.row) {
    return found.refusal;
  }
  const auto note = std::string(text::trim(input.request.parameter("note")));
  std::string recipients;
  if (input.request.parameter("clear") != "1") {
    // Every address must be valid: a typo is refused, not quietly dropped.
    const auto addresses = job::split_addresses(input.request.parameter("recipients"));
    if (!addresses.rejected.empty() || addresses.valid.empty()) {
      std::vector<std::string> reasons;
      for (const auto& rejected : addresses.rejected) {
        reasons.push_back("\"" + rejected.address + "\": " + rejected.reason);
      }
      return refused(
        400, text(language, "recipient_refused") + " " +
               (reasons.empty() ? text(language, "no_address") : text::join(reasons, "; ")));
    }
    recipients = text::join(addresses.valid, "; ");
  }
  if (auto kept = ledger.set_recipient_override(creditor, number, recipients, note); !kept) {
    return refused(400, kept.error().message);
  }
  return see_other(invoice_link);
}

} // namespace mailroom::console
