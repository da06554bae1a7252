#pragma once

#include <engine/ledger/payments.hpp>
#include <engine/ledger/register.hpp>
#include <engine/util/result.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// What importing a bank statement reads and writes, inside the one transaction of a file
// (Ledger::import_bank_file): the register to match entries against, the statements and entries
// already imported, and the payments the entries make. It lives only as long as that transaction.

namespace mailroom::ledger {

class Database;

struct StatementRecord {
  std::string account_iban;
  std::string statement_id;
  std::string message_id;
  std::string file;
  std::string statement_date; // YYYY-MM-DD: the day the statement reports up to.
};

enum class EntryDirection { Credit, Debit };

struct BankEntryRecord {
  std::string entry_key;
  std::int64_t statement = 0; // The sequence add_statement returned.
  std::int64_t position = 0;
  std::string booking_date;
  std::int64_t amount_cents = 0;
  std::string currency;
  EntryDirection direction = EntryDirection::Credit;
  bool reversal = false;
  std::string counterparty_name;
  std::string remittance;
  std::string outcome; // "matched", "partial", "overpaid", "unmatched", "reversed", ...
};

class BankBook {
public:
  explicit BankBook(Database& database)
    : m_database(database) {}

  // The creditors whose invoices print this IBAN (without spaces).
  [[nodiscard]] Result<std::vector<std::string>> creditors_with_iban(std::string_view iban);
  [[nodiscard]] Result<bool> entry_imported(std::string_view entry_key);
  [[nodiscard]] Result<std::optional<RegisterRow>> row(std::string_view creditor,
                                                       std::string_view number);
  // The creditor's invoices whose payment reference is this one (upper case, without spaces).
  [[nodiscard]] Result<std::vector<RegisterRow>> rows_with_reference(std::string_view creditor,
                                                                     std::string_view reference);
  // The number and debtor name of each of the creditor's issued invoices (not credit notes).
  [[nodiscard]] Result<std::vector<InvoiceDebtor>> debtors(std::string_view creditor);
  [[nodiscard]] Result<std::int64_t> add_statement(const StatementRecord& statement);
  [[nodiscard]] Status add_entry(const BankEntryRecord& entry);
  // Records the payment unless its key was recorded before (then AlreadyRecorded).
  [[nodiscard]] Result<PaymentRecording> add_payment(const PaymentRecord& payment);

private:
  Database& m_database;
};

} // namespace mailroom::ledger
