#pragma once

#include "database.hpp"

#include <engine/ledger/ledger.hpp>
#include <engine/util/result.hpp>

#include <functional>
#include <optional>
#include <string_view>
#include <vector>

// The SQL of the invoice register and its payments (schema.cpp has the tables), on a Database the
// caller holds: the Ledger, under its group commit. Nothing here takes a lock or commits.

namespace mailroom::ledger::register_store {

// Every statement of this file, prepared once when the ledger opens.
std::vector<std::string_view> statements();

Result<std::optional<RegisteredInvoice>> find(Database& database, std::string_view creditor,
                                              std::string_view number);

// Records the facts as the register's rules allow (register.hpp: Registration).
Result<RegistrationResult> record(Database& database, const InvoiceFacts& facts,
                                  std::string_view now);

// The invoice is going out: from now on its facts are what was issued, with this PDF and these
// recipients. Nothing happens for an invoice issued before or not in the register.
Status mark_issued(Database& database, std::string_view creditor, std::string_view number,
                   std::string_view now, std::string_view pdf_sha256, std::string_view recipients);

Result<std::optional<RegisterRow>> row(Database& database, std::string_view creditor,
                                       std::string_view number);
Status each_row(Database& database, const RegisterQuery& query,
                const std::function<Result<Reading>(const RegisterRow&)>& visit);
// Reads a row selected by the register's row query (after its facts: credited, paid, ...).
Result<RegisterRow> read_row(const Statement& statement, const Database& database);
// The creditor's invoices with this payment reference; the number and debtor of each issued
// invoice (not credit note) of the creditor; the creditors whose invoices print this IBAN.
Result<std::vector<RegisterRow>> rows_with_reference(Database& database, std::string_view creditor,
                                                     std::string_view reference);
Result<std::vector<InvoiceDebtor>> debtors(Database& database, std::string_view creditor);
Result<std::vector<std::string>> creditors_with_iban(Database& database, std::string_view iban);
// The creditors that have an invoice with this number.
Result<std::vector<std::string>> creditors_with(Database& database, std::string_view number);

// The creditor's issued invoices (not credit notes) numbered after `after`, by number, at most
// `limit`: a page of what `mailroom remind` looks at, so that it never holds the whole register.
Result<std::vector<RegisterRow>> issued_invoices_after(Database& database,
                                                       std::string_view creditor,
                                                       std::string_view after, std::int64_t limit);
// The latest day a bank statement of this account reports up to; empty when none was imported.
Result<std::string> newest_statement_date(Database& database, std::string_view iban);

// Every delivery of the invoice, in any job, as first recorded; and each one's history.
Result<std::vector<Entry>> deliveries(Database& database, std::string_view creditor,
                                      std::string_view number);
Result<std::vector<SentReminderRecord>> sent_reminders(Database& database,
                                                       std::string_view creditor,
                                                       std::string_view number);
Result<std::vector<Event>> events(Database& database, std::string_view job,
                                  std::string_view number);

// Records the payment unless its key was recorded before.
Result<PaymentRecording> add_payment(Database& database, const PaymentRecord& payment,
                                     std::string_view now);
// The latest payment recorded at or after `since` with the same invoice, amount, date and method.
Result<std::optional<RecordedPayment>> identical_payment_since(Database& database,
                                                               const PaymentRecord& payment,
                                                               std::string_view since);
// Why the register cannot take this payment (an unknown invoice, a credit note, another
// currency, an invoice never issued), or Ok.
Status check_payable(Database& database, const PaymentRecord& payment);
Status each_payment(Database& database, const PaymentQuery& query,
                    const std::function<Status(const RecordedPayment&)>& visit);

} // namespace mailroom::ledger::register_store
