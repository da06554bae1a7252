#include "camt_entry.hpp"

#include <engine/bank/camt_fields.hpp>
#include <engine/util/text.hpp>

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

// The side of the payment that is not this account's: who paid money received, who was paid
// money sent. A reversal undoes a payment of the opposite direction, whose parties it repeats.
std::string_view counterparty_role(Direction direction, Reversal reversal) {
  const bool received = (direction == Direction::Credit) == (reversal == Reversal::No);
  return received ? "Dbtr" : "Cdtr";
}

// The party's name, written directly (.02: Dbtr/Nm) or inside Pty (.08: Dbtr/Pty/Nm).
std::string party_name(const xml::Element& party) {
  if (const auto inner = party.child("Pty")) {
    return text_at(*inner, {"Nm"});
  }
  return text_at(party, {"Nm"});
}

// What the transaction details (NtryDtls/TxDtls, as many as the bank gives) add to the entry:
// the counterparty of the first that names one, every remittance text and reference.
void read_transaction_details(const xml::Element& entry_element, StatementEntry& entry) {
  const std::string role(counterparty_role(entry.direction, entry.reversal));
  for (const auto& details : entry_element.children("NtryDtls")) {
    for (const auto& transaction : details.children("TxDtls")) {
      if (entry.end_to_end_id.empty()) {
        // "NOTPROVIDED" is what banks write when the payer gave none.
        auto end_to_end = text_at(transaction, {"Refs", "EndToEndId"});
        if (end_to_end != "NOTPROVIDED") {
          entry.end_to_end_id = std::move(end_to_end);
        }
      }
      if (const auto parties = transaction.child("RltdPties")) {
        if (entry.counterparty_name.empty()) {
          if (const auto party = parties->child(role)) {
            entry.counterparty_name = party_name(*party);
          }
        }
        if (entry.counterparty_iban.empty()) {
          entry.counterparty_iban =
            normalized_iban(text_at(*parties, {role + "Acct", "Id", "IBAN"}));
        }
      }
      for (const auto& remittance : transaction.children("RmtInf")) {
        for (const auto& unstructured : remittance.children("Ustrd")) {
          std::string text = trimmed_text(unstructured);
          if (!text.empty()) {
            entry.unstructured_remittance.push_back(std::move(text));
          }
        }
        for (const auto& structured : remittance.children("Strd")) {
          for (const auto& reference_information : structured.children("CdtrRefInf")) {
            std::string reference = text_at(reference_information, {"Ref"});
            if (!reference.empty()) {
              entry.structured_references.push_back(std::move(reference));
            }
          }
        }
      }
    }
  }
}

} // namespace

std::optional<StatementEntry> read_entry(const xml::Element& entry_element, std::size_t position,
                                         const std::string& prefix, Problems& problems) {
  FieldReader fields(problems, prefix);
  StatementEntry entry;
  entry.source = Location{problems.file(), entry_element.line(), {}};
  entry.position = position;
  entry.account_servicer_reference = text_at(entry_element, {"AcctSvcrRef"});
  bool complete = true;

  if (const auto amount = entry_element.child("Amt")) {
    auto cents = parse_amount(amount->text());
    if (cents) {
      entry.amount = *cents;
    } else {
      fields.problem(amount->line(), "Amt", cents.error().message);
      complete = false;
    }
    entry.currency = std::string(text::trim(amount->attribute("Ccy").value_or("")));
    const bool currency_code =
      entry.currency.size() == 3 &&
      entry.currency.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") == std::string::npos;
    if (!currency_code) {
      fields.problem(amount->line(), "Amt.Ccy",
                     "expected a currency code such as EUR, found \"" + entry.currency + "\"");
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

  // .02 writes the status as text, .08 as a code inside it.
  if (const auto status = entry_element.child("Sts")) {
    const auto code = status->child("Cd");
    const std::string value = trimmed_text(code ? *code : *status);
    if (value.empty()) {
      fields.problem(status->line(), "Sts", "must not be empty; expected BOOK, PDNG or INFO");
      complete = false;
    }
    entry.booking = booking_of(value);
  } else {
    fields.problem(entry_element.line(), "Sts", "missing; expected BOOK, PDNG or INFO");
    complete = false;
  }

  if (const auto value_date = entry_element.child("ValDt")) {
    entry.value_date = fields.date_choice(*value_date, "ValDt");
    complete = complete && entry.value_date.has_value();
  }
  // A pending entry may have no booking date yet: its value date stands in for it.
  if (const auto booking_date = entry_element.child("BookgDt")) {
    const auto date = fields.date_choice(*booking_date, "BookgDt");
    complete = complete && date.has_value();
    entry.booking_date = date.value_or(time::Date{});
  } else if (entry.value_date) {
    entry.booking_date = *entry.value_date;
  } else if (!entry_element.child("ValDt")) {
    fields.problem(entry_element.line(), "BookgDt", "missing, and there is no ValDt either");
    complete = false;
  }

  if (!complete) {
    return std::nullopt;
  }
  read_transaction_details(entry_element, entry);
  return entry;
}

} // namespace mailroom::bank
