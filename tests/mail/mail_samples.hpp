#pragma once

#include <engine/job/model.hpp>
#include <engine/job/money.hpp>
#include <engine/util/time.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <string>

// Invoices, creditors and mailboxes for the mail tests, built directly as values.

namespace mailroom::testing::mail_samples {

inline job::Decimal decimal(const std::string& text) {
  auto parsed = job::parse_decimal(text);
  EXPECT_TRUE(parsed.has_value()) << text;
  return parsed ? *parsed : job::Decimal{};
}

inline job::InvoiceLine line(const std::string& description, const std::string& quantity,
                             const std::string& unit_price, const std::string& vat_rate) {
  job::InvoiceLine line;
  line.description = description;
  line.quantity = decimal(quantity);
  line.unit = "st";
  line.unit_price = decimal(unit_price);
  line.vat_rate = decimal(vat_rate);
  auto total = job::multiply_to_money(line.quantity, line.unit_price);
  EXPECT_TRUE(total.has_value());
  line.total = total ? *total : job::Money{};
  return line;
}

inline job::Creditor acme() {
  job::Creditor creditor;
  creditor.id = "acme";
  creditor.name = "Acme B.V.";
  creditor.address = {"Keizersgracht 1", "1015 AA Amsterdam"};
  creditor.vat_number = "NL001234567B01";
  creditor.coc = "12345678";
  creditor.iban = "NL91ABNA0417164300";
  creditor.language = job::Language::Dutch;
  creditor.mailbox = "acme";
  return creditor;
}

// Subtotal 1,025.56; VAT 210.00 (21 %) + 2.30 (9 % of 25.56); total 1,237.86.
inline job::Invoice invoice() {
  job::Invoice invoice;
  invoice.number = "2026-000123";
  invoice.creditor = "acme";
  invoice.date = time::Date{2026, 11, 20};
  invoice.due_date = time::Date{2026, 12, 20};
  invoice.debtor.id = "D-42";
  invoice.debtor.name = "Jansen & Zn.";
  invoice.debtor.address = {"Dorpsstraat 7", "9999 ZZ Ergens"};
  invoice.debtor.emails = "klant@debtor.example";
  invoice.lines = {line("Consultancy", "1", "1000.00", "21"), line("Koffie", "3", "8.52", "9")};
  invoice.totals = job::compute_totals(invoice.lines);
  invoice.reference = "PO-7781";
  return invoice;
}

inline job::Mailbox mailbox() {
  job::Mailbox mailbox;
  mailbox.name = "acme";
  mailbox.url = "maildir:var/outbox";
  mailbox.from_name = "Acme B.V.";
  mailbox.from_address = "facturen@acme.example";
  mailbox.reply_to = "Debiteurenbeheer Acme <debiteuren@acme.example>";
  mailbox.bcc = {"archief@acme.example"};
  return mailbox;
}

// Monday 23 November 2026, 21:04:05.678 UTC.
inline time::TimePoint monday_evening() {
  using namespace std::chrono;
  return time_point_cast<milliseconds>(sys_days{year{2026} / November / 23} + hours{21} +
                                       minutes{4} + seconds{5} + milliseconds{678});
}

} // namespace mailroom::testing::mail_samples
