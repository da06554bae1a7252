#pragma once

#include <engine/commands/commands.hpp>
#include <engine/ledger/payments.hpp>
#include <engine/receivables/invoice_filter.hpp>
#include <engine/receivables/list_writer.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

// The commands of a credit controller, over the invoice register in the ledger: the invoice list,
// one invoice, payments entered by hand and their list. Each reads the ledger of a job, or one
// named by --ledger.

namespace mailroom::commands {

// Which ledger: the job's (`job`), or the file itself (`ledger`); exactly one is set.
struct LedgerChoice {
  std::filesystem::path job;
  std::filesystem::path ledger;
};

struct InvoicesOptions {
  LedgerChoice ledger;
  receivables::InvoiceFilter filter;
  receivables::ListFormat format = receivables::ListFormat::Table;
};

// `mailroom invoices`: the invoices the filter selects, in issue date and number order.
CommandResult invoices(const InvoicesOptions& options);

struct InvoiceShowOptions {
  LedgerChoice ledger;
  std::string number;
  std::string creditor; // Empty: the only creditor with this number.
  time::Date as_of;
};

// `mailroom invoice show`: one invoice's facts, deliveries with their history, payments, and
// its archived PDF checked against the SHA-256 it was sent with (when the job is given).
CommandResult invoice_show(const InvoiceShowOptions& options);

// Whether `invoice recipient` sets an override or clears the one in force.
enum class RecipientChange { Set, Clear };

struct InvoiceRecipientOptions {
  LedgerChoice ledger;
  std::string number;
  std::string creditor;   // Empty: the only creditor with this number.
  std::string recipients; // As the operator wrote them, separated by ';'. Unused by Clear.
  std::string note;
  RecipientChange change = RecipientChange::Set;
};

// `mailroom invoice recipient`: records a recipient override of one invoice in the ledger, synced
// to disk, or clears it. Refused for an address that is not acceptable (each named as a run would)
// and for an invoice not in the register.
CommandResult invoice_recipient(const InvoiceRecipientOptions& options);

struct PaymentAddOptions {
  LedgerChoice ledger;
  std::string creditor; // Empty: the only creditor with this number.
  ledger::PaymentRecord payment;
  ledger::RepeatedPayment repeated = ledger::RepeatedPayment::AskFirst;
};

// `mailroom payment add`: records a payment by hand, synced to disk.
CommandResult payment_add(const PaymentAddOptions& options);

struct PaymentListOptions {
  LedgerChoice ledger;
  ledger::PaymentQuery query;
  receivables::ListFormat format = receivables::ListFormat::Table;
};

// `mailroom payment list`: the payments the query selects, by date.
CommandResult payment_list(const PaymentListOptions& options);

struct NumberingOptions {
  LedgerChoice ledger;
  std::string creditor; // Empty: every creditor.
  receivables::ListFormat format = receivables::ListFormat::Table;
};

// `mailroom numbering`: the gaps in each creditor's invoice numbering, with what the ledger knows
// of each missing number (receivables/numbering.hpp). Completed when there is none, Incomplete
// when there are gaps (or the ledger could not be read to its end).
CommandResult numbering(const NumberingOptions& options);

struct BankImportOptions {
  LedgerChoice ledger;
  std::vector<std::filesystem::path> files;
  std::filesystem::path report; // Empty: no JSON report.
};

// `mailroom bank import`: reads each CAMT.053 file and records the payments its entries make, one
// transaction per file. Completed when every entry found its invoices; Incomplete when some are
// left for a person (or a file was refused while others were imported); Refused when no file
// could be imported.
CommandResult bank_import(const BankImportOptions& options);

struct RemindOptions {
  pipeline::RunOptions run; // Threads, limit, dry run, --resend-unknown, report, progress.
  time::Date as_of;         // The day the reminders are for (default today).
};

// `mailroom remind`: the payment reminders due as of the day, for every invoice in the job's
// ledger of a creditor with reminder levels, through the same pipeline and guarantees as `run`.
CommandResult remind(const std::filesystem::path& job_file, const RemindOptions& options);

} // namespace mailroom::commands
