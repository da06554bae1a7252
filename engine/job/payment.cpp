#include "payment.hpp"

#include <engine/job/format.hpp>

#include <cstdio>

namespace mailroom::job {

namespace {

constexpr std::size_t k_maximum_reference_characters = 21;
constexpr std::size_t k_maximum_epc_name_bytes = 70;
constexpr std::size_t k_maximum_epc_remittance_bytes = 140;
constexpr std::int64_t k_maximum_epc_cents = 99999999999; // EUR 999,999,999.99.

bool is_digit(char character) {
  return character >= '0' && character <= '9';
}

bool is_upper(char character) {
  return character >= 'A' && character <= 'Z';
}

char to_upper(char character) {
  return character >= 'a' && character <= 'z' ? static_cast<char>(character - 'a' + 'A')
                                              : character;
}

// The remainder modulo 97 of the number the text stands for, letters counting as 10 to 35
// (ISO 7064 MOD 97-10, as for IBANs).
int remainder_97(std::string_view text) {
  int remainder = 0;
  for (const char character : text) {
    if (is_digit(character)) {
      remainder = (remainder * 10 + (character - '0')) % 97;
    } else {
      const int value = character - 'A' + 10;
      remainder = (remainder * 100 + value) % 97;
    }
  }
  return remainder;
}

// At most `limit` bytes of UTF-8 text, never cutting a character in two.
std::string cut_utf8(std::string_view text, std::size_t limit) {
  if (text.size() <= limit) {
    return std::string(text);
  }
  std::size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  return std::string(text.substr(0, end));
}

std::string epc_amount(Money amount) {
  char text[32];
  std::snprintf(text, sizeof text, "EUR%lld.%02lld", static_cast<long long>(amount.cents / 100),
                static_cast<long long>(amount.cents % 100));
  return text;
}

} // namespace

std::optional<std::string> creditor_reference(std::string_view invoice_number) {
  std::string body;
  for (const char character : invoice_number) {
    const char upper = to_upper(character);
    if (is_digit(upper) || is_upper(upper)) {
      body += upper;
    }
  }
  if (body.empty() || body.size() > k_maximum_reference_characters) {
    return std::nullopt;
  }
  const int check = 98 - remainder_97(body + "RF00");
  char digits[16];
  std::snprintf(digits, sizeof digits, "%02d", check);
  return "RF" + std::string(digits) + body;
}

bool is_valid_creditor_reference(std::string_view reference) {
  if (reference.size() < 5 || reference.size() > 4 + k_maximum_reference_characters ||
      reference.substr(0, 2) != "RF" || !is_digit(reference[2]) || !is_digit(reference[3])) {
    return false;
  }
  for (const char character : reference.substr(4)) {
    if (!is_digit(character) && !is_upper(character)) {
      return false;
    }
  }
  // Moving the first four characters to the end must leave remainder 1.
  const std::string rearranged =
    std::string(reference.substr(4)) + std::string(reference.substr(0, 4));
  return remainder_97(rearranged) == 1;
}

std::string printed_reference(std::string_view reference) {
  return format::iban(reference);
}

std::optional<std::string> epc_qr_payload(const Invoice& invoice, const Creditor& creditor) {
  if (!creditor.payment_qr) {
    return std::nullopt;
  }
  const auto reference = creditor_reference(invoice.number);
  return epc_qr_payload(CreditTransfer{
    .beneficiary = creditor.name,
    .iban = creditor.iban,
    .amount = invoice.totals.total,
    .currency = invoice.currency,
    .reference = reference.value_or(""),
    .remittance = invoice.number,
  });
}

std::optional<std::string> epc_qr_payload(const Reminder& reminder, const Invoice& invoice,
                                          const Creditor& creditor) {
  if (!creditor.payment_qr) {
    return std::nullopt;
  }
  return epc_qr_payload(CreditTransfer{
    .beneficiary = creditor.name,
    .iban = reminder_iban(reminder, creditor),
    .amount = reminder.asked,
    .currency = invoice.currency,
    .reference = reminder.payment_reference,
    .remittance = invoice.number,
  });
}

std::optional<std::string> epc_qr_payload(const CreditTransfer& transfer) {
  const Money amount = transfer.amount;
  if (transfer.currency != "EUR" || amount.cents <= 0 || amount.cents > k_maximum_epc_cents ||
      transfer.iban.empty()) {
    return std::nullopt;
  }
  std::string iban;
  for (const char character : transfer.iban) {
    if (character != ' ') {
      iban += to_upper(character);
    }
  }
  // Service tag, version 002 (the BIC may be left out within the EEA), character set 1 (UTF-8),
  // identification, BIC, name, IBAN, amount, purpose, then either the structured reference or
  // the unstructured remittance text, never both.
  std::string payload = "BCD\n002\n1\nSCT\n\n";
  payload += cut_utf8(transfer.beneficiary, k_maximum_epc_name_bytes) + "\n";
  payload += iban + "\n";
  payload += epc_amount(amount) + "\n";
  payload += "\n";
  if (!transfer.reference.empty()) {
    payload += transfer.reference;
  } else {
    payload += "\n" + cut_utf8(transfer.remittance, k_maximum_epc_remittance_bytes);
  }
  return payload;
}

std::string_view reminder_iban(const Reminder& reminder, const Creditor& creditor) {
  return reminder.creditor_iban.empty() ? std::string_view(creditor.iban)
                                        : std::string_view(reminder.creditor_iban);
}

} // namespace mailroom::job
