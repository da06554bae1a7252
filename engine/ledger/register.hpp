#pragma once

#include <engine/ledger/state.hpp>
#include <engine/util/result.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The invoice register: the facts of every invoice a run has read, keyed by creditor and number.
// They are what the invoice was issued with once it is first marked `sending`, and never change
// after that (schema.cpp). The ledger records these facts; it does not compute them: amounts are
// integer cents, dates ISO texts, as the caller gives them.

namespace mailroom::ledger {

enum class RegisterKind { Invoice, CreditNote };
enum class ReverseCharge { No, Yes };

// "invoice", "credit_note": what the ledger file stores.
std::string_view register_kind_name(RegisterKind kind);

struct InvoiceFacts {
  std::string creditor;
  std::string number;
  RegisterKind kind = RegisterKind::Invoice;
  std::string credits;    // A credit note: the number of the invoice it credits.
  std::string issue_date; // YYYY-MM-DD.
  std::string due_date;   // YYYY-MM-DD.
  std::string currency;
  std::int64_t subtotal_cents = 0;
  std::int64_t vat_cents = 0;
  std::int64_t total_cents = 0; // Negative for a credit note.
  std::string debtor_id;
  std::string debtor_name;
  std::string debtor_vat_number;
  std::string debtor_address; // Its lines joined by '\n'; may change until issued, like recipients.
  std::string recipients;     // The debtor's addresses as written; the delivery has those it used.
  std::string language;       // "nl", "en".
  ReverseCharge reverse_charge = ReverseCharge::No;
  std::string payment_reference; // ISO 11649, without spaces; empty when none is printed.
  std::string creditor_iban;     // As the PDF prints it, without spaces.
  std::string job;               // The job that recorded these facts...
  std::string source;            // ...and the file and line it read them from.
};

// Whether the register knows an invoice's facts: Unknown for one sent before the register existed
// (a migrated ledger), until a run reads it again.
enum class FactsKnown { Recorded, Unknown };

struct RegisteredInvoice {
  InvoiceFacts facts;
  FactsKnown known = FactsKnown::Recorded;
  std::string pdf_sha256;        // Of the PDF first sent; empty before.
  std::string first_recorded_at; // UTC ISO 8601.
  std::string updated_at;
  std::string issued_at; // When it was first marked `sending`; empty if it never was.

  bool is_issued() const { return !issued_at.empty(); }
};

// What recording an invoice's facts did.
enum class Registration {
  New,       // Not in the register before.
  Updated,   // Never issued, so its facts were taken as they are now.
  Unchanged, // Issued (or recorded) with exactly these facts.
  Completed, // Issued before the register existed; its facts are now known.
  Conflict,  // Issued with other facts: refused, nothing written.
};

struct RegistrationResult {
  Registration registration = Registration::New;
  // For a Conflict: the invoice as it was issued, and the first fact that differs.
  std::optional<RegisteredInvoice> issued;
  std::string differing_field; // "total", "debtor", "issue date", ...
};

// The first fact in which `issued` and `now` differ, as a person names it ("total", "due date"),
// or empty when they describe the same document. Recipients, job and source may differ: an
// invoice may be sent again to other addresses, from another job.
std::string first_difference(const InvoiceFacts& issued, const InvoiceFacts& now);

// One invoice as the register lists it: its facts and what became of it.
struct RegisterRow {
  RegisteredInvoice invoice;
  std::int64_t credited_cents = 0; // The issued credit notes that credit it, as a positive sum.
  std::int64_t paid_cents = 0;     // Its payments, less those taken back.
  std::string last_paid_on;        // The date of its latest payment; empty if none.
  // Sent if a server ever accepted it (in any job); else the state of its latest delivery; none
  // when no run has tried to deliver it yet.
  std::optional<State> delivery;
  std::string sent_at; // When a server last accepted it; empty if none did.
  int reminders_sent = 0;
  // The addresses of the recipient override in force (recipient_overrides.hpp), joined by "; ";
  // empty when none is, and the invoice goes to those of its invoice data.
  std::string override_recipients;
};

// A payment reminder is a document of its own, delivered like an invoice: its delivery is
// recorded under "<number>#reminder-<level>@<creditor>" ('#' is never part of an invoice number),
// so each level has the same guarantees as an invoice (sending synced before it goes out, unknown
// never resent) and is never sent twice. The creditor is part of it because one `remind` covers
// every creditor, and two creditors may number an invoice alike, while a delivery is known by its
// job and this name.
std::string reminder_document(std::string_view number, unsigned level, std::string_view creditor);

// The level of a reminder document of invoice `number` ("<number>#reminder-<level>" and
// optionally "@<creditor>"); none for any other document.
std::optional<unsigned> reminder_level(std::string_view document, std::string_view number);

// A reminder level a mail server accepted, and when (UTC ISO 8601).
struct SentReminderRecord {
  unsigned level = 0;
  std::string sent_at;
};

// An invoice's number and its debtor's name.
struct InvoiceDebtor {
  std::string number;
  std::string debtor_name;
};

// The orders the register can list its rows in; each ends in number and creditor, so that every
// order is total.
enum class RegisterOrder { IssueDate, Number, Creditor, Debtor, Total, DueDate };
enum class SortDirection { Ascending, Descending };

// Which rows to list, and in which order; the rest of the filtering is the caller's
// (receivables/).
struct RegisterQuery {
  std::string creditor;    // Empty: every creditor.
  std::string issued_from; // Inclusive, YYYY-MM-DD; empty: no bound.
  std::string issued_to;
  // Only rows whose delivery is one of these: state names, or "not_sent" for a row no run tried
  // to deliver (RegisterRow::delivery); empty: any. Judged by the SQL, so that a list of the few
  // invoices not sent yet does not read the facts of every invoice sent.
  std::vector<std::string> deliveries;
  ReverseCharge reverse_charge_only = ReverseCharge::No; // Yes: only reverse-charged invoices.
  RegisterOrder order = RegisterOrder::IssueDate;
  SortDirection direction = SortDirection::Ascending;
};

// Whether a reader of rows wants the next one.
enum class Reading { GoOn, Stop };

} // namespace mailroom::ledger
