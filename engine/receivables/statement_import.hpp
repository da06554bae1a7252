#pragma once

#include <engine/bank/camt_statement.hpp>
#include <engine/ledger/ledger.hpp>
#include <engine/util/result.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

// Importing a bank statement: each booked credit is matched to the invoices it pays, never by
// guessing, and recorded as their payment; a reversal takes a payment back. In this order:
//   1. a structured creditor reference (RmtInf/Strd) that is an invoice's ISO 11649 reference;
//   2. otherwise the remittance text naming exactly one invoice number of the creditor (found by
//      the statement account's IBAN, as the invoices print it);
//   3. a reference or text naming several invoices, with an amount that equals their outstanding
//      sum, is split over them;
//   4. anything else is unmatched, for a person to assign (`mailroom payment add`); an open
//      invoice of a debtor of that name with that amount outstanding is suggested, never applied.
// One file is one transaction: a file with a problem records nothing. An entry already imported
// (by its AcctSvcrRef, else statement, position, amount and date) is never imported again.

namespace mailroom::receivables {

enum class EntryOutcome {
  Matched,         // Paid an invoice in full.
  Partial,         // Paid part of an invoice.
  Overpaid,        // Paid more than an invoice's outstanding.
  Split,           // Paid several invoices in full.
  Reversed,        // Took an earlier payment back.
  Unmatched,       // For a person to assign.
  AlreadyImported, // Imported from this or an earlier statement before.
  NotAPayment,     // Money paid out, or a reversal of it: nothing to do with invoices.
  NotBooked,       // Pending or for information only: counted once the bank books it.
};

// "matched", "partial", "overpaid", "split", "reversed", "unmatched", "already_imported",
// "not_a_payment", "not_booked".
std::string_view entry_outcome_name(EntryOutcome outcome);

struct AppliedPayment {
  std::string number;
  std::int64_t amount_cents = 0; // Negative for a payment taken back.
};

struct TransactionResult {
  EntryOutcome outcome = EntryOutcome::Unmatched;
  std::vector<AppliedPayment> payments;
  std::string reason;     // Why it is unmatched.
  std::string suggestion; // An invoice a person may want to look at; never applied.
};

struct EntryResult {
  const bank::StatementEntry* entry = nullptr;
  std::string key;
  EntryOutcome outcome = EntryOutcome::Unmatched; // The entry's, or the worst of its transactions'.
  std::vector<TransactionResult> transactions;    // One per transaction when it was matched.
};

struct StatementResult {
  const bank::Statement* statement = nullptr;
  std::string creditor;
  std::vector<EntryResult> entries;
};

// What became of one file. Refers to the StatementFile it was made from.
struct FileImport {
  std::filesystem::path path;
  std::vector<Error> problems; // Not empty: the file was refused and nothing of it recorded.
  std::vector<StatementResult> statements;
};

FileImport import_statement_file(ledger::Ledger& ledger, const bank::StatementFile& file);

// The count of outcomes over one or more files, and the sentence a person reads.
struct ImportCounts {
  std::size_t entries = 0;
  std::size_t matched = 0; // Also those partial and split.
  std::size_t partial = 0;
  std::size_t overpaid = 0;
  std::size_t reversed = 0;
  std::size_t unmatched = 0;
  std::size_t already_imported = 0;
  std::size_t not_payments = 0;
  std::size_t not_booked = 0;

  void add(const FileImport& import);
  // "12 entries: 9 matched (2 partial), 1 overpaid, 2 unmatched, 0 already imported", and what
  // else there was.
  std::string summary() const;
};

// An invoice number or reference as compared: without spaces, in upper case.
std::string normalized_reference(std::string_view text);

} // namespace mailroom::receivables
