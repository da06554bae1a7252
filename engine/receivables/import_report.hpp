#pragma once

#include <engine/receivables/statement_import.hpp>

#include <nlohmann/json.hpp>

#include <vector>

// The JSON report of `mailroom bank import --report FILE`: every file, statement and entry, and
// what became of each, for a person or a program to work through the unmatched ones.

namespace mailroom::receivables {

nlohmann::ordered_json import_report(const std::vector<FileImport>& imports,
                                     const ImportCounts& counts);

} // namespace mailroom::receivables
