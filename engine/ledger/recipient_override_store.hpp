#pragma once

#include "database.hpp"

#include <engine/ledger/recipient_overrides.hpp>
#include <engine/util/result.hpp>

#include <optional>
#include <string_view>
#include <vector>

// The SQL of the recipient overrides (schema.cpp has the table), on a Database the caller holds:
// the Ledger, under its group commit. Nothing here takes a lock or commits.

namespace mailroom::ledger::recipient_overrides {

// Every statement of this file, prepared once when the ledger opens.
std::vector<std::string_view> statements();

// Appends a row, after making sure the register has the invoice (else an error naming it). Empty
// recipients clear the override; clearing when none is in force is refused.
Status append(Database& database, const RecipientOverride& override_row);

// The override in force: the invoice's latest row, unless it cleared the override.
Result<std::optional<RecipientOverride>> in_force(Database& database, std::string_view creditor,
                                                  std::string_view number);

// Every row of the invoice, oldest first, clearing rows included.
Result<std::vector<RecipientOverride>> history(Database& database, std::string_view creditor,
                                               std::string_view number);

} // namespace mailroom::ledger::recipient_overrides
