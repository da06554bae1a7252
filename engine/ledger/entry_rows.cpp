#include "entry_rows.hpp"

namespace mailroom::ledger {

Result<Entry> read_entry(const Statement& statement, const Database& database) {
  Entry entry;
  entry.job = statement.column_text(0);
  entry.number = statement.column_text(1);
  entry.creditor = statement.column_text(2);
  const auto state_text = statement.column_text(3);
  const auto state = parse_state(state_text);
  if (!state) {
    return make_error("invoice " + entry.number + " has the unknown state \"" + state_text + "\"",
                      Location{database.name()});
  }
  entry.state = *state;
  entry.recipients = statement.column_text(4);
  entry.attempts = static_cast<int>(statement.column_int64(5));
  entry.sent_at = statement.column_text(6);
  entry.message_id = statement.column_text(7);
  entry.server_reply = statement.column_text(8);
  entry.pdf_sha256 = statement.column_text(9);
  entry.error = statement.column_text(10);
  entry.updated_at = statement.column_text(11);
  return entry;
}

} // namespace mailroom::ledger
