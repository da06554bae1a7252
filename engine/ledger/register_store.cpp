#include "register_store.hpp"

#include "entry_rows.hpp"
#include "sql_rows.hpp"

#include <algorithm>
#include <map>
#include <string>

namespace mailroom::ledger::register_store {

namespace {

// The facts of an invoice, in the order read_facts reads them.
#define MAILROOM_FACT_COLUMNS                                                                      \
  "i.creditor, i.number, i.facts, i.kind, i.credits, i.issue_date, i.due_date, i.currency, "       \
  "i.subtotal_cents, i.vat_cents, i.total_cents, i.debtor_id, i.debtor_name, "                     \
  "i.debtor_vat_number, i.recipients, i.language, i.reverse_charge, i.payment_reference, "         \
  "i.creditor_iban, i.job, i.source, i.pdf_sha256, i.first_recorded_at, i.updated_at, "            \
  "i.issued_at, i.debtor_address"

constexpr std::string_view k_find =
  "SELECT " MAILROOM_FACT_COLUMNS " FROM invoices i WHERE i.creditor = ?1 AND i.number = ?2";

// What became of an invoice, after its facts: credited by issued credit notes, paid, its latest
// payment, its latest acceptance by a server, its delivery (sent if any was, else the latest), the
// reminders sent, and the recipients of its override in force (a cleared one has none).
#define MAILROOM_ROW_SELECT                                                                        \
  "SELECT " MAILROOM_FACT_COLUMNS ", "                                                             \
  "coalesce((SELECT -sum(c.total_cents) FROM invoices c WHERE c.creditor = i.creditor "            \
  "AND c.credits = i.number AND c.credits <> '' AND c.kind = 'credit_note' "                       \
  "AND c.issued_at <> ''), 0), "                                                                   \
  "coalesce((SELECT sum(p.amount_cents) FROM payments p WHERE p.creditor = i.creditor "            \
  "AND p.number = i.number), 0), "                                                                 \
  "coalesce((SELECT max(p.paid_on) FROM payments p WHERE p.creditor = i.creditor "                 \
  "AND p.number = i.number), ''), "                                                                \
  "coalesce((SELECT max(d.sent_at) FROM deliveries d WHERE d.creditor = i.creditor "               \
  "AND d.number = i.number AND d.state = 'sent'), ''), "                                           \
  "coalesce((SELECT d.state FROM deliveries d WHERE d.creditor = i.creditor "                      \
  "AND d.number = i.number ORDER BY d.state = 'sent' DESC, d.sequence DESC LIMIT 1), ''), "        \
  "(SELECT count(DISTINCT d.number) FROM deliveries d WHERE d.creditor = i.creditor "              \
  "AND d.number > i.number || '#reminder-' AND d.number < i.number || '#reminder.' "               \
  "AND d.state = 'sent'), "                                                                        \
  "coalesce((SELECT o.recipients FROM recipient_overrides o WHERE o.creditor = i.creditor "        \
  "AND o.number = i.number ORDER BY o.sequence DESC LIMIT 1), '') "                                \
  "FROM invoices i "

constexpr std::string_view k_row = MAILROOM_ROW_SELECT "WHERE i.creditor = ?1 AND i.number = ?2";

// ?4: ",sent,not_sent," (the deliveries asked for) or empty; ?5: 1 for reverse-charged only. The
// delivery is the row's own (MAILROOM_ROW_SELECT), with "not_sent" for none.
constexpr std::string_view k_rows =
  MAILROOM_ROW_SELECT "WHERE (?1 = '' OR i.creditor = ?1) AND (?2 = '' OR i.issue_date >= ?2) "
                      "AND (?3 = '' OR i.issue_date <= ?3) AND (?4 = '' OR instr(?4, ',' || "
                      "coalesce((SELECT d.state FROM deliveries d WHERE d.creditor = i.creditor "
                      "AND d.number = i.number ORDER BY d.state = 'sent' DESC, d.sequence DESC "
                      "LIMIT 1), 'not_sent') || ',') > 0) AND (?5 = 0 OR i.reverse_charge = 1) ";

constexpr std::string_view k_issued_invoices_after =
  MAILROOM_ROW_SELECT "WHERE i.creditor = ?1 AND i.number > ?2 AND i.kind = 'invoice' "
                      "AND i.issued_at <> '' ORDER BY i.number LIMIT ?3";

constexpr std::string_view k_rows_with_reference =
  MAILROOM_ROW_SELECT "WHERE i.creditor = ?1 AND i.payment_reference = ?2 ORDER BY i.number";

#undef MAILROOM_ROW_SELECT
#undef MAILROOM_FACT_COLUMNS

constexpr std::string_view k_insert = R"sql(
INSERT INTO invoices (creditor, number, facts, kind, credits, issue_date, due_date, currency,
  subtotal_cents, vat_cents, total_cents, debtor_id, debtor_name, debtor_vat_number, recipients,
  language, reverse_charge, payment_reference, creditor_iban, job, source, first_recorded_at,
  updated_at, debtor_address)
VALUES (?1, ?2, 'recorded', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
  ?18, ?19, ?20, ?21, ?21, ?22)
ON CONFLICT (creditor, number) DO NOTHING
)sql";

// Facts may be rewritten only while the invoice was never issued, or was issued before the
// register existed and its facts are still unknown (the WHERE makes sure of it).
constexpr std::string_view k_update = R"sql(
UPDATE invoices SET facts = 'recorded', kind = ?3, credits = ?4, issue_date = ?5, due_date = ?6,
  currency = ?7, subtotal_cents = ?8, vat_cents = ?9, total_cents = ?10, debtor_id = ?11,
  debtor_name = ?12, debtor_vat_number = ?13,
  recipients = CASE WHEN issued_at = '' THEN ?14 ELSE recipients END,
  debtor_address = CASE WHEN issued_at = '' OR debtor_address = '' THEN ?22 ELSE debtor_address END,
  language = ?15, reverse_charge = ?16, payment_reference = ?17, creditor_iban = ?18, job = ?19,
  source = ?20, updated_at = ?21
WHERE creditor = ?1 AND number = ?2 AND (issued_at = '' OR facts = 'unknown')
)sql";

constexpr std::string_view k_mark_issued = R"sql(
UPDATE invoices SET issued_at = ?3, updated_at = ?3, pdf_sha256 = ?4, recipients = ?5
WHERE creditor = ?1 AND number = ?2 AND issued_at = ''
)sql";

// An invoice recorded before the register kept addresses (version 3) gets its debtor's address
// from the next run that reads it; nothing else of it changes.
constexpr std::string_view k_complete_address =
  "UPDATE invoices SET debtor_address = ?3 WHERE creditor = ?1 AND number = ?2 "
  "AND debtor_address = ''";

constexpr std::string_view k_newest_statement_date =
  "SELECT coalesce(max(statement_date), '') FROM bank_statements WHERE account_iban = ?1";

constexpr std::string_view k_debtors =
  "SELECT number, debtor_name FROM invoices WHERE creditor = ?1 AND kind = 'invoice' "
  "AND issued_at <> '' ORDER BY number";

constexpr std::string_view k_creditors_with_iban =
  "SELECT DISTINCT creditor FROM invoices WHERE creditor_iban = ?1 ORDER BY creditor";

constexpr std::string_view k_creditors_with =
  "SELECT creditor FROM invoices WHERE number = ?1 ORDER BY creditor";

constexpr std::string_view k_deliveries = "SELECT job, number, creditor, state, recipients, "
                                          "attempts, sent_at, message_id, server_reply, "
                                          "pdf_sha256, error, updated_at FROM deliveries "
                                          "WHERE creditor = ?1 AND number = ?2 ORDER BY sequence";

// The reminders of an invoice a server accepted: "<number>#reminder-<level>@<creditor>"
// (register.hpp),
// the first acceptance of each level.
constexpr std::string_view k_sent_reminders =
  "SELECT number, min(sent_at) FROM deliveries WHERE creditor = ?1 AND number > ?2 || "
  "'#reminder-' AND number < ?2 || '#reminder.' AND state = 'sent' GROUP BY number";

constexpr std::string_view k_events = "SELECT at, state, attempt, detail FROM events "
                                      "WHERE job = ?1 AND number = ?2 ORDER BY sequence";

constexpr std::string_view k_insert_payment = R"sql(
INSERT INTO payments (creditor, number, amount_cents, currency, paid_on, method, note, source,
  source_reference, key, recorded_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
ON CONFLICT (key) WHERE key <> '' DO NOTHING
RETURNING sequence
)sql";

#define MAILROOM_PAYMENT_COLUMNS                                                                   \
  "sequence, creditor, number, amount_cents, currency, paid_on, method, note, source, "            \
  "source_reference, key, recorded_at"

constexpr std::string_view k_identical_payment =
  "SELECT " MAILROOM_PAYMENT_COLUMNS " FROM payments WHERE creditor = ?1 AND number = ?2 "
  "AND amount_cents = ?3 AND paid_on = ?4 AND method = ?5 AND recorded_at >= ?6 "
  "ORDER BY sequence DESC LIMIT 1";

constexpr std::string_view k_payments =
  "SELECT " MAILROOM_PAYMENT_COLUMNS " FROM payments WHERE (?1 = '' OR creditor = ?1) "
  "AND (?2 = '' OR number = ?2) AND (?3 = '' OR paid_on >= ?3) AND (?4 = '' OR paid_on <= ?4) "
  "ORDER BY paid_on, sequence";

#undef MAILROOM_PAYMENT_COLUMNS

Result<RegisteredInvoice> read_facts(Columns& columns, const Database& database) {
  RegisteredInvoice invoice;
  auto& facts = invoice.facts;
  facts.creditor = columns.text();
  facts.number = columns.text();
  invoice.known = columns.text() == "unknown" ? FactsKnown::Unknown : FactsKnown::Recorded;
  const auto kind = columns.text();
  if (kind == "credit_note") {
    facts.kind = RegisterKind::CreditNote;
  } else if (kind == "invoice" || kind.empty()) {
    facts.kind = RegisterKind::Invoice;
  } else {
    return make_error("invoice " + facts.number + " has the unknown kind \"" + kind + "\"",
                      Location{database.name()});
  }
  facts.credits = columns.text();
  facts.issue_date = columns.text();
  facts.due_date = columns.text();
  facts.currency = columns.text();
  facts.subtotal_cents = columns.integer();
  facts.vat_cents = columns.integer();
  facts.total_cents = columns.integer();
  facts.debtor_id = columns.text();
  facts.debtor_name = columns.text();
  facts.debtor_vat_number = columns.text();
  facts.recipients = columns.text();
  facts.language = columns.text();
  facts.reverse_charge = columns.integer() != 0 ? ReverseCharge::Yes : ReverseCharge::No;
  facts.payment_reference = columns.text();
  facts.creditor_iban = columns.text();
  facts.job = columns.text();
  facts.source = columns.text();
  invoice.pdf_sha256 = columns.text();
  invoice.first_recorded_at = columns.text();
  invoice.updated_at = columns.text();
  invoice.issued_at = columns.text();
  facts.debtor_address = columns.text();
  return invoice;
}

} // namespace

Result<RegisterRow> read_row(const Statement& statement, const Database& database) {
  Columns columns(statement);
  RegisterRow row;
  row.invoice = TRY(read_facts(columns, database));
  row.credited_cents = columns.integer();
  row.paid_cents = columns.integer();
  row.last_paid_on = columns.text();
  row.sent_at = columns.text();
  const auto state = columns.text();
  row.reminders_sent = static_cast<int>(columns.integer());
  row.override_recipients = columns.text();
  if (!state.empty()) {
    row.delivery = parse_state(state);
    if (!row.delivery) {
      return make_error("invoice " + row.invoice.facts.number + " has the unknown state \"" +
                          state + "\"",
                        Location{database.name()});
    }
  }
  return row;
}

namespace {

Result<RecordedPayment> read_payment(const Statement& statement, const Database& database) {
  Columns columns(statement);
  RecordedPayment payment;
  payment.sequence = columns.integer();
  auto& record = payment.record;
  record.creditor = columns.text();
  record.number = columns.text();
  record.amount_cents = columns.integer();
  record.currency = columns.text();
  record.paid_on = columns.text();
  const auto method = columns.text();
  const auto parsed = parse_payment_method(method);
  if (!parsed) {
    return make_error("payment " + std::to_string(payment.sequence) + " has the unknown method \"" +
                        method + "\"",
                      Location{database.name()});
  }
  record.method = *parsed;
  record.note = columns.text();
  record.source =
    columns.text() == "bank_statement" ? PaymentSource::BankStatement : PaymentSource::Manual;
  record.source_reference = columns.text();
  record.key = columns.text();
  payment.recorded_at = columns.text();
  return payment;
}

Status bind_facts(Statement& statement, const InvoiceFacts& facts, std::string_view now) {
  Parameters parameters(statement);
  TRY(parameters.text(facts.creditor));
  TRY(parameters.text(facts.number));
  TRY(parameters.text(register_kind_name(facts.kind)));
  TRY(parameters.text(facts.credits));
  TRY(parameters.text(facts.issue_date));
  TRY(parameters.text(facts.due_date));
  TRY(parameters.text(facts.currency));
  TRY(parameters.integer(facts.subtotal_cents));
  TRY(parameters.integer(facts.vat_cents));
  TRY(parameters.integer(facts.total_cents));
  TRY(parameters.text(facts.debtor_id));
  TRY(parameters.text(facts.debtor_name));
  TRY(parameters.text(facts.debtor_vat_number));
  TRY(parameters.text(facts.recipients));
  TRY(parameters.text(facts.language));
  TRY(parameters.integer(facts.reverse_charge == ReverseCharge::Yes ? 1 : 0));
  TRY(parameters.text(facts.payment_reference));
  TRY(parameters.text(facts.creditor_iban));
  TRY(parameters.text(facts.job));
  TRY(parameters.text(facts.source));
  TRY(parameters.text(now));
  TRY(parameters.text(facts.debtor_address));
  return Ok{};
}

Status write_facts(Database& database, std::string_view sql, const InvoiceFacts& facts,
                   std::string_view now) {
  auto* statement = TRY(database.cached(sql));
  const ScopedReset reset(*statement);
  TRY(bind_facts(*statement, facts, now));
  return run_to_end(*statement);
}

Result<std::vector<RegisterRow>> rows(Database& database, std::string_view sql,
                                      std::initializer_list<std::string_view> texts) {
  std::vector<RegisterRow> found;
  TRY(each(database, sql, texts, [&](const Statement& statement) -> Status {
    found.push_back(TRY(read_row(statement, database)));
    return Ok{};
  }));
  return found;
}

// Where the debtor is reached: its addresses and postal address may change until the invoice is
// issued; from then on they are those it was issued with.
bool same_recipients(const RegisteredInvoice& known, const InvoiceFacts& facts) {
  return known.is_issued() || (known.facts.recipients == facts.recipients &&
                               known.facts.debtor_address == facts.debtor_address);
}

} // namespace

std::vector<std::string_view> statements() {
  return {k_find,
          k_row,
          k_rows,
          k_insert,
          k_update,
          k_mark_issued,
          k_creditors_with,
          k_deliveries,
          k_events,
          k_insert_payment,
          k_identical_payment,
          k_payments,
          k_complete_address,
          k_issued_invoices_after,
          k_newest_statement_date,
          k_sent_reminders};
}

Result<std::optional<RegisteredInvoice>> find(Database& database, std::string_view creditor,
                                              std::string_view number) {
  std::optional<RegisteredInvoice> found;
  TRY(each(database, k_find, {creditor, number}, [&](const Statement& statement) -> Status {
    Columns columns(statement);
    found = TRY(read_facts(columns, database));
    return Ok{};
  }));
  return found;
}

Result<RegistrationResult> record(Database& database, const InvoiceFacts& facts,
                                  std::string_view now) {
  auto known = TRY(find(database, facts.creditor, facts.number));
  if (!known) {
    TRY(write_facts(database, k_insert, facts, now));
    if (database.changes() == 1) {
      return RegistrationResult{Registration::New, std::nullopt, {}};
    }
    // Another worker registered it since we looked (a shared PostgreSQL ledger): go on from its
    // record, as if it had been there.
    known = TRY(find(database, facts.creditor, facts.number));
    if (!known) {
      return make_error("invoice " + facts.number + " of " + facts.creditor +
                          " could be neither registered nor found",
                        Location{database.name()});
    }
  }
  if (known->known == FactsKnown::Unknown) {
    TRY(write_facts(database, k_update, facts, now));
    return RegistrationResult{Registration::Completed, std::nullopt, {}};
  }
  auto difference = first_difference(known->facts, facts);
  if (difference.empty() && same_recipients(*known, facts)) {
    if (known->facts.debtor_address.empty() && !facts.debtor_address.empty()) {
      TRY(execute(database, k_complete_address,
                  {facts.creditor, facts.number, facts.debtor_address}));
    }
    return RegistrationResult{Registration::Unchanged, std::nullopt, {}};
  }
  if (known->is_issued()) {
    return RegistrationResult{Registration::Conflict, *known, std::move(difference)};
  }
  TRY(write_facts(database, k_update, facts, now));
  return RegistrationResult{Registration::Updated, std::nullopt, {}};
}

Status mark_issued(Database& database, std::string_view creditor, std::string_view number,
                   std::string_view now, std::string_view pdf_sha256, std::string_view recipients) {
  return execute(database, k_mark_issued, {creditor, number, now, pdf_sha256, recipients});
}

Result<std::optional<RegisterRow>> row(Database& database, std::string_view creditor,
                                       std::string_view number) {
  std::optional<RegisterRow> found;
  TRY(each(database, k_row, {creditor, number}, [&](const Statement& statement) -> Status {
    found = TRY(read_row(statement, database));
    return Ok{};
  }));
  return found;
}

namespace {

// The ORDER BY of each order of the list, ascending; the last columns make it total, so that a
// page of a sorted list is always the same rows.
std::string_view order_columns(RegisterOrder order) {
  switch (order) {
    case RegisterOrder::IssueDate:
      break;
    case RegisterOrder::Number:
      return "i.number {}, i.creditor {}";
    case RegisterOrder::Creditor:
      return "i.creditor {}, i.issue_date {}, i.number {}";
    case RegisterOrder::Debtor:
      return "i.debtor_name COLLATE NOCASE {}, i.number {}, i.creditor {}";
    case RegisterOrder::Total:
      return "i.total_cents {}, i.number {}, i.creditor {}";
    case RegisterOrder::DueDate:
      return "i.due_date {}, i.number {}, i.creditor {}";
  }
  return "i.issue_date {}, i.number {}, i.creditor {}";
}

// The rows' statement in this order: one text per order and direction, so each is prepared once
// and kept in the database's cache.
const std::string& rows_statement(RegisterOrder order, SortDirection direction) {
  static const auto statements = [] {
    std::map<std::pair<RegisterOrder, SortDirection>, std::string> made;
    for (const auto each_order :
         {RegisterOrder::IssueDate, RegisterOrder::Number, RegisterOrder::Creditor,
          RegisterOrder::Debtor, RegisterOrder::Total, RegisterOrder::DueDate}) {
      for (const auto each_direction : {SortDirection::Ascending, SortDirection::Descending}) {
        std::string columns(order_columns(each_order));
        const std::string_view word = each_direction == SortDirection::Ascending ? "ASC" : "DESC";
        for (auto at = columns.find("{}"); at != std::string::npos; at = columns.find("{}")) {
          columns.replace(at, 2, word);
        }
        made[{each_order, each_direction}] = std::string(k_rows) + "ORDER BY " + columns;
      }
    }
    return made;
  }();
  return statements.at({order, direction});
}

} // namespace

Status each_row(Database& database, const RegisterQuery& query,
                const std::function<Result<Reading>(const RegisterRow&)>& visit) {
  auto* statement = TRY(database.cached(rows_statement(query.order, query.direction)));
  const ScopedReset reset(*statement);
  Parameters parameters(*statement);
  TRY(parameters.text(query.creditor));
  TRY(parameters.text(query.issued_from));
  TRY(parameters.text(query.issued_to));
  std::string deliveries;
  for (const auto& delivery : query.deliveries) {
    deliveries += "," + delivery;
  }
  TRY(parameters.text(deliveries.empty() ? deliveries : deliveries + ","));
  TRY(parameters.integer(query.reverse_charge_only == ReverseCharge::Yes ? 1 : 0));
  while (TRY(statement->step()) == StepResult::Row) {
    if (TRY(visit(TRY(read_row(*statement, database)))) == Reading::Stop) {
      break;
    }
  }
  return Ok{};
}

Result<std::vector<RegisterRow>> rows_with_reference(Database& database, std::string_view creditor,
                                                     std::string_view reference) {
  return rows(database, k_rows_with_reference, {creditor, reference});
}

Result<std::vector<RegisterRow>> issued_invoices_after(Database& database,
                                                       std::string_view creditor,
                                                       std::string_view after, std::int64_t limit) {
  std::vector<RegisterRow> found;
  auto* statement = TRY(database.cached(k_issued_invoices_after));
  const ScopedReset reset(*statement);
  Parameters parameters(*statement);
  TRY(parameters.text(creditor));
  TRY(parameters.text(after));
  TRY(parameters.integer(limit));
  while (TRY(statement->step()) == StepResult::Row) {
    found.push_back(TRY(read_row(*statement, database)));
  }
  return found;
}

Result<std::string> newest_statement_date(Database& database, std::string_view iban) {
  std::string newest;
  TRY(each(database, k_newest_statement_date, {iban}, [&](const Statement& statement) -> Status {
    newest = statement.column_text(0);
    return Ok{};
  }));
  return newest;
}

Result<std::vector<InvoiceDebtor>> debtors(Database& database, std::string_view creditor) {
  std::vector<InvoiceDebtor> found;
  TRY(each(database, k_debtors, {creditor}, [&](const Statement& statement) -> Status {
    found.push_back({statement.column_text(0), statement.column_text(1)});
    return Ok{};
  }));
  return found;
}

Result<std::vector<std::string>> creditors_with_iban(Database& database, std::string_view iban) {
  std::vector<std::string> creditors;
  TRY(each(database, k_creditors_with_iban, {iban}, [&](const Statement& statement) -> Status {
    creditors.push_back(statement.column_text(0));
    return Ok{};
  }));
  return creditors;
}

Result<std::vector<std::string>> creditors_with(Database& database, std::string_view number) {
  std::vector<std::string> creditors;
  TRY(each(database, k_creditors_with, {number}, [&](const Statement& statement) -> Status {
    creditors.push_back(statement.column_text(0));
    return Ok{};
  }));
  return creditors;
}

Result<std::vector<Entry>> deliveries(Database& database, std::string_view creditor,
                                      std::string_view number) {
  std::vector<Entry> entries;
  TRY(each(database, k_deliveries, {creditor, number}, [&](const Statement& statement) -> Status {
    entries.push_back(TRY(read_entry(statement, database)));
    return Ok{};
  }));
  return entries;
}

Result<std::vector<SentReminderRecord>> sent_reminders(Database& database,
                                                       std::string_view creditor,
                                                       std::string_view number) {
  std::vector<SentReminderRecord> found;
  TRY(
    each(database, k_sent_reminders, {creditor, number}, [&](const Statement& statement) -> Status {
      if (const auto level = reminder_level(statement.column_text(0), number)) {
        found.push_back({*level, statement.column_text(1)});
      }
      return Ok{};
    }));
  std::sort(found.begin(), found.end(),
            [](const auto& left, const auto& right) { return left.level < right.level; });
  return found;
}

Result<std::vector<Event>> events(Database& database, std::string_view job,
                                  std::string_view number) {
  std::vector<Event> found;
  TRY(each(database, k_events, {job, number}, [&](const Statement& statement) -> Status {
    Columns columns(statement);
    Event event;
    event.at = columns.text();
    const auto state = columns.text();
    const auto parsed = parse_state(state);
    if (!parsed) {
      return make_error("an event of " + std::string(number) + " has the unknown state \"" + state +
                          "\"",
                        Location{database.name()});
    }
    event.state = *parsed;
    event.attempt = static_cast<int>(columns.integer());
    event.detail = columns.text();
    found.push_back(std::move(event));
    return Ok{};
  }));
  return found;
}

Result<PaymentRecording> add_payment(Database& database, const PaymentRecord& payment,
                                     std::string_view now) {
  auto* statement = TRY(database.cached(k_insert_payment));
  const ScopedReset reset(*statement);
  Parameters parameters(*statement);
  TRY(parameters.text(payment.creditor));
  TRY(parameters.text(payment.number));
  TRY(parameters.integer(payment.amount_cents));
  TRY(parameters.text(payment.currency));
  TRY(parameters.text(payment.paid_on));
  TRY(parameters.text(payment_method_name(payment.method)));
  TRY(parameters.text(payment.note));
  TRY(parameters.text(payment_source_name(payment.source)));
  TRY(parameters.text(payment.source_reference));
  TRY(parameters.text(payment.key));
  TRY(parameters.text(now));
  bool inserted = false;
  while (TRY(statement->step()) == StepResult::Row) {
    inserted = true;
  }
  return inserted ? PaymentRecording::Recorded : PaymentRecording::AlreadyRecorded;
}

Result<std::optional<RecordedPayment>> identical_payment_since(Database& database,
                                                               const PaymentRecord& payment,
                                                               std::string_view since) {
  auto* statement = TRY(database.cached(k_identical_payment));
  const ScopedReset reset(*statement);
  Parameters parameters(*statement);
  TRY(parameters.text(payment.creditor));
  TRY(parameters.text(payment.number));
  TRY(parameters.integer(payment.amount_cents));
  TRY(parameters.text(payment.paid_on));
  TRY(parameters.text(payment_method_name(payment.method)));
  TRY(parameters.text(since));
  std::optional<RecordedPayment> found;
  while (TRY(statement->step()) == StepResult::Row) {
    found = TRY(read_payment(*statement, database));
  }
  return found;
}

Status check_payable(Database& database, const PaymentRecord& payment) {
  const auto invoice = TRY(find(database, payment.creditor, payment.number));
  const std::string number = payment.number;
  if (!invoice) {
    return make_error("the register has no invoice " + number + " of creditor " + payment.creditor);
  }
  if (invoice->facts.kind == RegisterKind::CreditNote) {
    return make_error(number + " is a credit note: it gives money back and takes no payment");
  }
  if (!invoice->is_issued()) {
    return make_error(number + " was never sent, so it cannot have been paid yet");
  }
  if (invoice->known == FactsKnown::Recorded && invoice->facts.currency != payment.currency) {
    return make_error(number + " is in " + invoice->facts.currency + ", the payment in " +
                      payment.currency + ": currencies are never mixed");
  }
  return Ok{};
}

Status each_payment(Database& database, const PaymentQuery& query,
                    const std::function<Status(const RecordedPayment&)>& visit) {
  return each(database, k_payments, {query.creditor, query.number, query.paid_from, query.paid_to},
              [&](const Statement& statement) -> Status {
                return visit(TRY(read_payment(statement, database)));
              });
}

} // namespace mailroom::ledger::register_store
