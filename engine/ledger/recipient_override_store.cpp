#include "recipient_override_store.hpp"

#include "sql_rows.hpp"

namespace mailroom::ledger::recipient_overrides {

namespace {

constexpr std::string_view k_invoice_exists =
  "SELECT count(*) FROM invoices WHERE creditor = ?1 AND number = ?2";

constexpr std::string_view k_insert = R"sql(
INSERT INTO recipient_overrides (creditor, number, recipients, note, set_at)
VALUES (?1, ?2, ?3, ?4, ?5)
)sql";

#define MAILROOM_OVERRIDE_COLUMNS "sequence, creditor, number, recipients, note, set_at"

constexpr std::string_view k_latest =
  "SELECT " MAILROOM_OVERRIDE_COLUMNS " FROM recipient_overrides WHERE creditor = ?1 "
  "AND number = ?2 ORDER BY sequence DESC LIMIT 1";

constexpr std::string_view k_history =
  "SELECT " MAILROOM_OVERRIDE_COLUMNS " FROM recipient_overrides WHERE creditor = ?1 "
  "AND number = ?2 ORDER BY sequence";

#undef MAILROOM_OVERRIDE_COLUMNS

RecipientOverride read_override(const Statement& statement) {
  Columns columns(statement);
  RecipientOverride found;
  found.sequence = columns.integer();
  found.creditor = columns.text();
  found.number = columns.text();
  found.recipients = columns.text();
  found.note = columns.text();
  found.set_at = columns.text();
  return found;
}

Result<std::optional<RecipientOverride>> latest(Database& database, std::string_view creditor,
                                                std::string_view number) {
  std::optional<RecipientOverride> found;
  TRY(each(database, k_latest, {creditor, number}, [&](const Statement& statement) -> Status {
    found = read_override(statement);
    return Ok{};
  }));
  return found;
}

} // namespace

std::vector<std::string_view> statements() {
  return {k_invoice_exists, k_insert, k_latest, k_history};
}

Status append(Database& database, const RecipientOverride& override_row) {
  const std::string invoice = override_row.number + " of creditor " + override_row.creditor;
  bool known = false;
  TRY(each(database, k_invoice_exists, {override_row.creditor, override_row.number},
           [&](const Statement& statement) -> Status {
             known = statement.column_int64(0) != 0;
             return Ok{};
           }));
  if (!known) {
    return make_error("the register has no invoice " + invoice +
                      ": an override is kept only for an invoice a run has read");
  }
  if (override_row.is_cleared()) {
    const auto current = TRY(latest(database, override_row.creditor, override_row.number));
    if (!current || current->is_cleared()) {
      return make_error("invoice " + invoice +
                        " has no recipient override to clear: it goes to the addresses of its "
                        "invoice data");
    }
  }
  return execute(database, k_insert,
                 {override_row.creditor, override_row.number, override_row.recipients,
                  override_row.note, override_row.set_at});
}

Result<std::optional<RecipientOverride>> in_force(Database& database, std::string_view creditor,
                                                  std::string_view number) {
  auto found = TRY(latest(database, creditor, number));
  if (found && found->is_cleared()) {
    found.reset();
  }
  return found;
}

Result<std::vector<RecipientOverride>> history(Database& database, std::string_view creditor,
                                               std::string_view number) {
  std::vector<RecipientOverride> rows;
  TRY(each(database, k_history, {creditor, number}, [&](const Statement& statement) -> Status {
    rows.push_back(read_override(statement));
    return Ok{};
  }));
  return rows;
}

} // namespace mailroom::ledger::recipient_overrides
