#include "statement_import.hpp"

#include "search_text.hpp"
#include "standing.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

namespace mailroom::receivables {

std::string_view entry_outcome_name(EntryOutcome outcome) {
  switch (outcome) {
    case EntryOutcome::Matched:
      return "matched";
    case EntryOutcome::Partial:
      return "partial";
    case EntryOutcome::Overpaid:
      return "overpaid";
    case EntryOutcome::Split:
      return "split";
    case EntryOutcome::Reversed:
      return "reversed";
    case EntryOutcome::Unmatched:
      return "unmatched";
    case EntryOutcome::AlreadyImported:
      return "already_imported";
    case EntryOutcome::NotAPayment:
      return "not_a_payment";
    case EntryOutcome::NotBooked:
      return "not_booked";
  }
  return "unmatched";
}

std::string normalized_reference(std::string_view text) {
  std::string normalized;
  for (const char character : text) {
    if (character != ' ') {
      normalized += static_cast<char>(std::toupper(static_cast<unsigned char>(character)));
    }
  }
  return normalized;
}

namespace {

// A remittance text names at most this many words worth looking up as invoice numbers.
constexpr std::size_t k_maximum_words = 64;

std::string iso(const std::optional<time::Date>& date) {
  return date ? date->to_iso() : std::string();
}

// "<IBAN>|ref:<AcctSvcrRef>", else "<IBAN>|<statement>|<position>|<cents>|<date>": the same entry
// in an overlapping statement has the same AcctSvcrRef.
std::string entry_key(const bank::Statement& statement, const bank::StatementEntry& entry) {
  if (!entry.account_servicer_reference.empty()) {
    return statement.account_iban + "|ref:" + entry.account_servicer_reference;
  }
  return statement.account_iban + "|" + statement.id + "|" + std::to_string(entry.position) + "|" +
         std::to_string(entry.amount.cents) + "|" + iso(entry.booking_date);
}

// The words of a remittance text that may be invoice numbers: split at spaces and punctuation
// that no invoice number holds, trailing full stops and hyphens taken off.
std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  const auto finish = [&] {
    while (!word.empty() && (word.back() == '.' || word.back() == '-')) {
      word.pop_back();
    }
    if (!word.empty() && words.size() < k_maximum_words &&
        std::find(words.begin(), words.end(), word) == words.end()) {
      words.push_back(word);
    }
    word.clear();
  };
  for (const char character : text) {
    if (std::isspace(static_cast<unsigned char>(character)) != 0 ||
        std::string_view(",;:()[]{}\"'<>").find(character) != std::string_view::npos) {
      finish();
    } else {
      word += character;
    }
  }
  finish();
  return words;
}

// What the register says of the invoices a transaction names.
struct Candidates {
  std::vector<ledger::RegisterRow> rows;
  std::string how; // "reference RF…", "text".
};

// A creditor's invoices by their debtor's folded name, read once per statement, when the first
// suggestion is looked for.
using DebtorNames = std::map<std::string, std::vector<std::string>>;

class EntryMatcher {
public:
  EntryMatcher(ledger::BankBook& book, std::string creditor, const bank::StatementFile& file,
               const bank::Statement& statement, const bank::StatementEntry& entry, std::string key,
               std::optional<DebtorNames>& debtors)
    : m_book(book)
    , m_creditor(std::move(creditor))
    , m_file(file)
    , m_statement(statement)
    , m_entry(entry)
    , m_key(std::move(key))
    , m_debtors(debtors) {}

  Result<TransactionResult> credit(const bank::Transaction& transaction, std::size_t index) {
    TransactionResult result;
    auto found = TRY(candidates(transaction));
    if (found.rows.empty()) {
      result.reason = "names no invoice of " + m_creditor;
      result.suggestion = TRY(suggestion(transaction));
      return result;
    }
    for (const auto& row : found.rows) {
      if (auto problem = unpayable(row, transaction.currency); !problem.empty()) {
        result.reason = problem;
        return result;
      }
    }
    if (found.rows.size() == 1) {
      return pay_one(found.rows.front(), transaction, index);
    }
    return pay_several(found, transaction, index);
  }

  Result<TransactionResult> reversal(const bank::Transaction& transaction, std::size_t index) {
    TransactionResult result;
    auto found = TRY(candidates(transaction));
    if (found.rows.size() != 1) {
      result.reason = found.rows.empty() ? "a reversal that names no invoice of " + m_creditor
                                         : "a reversal that names several invoices";
      return result;
    }
    const auto& row = found.rows.front();
    if (row.paid_cents < transaction.amount.cents ||
        row.invoice.facts.currency != transaction.currency) {
      result.reason = "a reversal of " + plain_amount(transaction.amount.cents) + " " +
                      transaction.currency + " for " + row.invoice.facts.number +
                      ", which has no such payment to take back";
      return result;
    }
    TRY(record_payment(row, -transaction.amount.cents, transaction, index));
    result.outcome = EntryOutcome::Reversed;
    result.payments.push_back({row.invoice.facts.number, -transaction.amount.cents});
    return result;
  }

private:
  // Rule 1, the structured references; else rule 2, the invoice numbers in the text.
  Result<Candidates> candidates(const bank::Transaction& transaction) {
    Candidates found;
    std::set<std::string> numbers;
    for (const auto& reference : transaction.structured_references) {
      // FIXME: A Belgian structured communication (+++123/4567/89012+++) would match here once
      // creditors print one; today none does.
      for (auto& row :
           TRY(m_book.rows_with_reference(m_creditor, normalized_reference(reference)))) {
        if (numbers.insert(row.invoice.facts.number).second) {
          found.rows.push_back(std::move(row));
        }
      }
    }
    if (!found.rows.empty()) {
      found.how = "reference";
      return found;
    }
    for (const auto& word : words_of(transaction.unstructured_remittance)) {
      auto row = TRY(m_book.row(m_creditor, word));
      if (row && numbers.insert(word).second) {
        found.rows.push_back(std::move(*row));
      }
    }
    found.how = "text";
    return found;
  }

  static std::string unpayable(const ledger::RegisterRow& row, std::string_view currency) {
    const auto& number = row.invoice.facts.number;
    if (row.invoice.known == ledger::FactsKnown::Unknown) {
      return number + " was sent before the register existed; its amount is not known yet";
    }
    if (row.invoice.facts.kind == ledger::RegisterKind::CreditNote) {
      return number + " is a credit note";
    }
    if (!row.invoice.is_issued()) {
      return number + " was never sent";
    }
    if (row.invoice.facts.currency != currency) {
      return number + " is in " + row.invoice.facts.currency + ", the payment in " +
             std::string(currency);
    }
    return {};
  }

  Result<TransactionResult> pay_one(const ledger::RegisterRow& row,
                                    const bank::Transaction& transaction, std::size_t index) {
    const auto outstanding = standing_of(row, {}).outstanding_cents;
    TRY(record_payment(row, transaction.amount.cents, transaction, index));
    TransactionResult result;
    result.payments.push_back({row.invoice.facts.number, transaction.amount.cents});
    const auto left = outstanding - transaction.amount.cents;
    result.outcome = left == 0  ? EntryOutcome::Matched
                     : left > 0 ? EntryOutcome::Partial
                                : EntryOutcome::Overpaid;
    return result;
  }

  Result<TransactionResult> pay_several(const Candidates& found,
                                        const bank::Transaction& transaction, std::size_t index) {
    std::int64_t outstanding_sum = 0;
    std::vector<std::int64_t> shares;
    std::string numbers;
    for (const auto& row : found.rows) {
      shares.push_back(standing_of(row, {}).outstanding_cents);
      outstanding_sum += shares.back();
      numbers += (numbers.empty() ? "" : ", ") + row.invoice.facts.number;
    }
    TransactionResult result;
    if (outstanding_sum != transaction.amount.cents) {
      result.reason = "names " + numbers + ", whose outstanding sum " +
                      plain_amount(outstanding_sum) + " is not the amount paid";
      return result;
    }
    for (std::size_t position = 0; position < found.rows.size(); ++position) {
      const auto& row = found.rows[position];
      if (shares[position] <= 0) {
        continue;
      }
      TRY(record_payment(row, shares[position], transaction, index));
      result.payments.push_back({row.invoice.facts.number, shares[position]});
    }
    result.outcome = EntryOutcome::Split;
    return result;
  }

  // An open invoice of a debtor of this name (case and accents ignored) with exactly this amount
  // outstanding, if there is one and only one.
  Result<std::string> suggestion(const bank::Transaction& transaction) {
    if (transaction.counterparty_name.empty()) {
      return std::string();
    }
    const auto* debtors = TRY(debtors_by_name());
    const auto found = debtors->find(fold_for_search(transaction.counterparty_name));
    if (found == debtors->end()) {
      return std::string();
    }
    std::string suggested;
    for (const auto& number : found->second) {
      const auto row = TRY(m_book.row(m_creditor, number));
      if (row && standing_of(*row, {}).outstanding_cents == transaction.amount.cents &&
          row->invoice.facts.currency == transaction.currency) {
        if (!suggested.empty()) {
          return std::string();
        }
        suggested = number;
      }
    }
    return suggested;
  }

  Result<const DebtorNames*> debtors_by_name() {
    if (!m_debtors) {
      m_debtors.emplace();
      for (auto& debtor : TRY(m_book.debtors(m_creditor))) {
        (*m_debtors)[fold_for_search(debtor.debtor_name)].push_back(std::move(debtor.number));
      }
    }
    return &*m_debtors;
  }

  Status record_payment(const ledger::RegisterRow& row, std::int64_t cents,
                        const bank::Transaction& transaction, std::size_t index) {
    ledger::PaymentRecord payment;
    payment.creditor = m_creditor;
    payment.number = row.invoice.facts.number;
    payment.amount_cents = cents;
    payment.currency = transaction.currency;
    payment.paid_on = iso(m_entry.booking_date);
    payment.method = ledger::PaymentMethod::Bank;
    payment.note = transaction.counterparty_name;
    if (!transaction.unstructured_remittance.empty()) {
      payment.note += (payment.note.empty() ? "" : ": ") + transaction.unstructured_remittance;
    }
    payment.source = ledger::PaymentSource::BankStatement;
    payment.source_reference = m_file.path.filename().string() + ", statement " + m_statement.id +
                               ", entry " + std::to_string(m_entry.position) +
                               (m_entry.account_servicer_reference.empty()
                                  ? ""
                                  : " (" + m_entry.account_servicer_reference + ")");
    payment.key = "bank:" + m_key + "#" + std::to_string(index) + ":" + payment.number;
    TRY(m_book.add_payment(payment));
    return Ok{};
  }

  ledger::BankBook& m_book;
  std::string m_creditor;
  const bank::StatementFile& m_file;
  const bank::Statement& m_statement;
  const bank::StatementEntry& m_entry;
  std::string m_key;
  std::optional<DebtorNames>& m_debtors;
};

// The outcome that speaks for an entry of several transactions: the one a person must look at.
EntryOutcome worst(const std::vector<TransactionResult>& transactions) {
  constexpr EntryOutcome order[] = {EntryOutcome::Unmatched, EntryOutcome::Overpaid,
                                    EntryOutcome::Partial,   EntryOutcome::Reversed,
                                    EntryOutcome::Split,     EntryOutcome::Matched};
  for (const auto outcome : order) {
    if (std::any_of(transactions.begin(), transactions.end(),
                    [&](const TransactionResult& result) { return result.outcome == outcome; })) {
      return outcome;
    }
  }
  return EntryOutcome::Matched;
}

// Whether the entry undoes money received: a debit that is a reversal (RvslInd) or a return (a
// SEPA return, booked as a debit with the code RRTN or return information). Any other debit is
// money paid out and left alone.
bool takes_back_a_payment(const bank::StatementEntry& entry) {
  return entry.direction == bank::Direction::Debit &&
         (entry.reversal == bank::Reversal::Yes || entry.returned == bank::Return::Yes);
}

Result<EntryResult> import_entry(ledger::BankBook& book, const std::string& creditor,
                                 const bank::StatementFile& file, const bank::Statement& statement,
                                 const bank::StatementEntry& entry, std::int64_t statement_row,
                                 std::optional<DebtorNames>& debtors) {
  EntryResult result;
  result.entry = &entry;
  result.key = entry_key(statement, entry);
  if (entry.booking != bank::Booking::Booked || !entry.booking_date) {
    result.outcome = EntryOutcome::NotBooked;
    return result;
  }
  if (TRY(book.entry_imported(result.key))) {
    result.outcome = EntryOutcome::AlreadyImported;
    return result;
  }
  EntryMatcher matcher(book, creditor, file, statement, entry, result.key, debtors);
  const bool credit =
    entry.direction == bank::Direction::Credit && entry.reversal == bank::Reversal::No;
  if (credit || takes_back_a_payment(entry)) {
    for (std::size_t index = 0; index < entry.transactions.size(); ++index) {
      const auto& transaction = entry.transactions[index];
      if (transaction.amount.cents <= 0) {
        TransactionResult without_amount;
        without_amount.reason = "the bank gives this transaction of a batch no amount of its own";
        result.transactions.push_back(std::move(without_amount));
        continue;
      }
      result.transactions.push_back(credit ? TRY(matcher.credit(transaction, index + 1))
                                           : TRY(matcher.reversal(transaction, index + 1)));
    }
    result.outcome = worst(result.transactions);
  } else {
    result.outcome = EntryOutcome::NotAPayment;
  }
  std::string remittance;
  std::string counterparty;
  for (const auto& transaction : entry.transactions) {
    remittance += (remittance.empty() ? "" : " | ") + transaction.unstructured_remittance;
    counterparty = counterparty.empty() ? transaction.counterparty_name : counterparty;
  }
  TRY(book.add_entry({result.key, statement_row, static_cast<std::int64_t>(entry.position),
                      iso(entry.booking_date), entry.amount.cents, entry.currency,
                      entry.direction == bank::Direction::Credit ? ledger::EntryDirection::Credit
                                                                 : ledger::EntryDirection::Debit,
                      entry.reversal == bank::Reversal::Yes || entry.returned == bank::Return::Yes,
                      counterparty, remittance, std::string(entry_outcome_name(result.outcome))}));
  return result;
}

// The creditor of a statement: the one whose invoices print its account's IBAN.
Result<std::string> creditor_of(ledger::BankBook& book, const bank::Statement& statement) {
  const auto creditors = TRY(book.creditors_with_iban(statement.account_iban));
  Location location = statement.source;
  location.field = (location.field.empty() ? "" : location.field + ".") + "Acct.Id.IBAN";
  if (creditors.empty()) {
    return make_error("the account " + statement.account_iban +
                        " is no creditor's: no invoice in the register prints it",
                      location);
  }
  if (creditors.size() > 1) {
    std::string names;
    for (const auto& creditor : creditors) {
      names += (names.empty() ? "" : ", ") + creditor;
    }
    return make_error("the account " + statement.account_iban + " is printed on invoices of " +
                        names + "; an account must belong to one creditor",
                      location);
  }
  return creditors.front();
}

} // namespace

FileImport import_statement_file(ledger::Ledger& ledger, const bank::StatementFile& file) {
  FileImport import;
  import.path = file.path;
  const auto imported = ledger.import_bank_file([&](ledger::BankBook& book) -> Status {
    import.statements.clear();
    for (const auto& statement : file.statements) {
      StatementResult result;
      result.statement = &statement;
      result.creditor = TRY(creditor_of(book, statement));
      const auto statement_row =
        TRY(book.add_statement({statement.account_iban, statement.id, file.message_id,
                                file.path.string(), iso(statement.to_date)}));
      std::optional<DebtorNames> debtors;
      for (const auto& entry : statement.entries) {
        result.entries.push_back(
          TRY(import_entry(book, result.creditor, file, statement, entry, statement_row, debtors)));
      }
      import.statements.push_back(std::move(result));
    }
    return Ok{};
  });
  if (!imported) {
    import.statements.clear();
    import.problems.push_back(imported.error());
  }
  return import;
}

void ImportCounts::add(const FileImport& import) {
  for (const auto& statement : import.statements) {
    for (const auto& entry : statement.entries) {
      ++entries;
      switch (entry.outcome) {
        case EntryOutcome::AlreadyImported:
          ++already_imported;
          continue;
        case EntryOutcome::NotAPayment:
          ++not_payments;
          continue;
        case EntryOutcome::NotBooked:
          ++not_booked;
          continue;
        default:
          break;
      }
      for (const auto& transaction : entry.transactions) {
        switch (transaction.outcome) {
          case EntryOutcome::Partial:
            ++partial;
            ++matched;
            break;
          case EntryOutcome::Matched:
          case EntryOutcome::Split:
            ++matched;
            break;
          case EntryOutcome::Overpaid:
            ++overpaid;
            break;
          case EntryOutcome::Reversed:
            ++reversed;
            break;
          default:
            ++unmatched;
            break;
        }
      }
    }
  }
}

std::string ImportCounts::summary() const {
  std::string text = std::to_string(entries) + (entries == 1 ? " entry: " : " entries: ") +
                     std::to_string(matched) + " matched (" + std::to_string(partial) +
                     " partial), " + std::to_string(overpaid) + " overpaid, " +
                     std::to_string(unmatched) + " unmatched, " + std::to_string(already_imported) +
                     " already imported";
  if (reversed > 0) {
    text += ", " + std::to_string(reversed) + " reversed";
  }
  if (not_payments > 0) {
    text += ", " + std::to_string(not_payments) + " paid out";
  }
  if (not_booked > 0) {
    text += ", " + std::to_string(not_booked) + " not booked yet";
  }
  return text;
}

} // namespace mailroom::receivables
