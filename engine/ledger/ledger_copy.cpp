#include "ledger_copy.hpp"

#include "database.hpp"
#include "schema.hpp"
#include "sql_rows.hpp"
#include "transaction.hpp"

#include <array>
#include <memory>
#include <string_view>

namespace mailroom::ledger {

namespace {

enum class ColumnKind { Text, Integer };

struct Column {
  std::string_view name;
  ColumnKind kind;
};

struct Table {
  std::string_view name;
  std::string_view order; // A total order of its rows, the same on both backends.
  std::vector<Column> columns;
  // PostgreSQL: the sequence that numbers new rows, moved past the copied ones.
  std::string_view sequence;
};

constexpr ColumnKind T = ColumnKind::Text;
constexpr ColumnKind I = ColumnKind::Integer;

// Every table of schema version 8 but mailbox_pace and mailbox_run_messages, parents before the
// children whose foreign keys point at them.
const std::vector<Table>& tables() {
  static const std::vector<Table> all{
    {"deliveries",
     "sequence",
     {{"job", T},
      {"number", T},
      {"sequence", I},
      {"creditor", T},
      {"state", T},
      {"recipients", T},
      {"attempts", I},
      {"sent_at", T},
      {"message_id", T},
      {"server_reply", T},
      {"pdf_sha256", T},
      {"error", T},
      {"first_recorded_at", T},
      {"updated_at", T}},
     "deliveries_sequence"},
    {"archive_unsynced", "job, number", {{"job", T}, {"number", T}}, ""},
    {"events",
     "sequence",
     {{"sequence", I},
      {"job", T},
      {"number", T},
      {"at", T},
      {"state", T},
      {"attempt", I},
      {"detail", T}},
     "events_sequence_seq"},
    {"invoices",
     "creditor, number",
     {{"creditor", T},
      {"number", T},
      {"facts", T},
      {"kind", T},
      {"credits", T},
      {"issue_date", T},
      {"due_date", T},
      {"currency", T},
      {"subtotal_cents", I},
      {"vat_cents", I},
      {"total_cents", I},
      {"debtor_id", T},
      {"debtor_name", T},
      {"debtor_vat_number", T},
      {"recipients", T},
      {"language", T},
      {"reverse_charge", I},
      {"payment_reference", T},
      {"creditor_iban", T},
      {"pdf_sha256", T},
      {"job", T},
      {"source", T},
      {"first_recorded_at", T},
      {"updated_at", T},
      {"issued_at", T},
      {"debtor_address", T}},
     ""},
    {"payments",
     "sequence",
     {{"sequence", I},
      {"creditor", T},
      {"number", T},
      {"amount_cents", I},
      {"currency", T},
      {"paid_on", T},
      {"method", T},
      {"note", T},
      {"source", T},
      {"source_reference", T},
      {"key", T},
      {"recorded_at", T}},
     "payments_sequence_seq"},
    {"bank_statements",
     "sequence",
     {{"sequence", I},
      {"account_iban", T},
      {"statement_id", T},
      {"message_id", T},
      {"file", T},
      {"statement_date", T},
      {"imported_at", T}},
     "bank_statements_sequence_seq"},
    {"bank_entries",
     "sequence",
     {{"sequence", I},
      {"entry_key", T},
      {"statement", I},
      {"position", I},
      {"booking_date", T},
      {"amount_cents", I},
      {"currency", T},
      {"direction", T},
      {"reversal", I},
      {"counterparty_name", T},
      {"remittance", T},
      {"outcome", T},
      {"imported_at", T}},
     "bank_entries_sequence_seq"},
    {"recipient_overrides",
     "sequence",
     {{"sequence", I},
      {"creditor", T},
      {"number", T},
      {"recipients", T},
      {"note", T},
      {"set_at", T}},
     "recipient_overrides_sequence_seq"},
  };
  return all;
}

std::string column_list(const Table& table) {
  std::string list;
  for (const auto& column : table.columns) {
    list += (list.empty() ? "" : ", ") + std::string(column.name);
  }
  return list;
}

std::string select_all(const Table& table) {
  return "SELECT " + column_list(table) + " FROM " + std::string(table.name) + " ORDER BY " +
         std::string(table.order);
}

std::string insert_one(const Table& table) {
  std::string values;
  for (size_t index = 1; index <= table.columns.size(); ++index) {
    values += (index == 1 ? "?" : ", ?") + std::to_string(index);
  }
  return "INSERT INTO " + std::string(table.name) + " (" + column_list(table) + ") VALUES (" +
         values + ")";
}

Result<std::int64_t> copy_table(Database& from, Database& to, const Table& table) {
  auto reading = TRY(from.prepare(select_all(table)));
  auto writing = TRY(to.prepare(insert_one(table)));
  std::int64_t rows = 0;
  while (TRY(reading.step()) == StepResult::Row) {
    for (size_t index = 0; index < table.columns.size(); ++index) {
      const int column = static_cast<int>(index);
      if (table.columns[index].kind == ColumnKind::Integer) {
        TRY(writing.bind_int64(column + 1, reading.column_int64(column)));
      } else {
        TRY(writing.bind_text(column + 1, reading.column_text(column)));
      }
    }
    while (TRY(writing.step()) == StepResult::Row) {
    }
    writing.reset();
    ++rows;
  }
  if (to.backend() == Backend::Postgresql && !table.sequence.empty()) {
    // New rows continue after the copied ones, as SQLite's would.
    TRY(to.exec("SELECT setval('" + std::string(table.sequence) +
                "', coalesce((SELECT max(sequence) FROM " + std::string(table.name) +
                "), 0) + 1, false)"));
  }
  return rows;
}

// Both sides read again, in the same order, compared column by column as text.
Status check_table(Database& from, Database& to, const Table& table) {
  auto left = TRY(from.prepare(select_all(table)));
  auto right = TRY(to.prepare(select_all(table)));
  for (std::int64_t row = 1;; ++row) {
    const auto left_step = TRY(left.step());
    const auto right_step = TRY(right.step());
    if (left_step != right_step) {
      return make_error("table " + std::string(table.name) + " has " +
                        (left_step == StepResult::Done ? "more" : "fewer") + " rows in " +
                        to.name() + " than in " + from.name() + " (from row " +
                        std::to_string(row) + ")");
    }
    if (left_step == StepResult::Done) {
      return Ok{};
    }
    for (size_t index = 0; index < table.columns.size(); ++index) {
      const int column = static_cast<int>(index);
      if (left.column_text(column) != right.column_text(column)) {
        return make_error("table " + std::string(table.name) + ", row " + std::to_string(row) +
                          ": " + std::string(table.columns[index].name) + " is \"" +
                          left.column_text(column) + "\" in " + from.name() + " but \"" +
                          right.column_text(column) + "\" in " + to.name());
      }
    }
  }
}

} // namespace

Result<std::vector<CopiedTable>> copy_ledger(const Address& from, const Address& to) {
  auto source = TRY(open_database(from));
  TRY(schema::set_up(*source));
  auto target = TRY(open_database(to));
  TRY(schema::set_up(*target));
  for (const auto& table : tables()) {
    if (const auto rows =
          TRY(read_integer(*target, "SELECT count(*) FROM " + std::string(table.name)));
        rows != 0) {
      return make_error("the ledger to copy into already holds " + std::to_string(rows) +
                          " rows in " + std::string(table.name) + "; copy into a new, empty ledger",
                        Location{target->name()});
    }
  }
  std::vector<CopiedTable> copied;
  {
    // All or nothing: a copy cut short leaves the target empty, to be copied into again.
    auto transaction = TRY(Transaction::begin(*target));
    for (const auto& table : tables()) {
      copied.push_back({std::string(table.name), TRY(copy_table(*source, *target, table))});
    }
    TRY(transaction.commit());
  }
  TRY(target->sync_to_disk());
  for (const auto& table : tables()) {
    if (auto checked = check_table(*source, *target, table); !checked) {
      return make_error("the copy was committed, but checking it found a difference: " +
                        checked.error().message);
    }
  }
  return copied;
}

} // namespace mailroom::ledger
