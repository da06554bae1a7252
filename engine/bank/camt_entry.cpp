#include "camt_entry.hpp"

#include <engine/bank/camt_fields.hpp>
#include <engine/util/text.hpp>

#include <string_view>
#include <utility>
#include <vector>

namespace mailroom::bank {

namespace {

std::optional<Direction> direction_of(std::string_view code) {
  if (code == "CRDT") {
    return Direction::Credit;
  }
  if (code == "DBIT") {
    return Direction::Debit;
  }
  return std::nullopt;
}

Booking booking_of(std::string_view code) {
  if (code == "BOOK") {
    return Booking::Booked;
  }
  if (code == "PDNG") {
    return Booking::Pending;
  }
  if (code == "INFO") {
    return Booking::Information;
  }
  return Booking::Other;
}

// An amount with its currency (Amt and Amt/@Ccy).
struct AmountWithCurrency {
  job::Money amount;
  std::string currency;
};

// The amount and currency of an Amt element; std::nullopt, with the problem reported, when either
// is wrong.
std::optional<AmountWithCurrency> read_amount(const xml::Element& amount, std::string_view path,
                                              FieldReader& fields) {
  AmountWithCurrency read;
  bool complete = true;
  auto cents = parse_amount(amount.text());
  if (cents) {
    read.amount = *cents;
  } else {
    fields.problem(amount.line(), path, cents.error().message);
    complete = false;
  }
  read.currency = std::string(text::trim(amount.attribute("Ccy").value_or("")));
  const bool currency_code =
    read.currency.size() == 3 &&
    read.currency.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") == std::string::npos;
  if (!currency_code) {
    fields.problem(amount.line(), std::string(path) + ".Ccy",
                   "expected a currency code such as EUR, found \"" + read.currency + "\"");
    complete = false;
  }
  if (!complete) {
    return std::nullopt;
  }
  return read;
}

// The party's name, written directly (.02 and .08: Dbtr/Nm) or inside Pty (.08: Dbtr/Pty/Nm).
std::string party_name(const xml::Element& party) {
  if (const auto inner = party.child("Pty")) {
    return text_at(*inner, {"Nm"});
  }
  return text_at(party, {"Nm"});
}

enum class Role { Debtor, Creditor };

// The other party of a transaction: whichever of debtor and creditor holds an account that is not
// the statement's. When the accounts do not tell (neither known, both someone else's, both ours),
// the side of the payment that is not this account's: who paid money received, who was paid money
// sent; a reversal undoes a payment of the opposite direction, whose parties it repeats.
Role counterparty_role(const StatementEntry& entry, const std::string& debtor_iban,
                       const std::string& creditor_iban, std::string_view account_iban) {
  const bool debtor_is_other = !debtor_iban.empty() && debtor_iban != account_iban;
  const bool creditor_is_other = !creditor_iban.empty() && creditor_iban != account_iban;
  if (debtor_is_other && !creditor_is_other) {
    return Role::Debtor;
  }
  if (creditor_is_other && !debtor_is_other) {
    return Role::Creditor;
  }
  const bool received = (entry.direction == Direction::Credit) == (entry.reversal == Reversal::No);
  return received ? Role::Debtor : Role::Creditor;
}

void read_counterparty(const xml::Element& details, const StatementEntry& entry,
                       std::string_view account_iban, Transaction& transaction) {
  const auto parties = details.child("RltdPties");
  if (!parties) {
    return;
  }
  std::string debtor_iban = normalized_iban(text_at(*parties, {"DbtrAcct", "Id", "IBAN"}));
  std::string creditor_iban = normalized_iban(text_at(*parties, {"CdtrAcct", "Id", "IBAN"}));
  const Role role = counterparty_role(entry, debtor_iban, creditor_iban, account_iban);
  const auto party = parties->child(role == Role::Debtor ? "Dbtr" : "Cdtr");
  if (party) {
    transaction.counterparty_name = party_name(*party);
  }
  transaction.counterparty_iban =
    role == Role::Debtor ? std::move(debtor_iban) : std::move(creditor_iban);
}

void read_remittance(const xml::Element& details, Transaction& transaction) {
  std::string unstructured_text;
  for (const auto& remittance : details.children("RmtInf")) {
    // The lines are pieces of one text, cut wherever 140 characters were full: joined as they are.
    for (const auto& unstructured : remittance.children("Ustrd")) {
      unstructured_text += unstructured.text();
    }
    for (const auto& structured : remittance.children("Strd")) {
      for (const auto& reference_information : structured.children("CdtrRefInf")) {
        std::string reference = text_at(reference_information, {"Ref"});
        if (!reference.empty()) {
          transaction.structured_references.push_back(std::move(reference));
        }
      }
    }
  }
  transaction.unstructured_remittance = std::string(text::trim(unstructured_text));
}

// The amount a TxDtls gives of its own: .08 may write TxDtls/Amt, both write AmtDtls/TxAmt/Amt.
std::optional<xml::Element> transaction_amount(const xml::Element& details, CamtVersion version) {
  if (version == CamtVersion::Version08) {
    if (auto amount = details.child("Amt")) {
      return amount;
    }
  }
  return find(details, {"AmtDtls", "TxAmt", "Amt"});
}

// The transactions of an entry: one per NtryDtls/TxDtls, or the entry itself when it has none.
// False when the amount of a transaction is wrong (its problem reported).
bool read_transactions(const xml::Element& entry_element, const EntryContext& context,
                       FieldReader& fields, StatementEntry& entry) {
  std::vector<xml::Element> all_details;
  for (const auto& details : entry_element.children("NtryDtls")) {
    for (auto& transaction : details.children("TxDtls")) {
      all_details.push_back(transaction);
    }
  }
  if (all_details.empty()) {
    Transaction itself;
    itself.amount = entry.amount;
    itself.currency = entry.currency;
    entry.transactions.push_back(std::move(itself));
    return true;
  }
  bool complete = true;
  for (std::size_t index = 0; index < all_details.size(); ++index) {
    const xml::Element& details = all_details[index];
    Transaction transaction;
    if (const auto amount = transaction_amount(details, context.version)) {
      const std::string path = "TxDtls[" + std::to_string(index + 1) + "].Amt";
      if (auto read = read_amount(*amount, path, fields)) {
        transaction.amount = read->amount;
        transaction.currency = std::move(read->currency);
      } else {
        complete = false;
      }
    } else if (all_details.size() == 1) {
      transaction.amount = entry.amount;
      transaction.currency = entry.currency;
    }
    // "NOTPROVIDED" is what banks write when the payer gave none.
    transaction.end_to_end_id = text_at(details, {"Refs", "EndToEndId"});
    if (transaction.end_to_end_id == "NOTPROVIDED") {
      transaction.end_to_end_id.clear();
    }
    if (details.child("RtrInf")) {
      entry.returned = Return::Yes;
    }
    read_counterparty(details, entry, context.account_iban, transaction);
    read_remittance(details, transaction);
    entry.transactions.push_back(std::move(transaction));
  }
  return complete;
}

} // namespace

std::optional<StatementEntry> read_entry(const xml::Element& entry_element, std::size_t position,
                                         const std::string& prefix, const EntryContext& context,
                                         Problems& problems) {
  FieldReader fields(problems, prefix);
  StatementEntry entry;
  entry.source = Location{problems.file(), entry_element.line(), {}};
  entry.position = position;
  entry.account_servicer_reference = text_at(entry_element, {"AcctSvcrRef"});
  bool complete = true;

  if (const auto amount = entry_element.child("Amt")) {
    if (auto read = read_amount(*amount, "Amt", fields)) {
      entry.amount = read->amount;
      entry.currency = std::move(read->currency);
    } else {
      complete = false;
    }
  } else {
    fields.problem(entry_element.line(), "Amt", "missing");
    complete = false;
  }

  if (auto indicator = fields.required_text(entry_element, "CdtDbtInd")) {
    if (const auto direction = direction_of(*indicator)) {
      entry.direction = *direction;
    } else {
      fields.problem(entry_element.child("CdtDbtInd")->line(), "CdtDbtInd",
                     "expected CRDT or DBIT, found \"" + *indicator + "\"");
      complete = false;
    }
  } else {
    complete = false;
  }

  if (const auto reversal = entry_element.child("RvslInd")) {
    const std::string value = trimmed_text(*reversal);
    if (value == "true" || value == "1") {
      entry.reversal = Reversal::Yes;
    } else if (value != "false" && value != "0") {
      fields.problem(reversal->line(), "RvslInd",
                     "expected true or false, found \"" + value + "\"");
      complete = false;
    }
  }

  if (text_at(entry_element, {"BkTxCd", "Domn", "Fmly", "SubFmlyCd"}) == "RRTN") {
    entry.returned = Return::Yes;
  }

  // .02 writes the status as text, .08 as a code inside it, or as a bank's own code (Prtry).
  if (const auto status = entry_element.child("Sts")) {
    const auto code = status->child("Cd");
    const auto proprietary = status->child("Prtry");
    const std::string value = trimmed_text(code ? *code : proprietary ? *proprietary : *status);
    if (value.empty()) {
      fields.problem(status->line(), "Sts",
                     "has neither Cd, Prtry nor text; expected BOOK, PDNG or INFO");
      complete = false;
    }
    entry.booking = code || !proprietary ? booking_of(value) : Booking::Other;
  } else {
    fields.problem(entry_element.line(), "Sts", "missing; expected BOOK, PDNG or INFO");
    complete = false;
  }

  if (const auto value_date = entry_element.child("ValDt")) {
    entry.value_date = fields.date_choice(*value_date, "ValDt");
    complete = complete && entry.value_date.has_value();
  }
  // An entry may have no booking date (yet): its value date, if any, stands in for it. Only a
  // booked entry must have one or the other.
  if (const auto booking_date = entry_element.child("BookgDt")) {
    entry.booking_date = fields.date_choice(*booking_date, "BookgDt");
    complete = complete && entry.booking_date.has_value();
  } else if (entry_element.child("ValDt")) {
    entry.booking_date = entry.value_date;
  } else if (entry.booking == Booking::Booked) {
    fields.problem(entry_element.line(), "BookgDt",
                   "missing, and there is no ValDt either; a booked entry needs a date");
    complete = false;
  }

  if (!complete || !read_transactions(entry_element, context, fields, entry)) {
    return std::nullopt;
  }
  return entry;
}

} // namespace mailroom::bank
