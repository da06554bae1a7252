#include "bank_book.hpp"

#include "database.hpp"
#include "register_store.hpp"
#include "sql_rows.hpp"

#include <engine/util/time.hpp>

namespace mailroom::ledger {

namespace {

constexpr std::string_view k_entry_imported =
  "SELECT count(*) FROM bank_entries WHERE entry_key = ?1";

// A statement imported again keeps its first row: the same account and statement id.
constexpr std::string_view k_add_statement = R"sql(
INSERT INTO bank_statements (account_iban, statement_id, message_id, file, statement_date,
  imported_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6)
ON CONFLICT (account_iban, statement_id) DO UPDATE SET statement_id = excluded.statement_id
RETURNING sequence
)sql";

constexpr std::string_view k_add_entry = R"sql(
INSERT INTO bank_entries (entry_key, statement, position, booking_date, amount_cents, currency,
  direction, reversal, counterparty_name, remittance, outcome, imported_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
)sql";

} // namespace

Result<std::vector<std::string>> BankBook::creditors_with_iban(std::string_view iban) {
  return register_store::creditors_with_iban(m_database, iban);
}

Result<bool> BankBook::entry_imported(std::string_view entry_key) {
  bool imported = false;
  TRY(each(m_database, k_entry_imported, {entry_key}, [&](const Statement& statement) -> Status {
    imported = statement.column_int64(0) > 0;
    return Ok{};
  }));
  return imported;
}

Result<std::optional<RegisterRow>> BankBook::row(std::string_view creditor,
                                                 std::string_view number) {
  return register_store::row(m_database, creditor, number);
}

Result<std::vector<RegisterRow>> BankBook::rows_with_reference(std::string_view creditor,
                                                               std::string_view reference) {
  return register_store::rows_with_reference(m_database, creditor, reference);
}

Result<std::vector<InvoiceDebtor>> BankBook::debtors(std::string_view creditor) {
  return register_store::debtors(m_database, creditor);
}

Result<std::int64_t> BankBook::add_statement(const StatementRecord& statement) {
  auto* query = TRY(m_database.cached(k_add_statement));
  const ScopedReset reset(*query);
  Parameters parameters(*query);
  for (const std::string* text :
       {&statement.account_iban, &statement.statement_id, &statement.message_id, &statement.file,
        &statement.statement_date}) {
    TRY(parameters.text(*text));
  }
  TRY(parameters.text(time::to_iso8601(time::now())));
  std::int64_t sequence = 0;
  while (TRY(query->step()) == StepResult::Row) {
    sequence = query->column_int64(0);
  }
  return sequence;
}

Status BankBook::add_entry(const BankEntryRecord& entry) {
  auto* query = TRY(m_database.cached(k_add_entry));
  const ScopedReset reset(*query);
  Parameters parameters(*query);
  TRY(parameters.text(entry.entry_key));
  TRY(parameters.integer(entry.statement));
  TRY(parameters.integer(entry.position));
  TRY(parameters.text(entry.booking_date));
  TRY(parameters.integer(entry.amount_cents));
  TRY(parameters.text(entry.currency));
  TRY(parameters.text(entry.direction == EntryDirection::Credit ? "credit" : "debit"));
  TRY(parameters.integer(entry.reversal ? 1 : 0));
  TRY(parameters.text(entry.counterparty_name));
  TRY(parameters.text(entry.remittance));
  TRY(parameters.text(entry.outcome));
  TRY(parameters.text(time::to_iso8601(time::now())));
  return run_to_end(*query);
}

Result<PaymentRecording> BankBook::add_payment(const PaymentRecord& payment) {
  return register_store::add_payment(m_database, payment, time::to_iso8601(time::now()));
}

} // namespace mailroom::ledger
