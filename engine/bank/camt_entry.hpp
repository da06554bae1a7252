#pragma once

#include <engine/bank/camt_problems.hpp>
#include <engine/bank/camt_statement.hpp>
#include <engine/xml/element.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace mailroom::bank {

// What an entry is read against: the file's version and the statement's own account.
struct EntryContext {
  CamtVersion version = CamtVersion::Version02;
  std::string_view account_iban; // Normalized; empty when the statement gives none (yet).
};

// Reads one <Ntry> (read into memory on its own) into an entry; std::nullopt, with its problems
// added under `prefix` ("Stmt[1].Ntry[3]"), when a field the entry cannot do without is missing
// or wrong. Both versions are read alike: where .08 wraps a field (Sts/Cd, Dbtr/Pty/Nm), both
// forms are accepted.
std::optional<StatementEntry> read_entry(const xml::Element& entry, std::size_t position,
                                         const std::string& prefix, const EntryContext& context,
                                         Problems& problems);

} // namespace mailroom::bank
