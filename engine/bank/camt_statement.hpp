#pragma once

#include <engine/job/money.hpp>
#include <engine/util/result.hpp>
#include <engine/util/time.hpp>

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

// A bank statement as an ISO 20022 CAMT.053 file tells it, in plain entries: what came in or went
// out, when, from whom, with which references. It knows nothing of invoices; matching entries to
// invoices is the business of `mailroom bank import`.

namespace mailroom::bank {

// The two versions of camt.053 Dutch and Belgian banks export.
enum class CamtVersion { Version02, Version08 }; // camt.053.001.02 and camt.053.001.08

// Money coming in to the account (CRDT) or going out of it (DBIT).
enum class Direction { Credit, Debit };

// Sts: BOOK, PDNG and INFO; anything else (such as FUTR, or a .08 Sts/Prtry code) is Other.
enum class Booking { Booked, Pending, Information, Other };

// RvslInd: a reversal undoes an earlier entry of the opposite direction (a returned payment).
enum class Reversal { No, Yes };

// A return: the bank books money received going back (a SEPA return, R-transaction), as a debit
// without RvslInd. It says so by the entry's bank transaction code, sub-family RRTN ("reversal due
// to return"), or by return information (TxDtls/RtrInf) in its details.
enum class Return { No, Yes };

// One transaction of an entry: an Ntry/NtryDtls/TxDtls, or the entry itself when it has none. A
// batch (a SEPA collection, a bundle of transfers) is one entry of several transactions.
struct Transaction {
  // .02: TxDtls/AmtDtls/TxAmt/Amt; .08: TxDtls/Amt, else TxDtls/AmtDtls/TxAmt/Amt. When the only
  // TxDtls of an entry (or the entry itself) has no amount of its own, the entry's amount; one
  // of several without an amount of its own has none (zero, no currency).
  job::Money amount;
  std::string currency; // The amount's @Ccy.
  // The other party: of Dbtr and Cdtr (.02: Dbtr/Nm, DbtrAcct/Id/IBAN; .08: Dbtr/Pty/Nm or
  // Dbtr/Nm), the one whose account is not the statement's. When the accounts do not tell
  // (neither is known, or both or neither are the statement's), the debtor of money received, the
  // creditor of money paid; for a reversal, the other way round. Either may be empty.
  std::string counterparty_name;
  std::string counterparty_iban; // Upper case, without spaces.
  std::string end_to_end_id;     // Refs/EndToEndId; empty for NOTPROVIDED.
  // Every RmtInf/Strd/CdtrRefInf/Ref of this TxDtls, as written (trimmed): an RF creditor
  // reference, a Belgian structured communication "+++123/4567/89012+++", ...
  std::vector<std::string> structured_references;
  // Every RmtInf/Ustrd line of this TxDtls joined without a separator: banks cut one text into
  // lines of 140 characters, wherever the cut falls.
  std::string unstructured_remittance;
};

struct StatementEntry {
  Location source;                        // The file and line of its <Ntry>.
  std::size_t position = 0;               // 1-based position of the entry within its statement.
  std::string account_servicer_reference; // Ntry/AcctSvcrRef; may be empty.
  job::Money amount;    // Ntry/Amt: always positive, the direction says which way it went.
  std::string currency; // Amt/@Ccy.
  Direction direction = Direction::Credit;
  Booking booking = Booking::Booked;
  Reversal reversal = Reversal::No;
  Return returned = Return::No; // BkTxCd/Domn/Fmly/SubFmlyCd RRTN, or a TxDtls/RtrInf.
  // BookgDt/Dt, or the date of BookgDt/DtTm; without BookgDt, the value date. A booked entry
  // always has one; a pending or informational entry may have neither date.
  std::optional<time::Date> booking_date;
  std::optional<time::Date> value_date; // ValDt/Dt or ValDt/DtTm.
  // At least one. Their amounts need not add up to the entry's: banks leave some out.
  std::vector<Transaction> transactions;
};

struct Statement {
  Location source;              // The file and line of its <Stmt>.
  std::string id;               // Stmt/Id.
  std::string account_iban;     // Stmt/Acct/Id/IBAN, upper case, without spaces.
  std::string account_currency; // Stmt/Acct/Ccy; empty if the file leaves it out.
  std::string created;          // Stmt/CreDtTm as written.
  // The date of Stmt/FrToDt/ToDtTm; else the latest booking date of a booked entry; else the date
  // of CreDtTm.
  std::optional<time::Date> to_date;
  std::vector<StatementEntry> entries;
};

struct StatementFile {
  std::filesystem::path path;
  CamtVersion version = CamtVersion::Version02;
  std::string message_id; // GrpHdr/MsgId.
  std::vector<Statement> statements;
};

} // namespace mailroom::bank
