#pragma once

#include <string>
#include <string_view>

// The ledger's SQL is written in SQLite's dialect. PostgreSQL understands nearly all of it; this
// rewrites the rest, once per statement when it is prepared. Each rewrite is listed in the .cpp;
// the ledger's conformance tests run every statement on both backends, so a construct missing
// from the list fails there, not in production.

namespace mailroom::ledger {

// Numbered parameters ?1, ?2 ... become $1, $2 ... (outside quoted texts), and the SQLite-only
// expressions the ledger uses become PostgreSQL's.
std::string to_postgresql(std::string_view sql);

// The highest parameter number $N in a PostgreSQL statement; 0 when it takes none.
int parameter_count(std::string_view postgresql);

} // namespace mailroom::ledger
