#pragma once

#include <engine/ledger/address.hpp>
#include <engine/util/result.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

// `mailroom ledger copy FROM TO`: every row of one ledger into another, empty one, SQLite into
// PostgreSQL or back, in one transaction; then both are read again and compared row by row. What
// the workers sharing a paced mailbox keep in common (mailbox_pace, mailbox_run_messages) is not
// copied: it only says when each may send next, and how many a run has sent.

namespace mailroom::ledger {

struct CopiedTable {
  std::string name;
  std::int64_t rows = 0;
};

// Copies and checks. `from` is opened as any ledger is (an older SQLite file is migrated first);
// `to` is created if it does not exist and must hold no rows. An error names the table, the row
// and the column that differ, should the check find one; the copy is then already committed and
// the message says so.
Result<std::vector<CopiedTable>> copy_ledger(const Address& from, const Address& to);

} // namespace mailroom::ledger
