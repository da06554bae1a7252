#pragma once

#include <cstdint>
#include <string>

// Recipient overrides: an operator's choice of where one invoice goes, instead of the addresses
// in the invoice data (which are never modified). An append-only history per invoice; its latest
// row is in force. A row with no recipients clears the override: the invoice goes back to the
// addresses of its data. The ledger records the addresses as the operator wrote them; checking
// them is the caller's (the ledger does not know what an address is).

namespace mailroom::ledger {

struct RecipientOverride {
  std::int64_t sequence = 0;
  std::string creditor;
  std::string number;
  std::string recipients; // Addresses separated by "; "; empty: cleared.
  std::string note;       // The operator's note; may be empty.
  std::string set_at;     // UTC ISO 8601 with milliseconds.

  bool is_cleared() const { return recipients.empty(); }
};

} // namespace mailroom::ledger
