#pragma once

#include <engine/job/money.hpp>
#include <engine/ledger/address.hpp>
#include <engine/util/result.hpp>
#include <engine/util/time.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

// The data of a job: creditors with their mailboxes, and invoices. Plain values, no behaviour
// beyond what is computed from the input; the readers in this folder fill them in.

namespace mailroom::job {

enum class Language { Dutch, English };

// "nl" / "en".
std::string_view language_code(Language language);
std::optional<Language> parse_language(std::string_view code);

enum class StartTls { Required, Opportunistic, Off };

enum class MailboxKind { Smtp, Smtps, Maildir };

// A mailbox's `rate`: `messages` per `period_seconds` (1, 60, 3600 or 86400).
struct MailboxRate {
  unsigned messages = 0;
  unsigned period_seconds = 1;
};

// A named `[mailbox.NAME]` table of the creditors file.
struct Mailbox {
  std::string name;
  std::string url; // As written: smtp://host:port, smtps://host:port, maildir:PATH.
  MailboxKind kind = MailboxKind::Maildir;
  std::string host;              // For smtp and smtps.
  unsigned short port = 0;       // For smtp and smtps.
  std::filesystem::path maildir; // For maildir, resolved against the creditors file.
  std::string from_name;         // Display name of `from`, may be empty.
  std::string from_address;      // Address of `from`.
  std::string reply_to;          // Optional "Name <addr>" or "addr" as written.
  std::vector<std::string> bcc;  // Addresses.
  StartTls starttls = StartTls::Required;
  unsigned connections = 2; // Size of the connection pool.
  std::string username_env; // Names of environment variables; never the secrets themselves.
  std::string password_env;
  std::filesystem::path ca_file; // Optional extra trust anchors, resolved against the file.
  // Retries after temporary failures: tries in all, and how long after the first a retry may
  // still start. The backoff base is for tests (milliseconds; 1 s in production).
  unsigned max_attempts = 5;
  unsigned retry_for_seconds = 600;
  unsigned retry_backoff_milliseconds = 1000;
  // Like Postfix's smtp_connect_timeout, smtp_helo/mail/rcpt_timeout, smtp_data_done_timeout.
  unsigned connect_timeout_seconds = 30;
  unsigned command_timeout_seconds = 300;
  unsigned data_timeout_seconds = 600;
  // `rate = "30/minute"`: at most this many messages per second, minute, hour or day, paced
  // evenly; `max_per_run`: messages accepted in one run, the rest left for the next. Unset: none.
  std::optional<MailboxRate> rate;
  std::optional<unsigned> max_per_run;
};

// A level of a creditor's payment reminders (`[[creditor.reminder]]`): sent this many days after
// the due date to an invoice still open, with its own email template; a fee is shown on the
// reminder and counted in what it asks, never added to the invoice.
struct ReminderLevel {
  unsigned after_days = 0;
  std::filesystem::path email_template; // Folder, resolved against the creditors file.
  Money fee;                            // Zero: none.
  unsigned pay_within_days = 14;        // The reminder's new pay-by date: this many days later.
};

struct Creditor {
  std::string id;
  std::string name;
  std::vector<std::string> address;
  std::string vat_number;
  std::string coc; // Chamber of commerce number.
  std::string iban;
  Language language = Language::Dutch;
  std::string mailbox;                  // Name of a Mailbox.
  std::filesystem::path email_template; // Folder, resolved against the creditors file.
  std::filesystem::path letterhead;     // PDF, resolved against the creditors file.
  bool use_letterhead = true;
  // Prints an EPC QR code ("GiroCode") in the payment block of EUR invoices with an amount due.
  bool payment_qr = false;
  // Payment reminders, by ascending after_days; none: this creditor sends no reminders.
  std::vector<ReminderLevel> reminders;
  // Holds reminders while the newest imported bank statement of the creditor's IBAN is older than
  // this many days: nobody is reminded of an invoice paid yesterday.
  std::optional<unsigned> hold_reminders_if_statement_older_than;
};

struct Creditors {
  std::filesystem::path path;
  std::map<std::string, Creditor> by_id;
  std::map<std::string, Mailbox> mailboxes;

  const Creditor* find(std::string_view id) const;
  const Mailbox& mailbox_of(const Creditor& creditor) const; // Validated to exist when loaded.
};

struct Job {
  std::filesystem::path path;
  std::string name;
  std::filesystem::path creditors_file;
  std::vector<std::filesystem::path> invoice_files;
  // An SQLite file (resolved against the job file) or a PostgreSQL database, with the name of the
  // environment variable that holds its password (`ledger_password_env`).
  ledger::Address ledger;
  std::filesystem::path archive;
  std::optional<bool> letterhead; // Overrides each creditor's use_letterhead when set.
  std::optional<std::string>
    transport; // Redirects all mail of the job, e.g. "maildir:../var/outbox".
};

struct Debtor {
  std::string id;
  std::string name;
  std::vector<std::string> address;
  std::string vat_number;
  std::string emails; // As written: addresses separated by ';'.
};

struct InvoiceLine {
  std::string description;
  Decimal quantity;
  std::string unit;
  Decimal unit_price;
  Decimal vat_rate; // Percent, e.g. 21 or 9.
  Money total;      // quantity × unit_price, rounded to cents; negated in a credit note.
};

// An invoice asks for payment; a credit note gives (part of) an earlier invoice back.
//
// A credit note's lines are written exactly as on the invoice they credit: positive quantities
// and prices (a discount line keeps its negative price). The engine negates the line totals, the
// VAT and the totals, so a credit note shows negative amounts and its VAT is exactly the negation
// of the VAT the same lines carried on the invoice (rounding is symmetric around zero).
//
// On a plain invoice a line with a negative unit price is a discount, but the total must not be
// negative: a credit is a credit note. Quantities are never negative.
enum class DocumentKind { Invoice, CreditNote };

// Reverse charge ("BTW verlegd"): the debtor accounts for the VAT, so none is charged.
enum class VatCharge { Charged, ReverseCharged };

// The VAT of one rate: computed on the sum of the lines at that rate, not per line.
struct VatGroup {
  Decimal rate;
  Money base;
  Money vat;
};

struct Totals {
  Money subtotal;
  std::vector<VatGroup> vat; // Ordered by rate, ascending.
  Money vat_total;
  Money total;
};

struct Invoice {
  Location source; // File and line of the JSON Lines record.
  std::string number;
  std::string creditor;
  time::Date date;
  time::Date due_date;
  std::string currency = "EUR";
  Language language = Language::Dutch;
  bool language_given = false; // False: the creditor's language applies.
  Debtor debtor;
  std::vector<InvoiceLine> lines;
  std::string note;
  std::string reference;
  DocumentKind kind = DocumentKind::Invoice;
  std::string credits; // A credit note: the number of the invoice it credits.
  // Reverse charge: requires the debtor's VAT number; every VAT group is charged 0.
  VatCharge vat_charge = VatCharge::Charged;
  Totals totals;
};

// The language an invoice is written in: its own if given, else its creditor's.
Language effective_language(const Invoice& invoice, const Creditor& creditor);

// Sums the lines (whose totals already carry their sign) and computes the VAT per rate; under
// reverse charge every group's VAT is 0.
Totals compute_totals(const std::vector<InvoiceLine>& lines,
                      VatCharge vat_charge = VatCharge::Charged);

// Sets each line's total from its quantity and unit price, negated in a credit note, and the
// invoice's totals. Can be called again after changing the invoice.
Status compute_amounts(Invoice& invoice);

} // namespace mailroom::job
