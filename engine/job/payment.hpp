#pragma once

#include <engine/job/model.hpp>

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

// The text of an EPC QR code asking for the invoice's total, or std::nullopt when a QR code does
// not apply: the creditor has not enabled it, the currency is not EUR, or nothing is due.
std::optional<std::string> epc_qr_payload(const Invoice& invoice, const Creditor& creditor);

} // namespace mailroom::job
