#pragma once

#include "database.hpp"

#include <engine/ledger/ledger.hpp>
#include <engine/util/result.hpp>

#include <string_view>

// Reading a deliveries row into an Entry, for every query that selects k_entry_columns first.

namespace mailroom::ledger {

inline constexpr std::string_view k_entry_columns =
  "job, number, creditor, state, recipients, attempts, sent_at, message_id, server_reply, "
  "pdf_sha256, error, updated_at";

Result<Entry> read_entry(const Statement& statement, const Database& database);

} // namespace mailroom::ledger
