#pragma once

#include <engine/job/model.hpp>
#include <engine/job/reminder.hpp>

#include <optional>
#include <string>
#include <string_view>

// What a bank needs to match a payment to an invoice: the structured creditor reference
// (ISO 11649, "RF…") and the SEPA credit-transfer QR code payload (EPC069-12, "GiroCode").

namespace mailroom::job {

// The ISO 11649 creditor reference of an invoice number: "RF", two check digits (mod 97, as for
// an IBAN) and the number's letters and digits in upper case, "2026-000123" → "RF81 2026000123"
// without the space. std::nullopt when the number has no letters or digits, or more than 21.
std::optional<std::string> creditor_reference(std::string_view invoice_number);

// True for a well-formed reference whose check digits are right.
bool is_valid_creditor_reference(std::string_view reference);

// "RF18 5390 0754 7034": groups of four, as the standard prints it for reading.
std::string printed_reference(std::string_view reference);

// One SEPA credit transfer, as an EPC QR code asks for it.
struct CreditTransfer {
  std::string_view beneficiary; // The creditor's name.
  std::string_view iban;        // With or without spaces.
  Money amount;
  std::string_view currency;
  std::string_view reference;  // ISO 11649 without spaces; empty: none.
  std::string_view remittance; // The text sent instead when there is no reference.
};

// The text of an EPC QR code asking for the transfer, or std::nullopt when a QR code cannot ask
// for it: the currency is not EUR, nothing is due, or there is no IBAN.
std::optional<std::string> epc_qr_payload(const CreditTransfer& transfer);

// The text of an EPC QR code asking for the invoice's total, or std::nullopt when a QR code does
// not apply: the creditor has not enabled it, the currency is not EUR, or nothing is due.
std::optional<std::string> epc_qr_payload(const Invoice& invoice, const Creditor& creditor);

// The same for a reminder of the invoice: what the reminder asks (fee included), to the IBAN and
// with the payment reference the invoice printed, the invoice number when it printed none.
std::optional<std::string> epc_qr_payload(const Reminder& reminder, const Invoice& invoice,
                                          const Creditor& creditor);

// The IBAN a reminder asks to be paid to: the one its invoice printed, the creditor's own when
// the reminder does not know it.
std::string_view reminder_iban(const Reminder& reminder, const Creditor& creditor);

} // namespace mailroom::job
