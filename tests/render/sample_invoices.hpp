#pragma once

#include <engine/job/model.hpp>
#include <engine/job/money.hpp>
#include <engine/render/renderer.hpp>

#include <gtest/gtest.h>
#include <tests/support/temporary_folder.hpp>

#include <cstdio>
#include <string>
#include <vector>

// Invoices and creditors built in code for the render tests.

namespace mailroom::render::samples {

inline job::Decimal decimal(const std::string& text) {
  auto parsed = job::parse_decimal(text);
  EXPECT_TRUE(parsed.has_value()) << text;
  return parsed.has_value() ? *parsed : job::Decimal{};
}

inline job::InvoiceLine line(const std::string& description, const std::string& quantity,
                             const std::string& unit, const std::string& unit_price,
                             const std::string& vat_rate) {
  job::InvoiceLine result{
    .description = description,
    .quantity = decimal(quantity),
    .unit = unit,
    .unit_price = decimal(unit_price),
    .vat_rate = decimal(vat_rate),
  };
  auto total = job::multiply_to_money(result.quantity, result.unit_price);
  EXPECT_TRUE(total.has_value());
  result.total = total.has_value() ? *total : job::Money{};
  return result;
}

inline std::filesystem::path letterhead_path(const std::string& name) {
  return testing::source_dir() / "templates" / "letterhead" / name;
}

inline job::Creditor acme() {
  return job::Creditor{
    .id = "acme",
    .name = "Acme B.V.",
    .address = {"Keizersgracht 100", "1015 AA Amsterdam"},
    .vat_number = "NL001234567B01",
    .coc = "12345678",
    .iban = "NL91ABNA0417164300",
    .language = job::Language::Dutch,
    .mailbox = "acme",
    .letterhead = letterhead_path("acme.pdf"),
  };
}

inline job::Creditor northwind() {
  return job::Creditor{
    .id = "northwind",
    .name = "Northwind Trading Ltd",
    .address = {"Westblaak 1", "3012 KA Rotterdam", "Netherlands"},
    .vat_number = "NL864209753B01",
    .coc = "87654321",
    .iban = "NL20INGB0001234567",
    .language = job::Language::English,
    .mailbox = "northwind",
    .letterhead = letterhead_path("northwind.pdf"),
  };
}

inline job::Invoice invoice_with_lines(std::vector<job::InvoiceLine> lines) {
  job::Invoice invoice;
  invoice.source = Location{"invoices.jsonl", 3};
  invoice.number = "2026-000123";
  invoice.creditor = "acme";
  invoice.date = time::Date{2026, 11, 20};
  invoice.due_date = time::Date{2026, 12, 4};
  invoice.debtor = job::Debtor{
    .id = "gouden-korst",
    .name = "Bakkerij De Gouden Korst",
    .address = {"Dorpsstraat 12", "1234 AB Ergenshuizen"},
    .vat_number = "NL123456789B02",
    .emails = "boekhouding@goudenkorst.example",
  };
  invoice.lines = std::move(lines);
  invoice.totals = job::compute_totals(invoice.lines);
  return invoice;
}

// Three lines at two VAT rates: 2 × 75.00 and 1 × 49.95 at 21%, 10 × 2.50 at 9%.
inline job::Invoice short_invoice() {
  auto invoice = invoice_with_lines({
    line("Onderhoud ovens, voorjaarsbeurt", "2", "uur", "75.00", "21"),
    line("Vervangen deurrubber", "1", "stuk", "49.95", "21"),
    line("Reinigingsmiddel", "10", "liter", "2.5", "9"),
  });
  invoice.note = "Bedankt voor uw opdracht.";
  return invoice;
}

// A credit note for part of invoice 2026-000100, its lines written as on that invoice.
inline job::Invoice credit_note() {
  auto invoice = invoice_with_lines({
    line("Retour: vervangen deurrubber", "1", "stuk", "49.95", "21"),
    line("Retour: reinigingsmiddel", "4", "liter", "2.5", "9"),
  });
  invoice.number = "2026-000140";
  invoice.kind = job::DocumentKind::CreditNote;
  invoice.credits = "2026-000100";
  EXPECT_TRUE(job::compute_amounts(invoice).has_value());
  return invoice;
}

// Services to a Swedish business: the customer accounts for the VAT.
inline job::Invoice reverse_charge_invoice() {
  auto invoice = invoice_with_lines({
    line("Strategy workshop (half day)", "2", "session", "1250", "21"),
    line("Follow-up call", "1.5", "hour", "150", "21"),
  });
  invoice.debtor = job::Debtor{
    .id = "D1008",
    .name = "Nordic Fresh AB",
    .address = {"Sveavägen 44", "111 34 Stockholm", "Sweden"},
    .vat_number = "SE556677889901",
    .emails = "ap@nordicfresh.example",
  };
  invoice.vat_charge = job::VatCharge::ReverseCharged;
  EXPECT_TRUE(job::compute_amounts(invoice).has_value());
  return invoice;
}

// Renders with `renderer`; a failure fails the test and gives an empty PDF.
inline RenderedPdf render_or_fail(Renderer& renderer, const job::Invoice& invoice,
                                  const job::Creditor& creditor,
                                  Letterhead letterhead = Letterhead::Include) {
  auto rendered = renderer.render(invoice, creditor, letterhead);
  EXPECT_TRUE(rendered.has_value()) << (rendered ? "" : rendered.error().to_string());
  return rendered.has_value() ? *rendered : RenderedPdf{};
}

// Renders with a fresh Renderer.
inline RenderedPdf render_or_fail(const job::Invoice& invoice, const job::Creditor& creditor,
                                  Letterhead letterhead = Letterhead::Include) {
  Renderer renderer;
  return render_or_fail(renderer, invoice, creditor, letterhead);
}

inline job::Invoice long_invoice(int line_count) {
  std::vector<job::InvoiceLine> lines;
  for (int index = 1; index <= line_count; ++index) {
    char description[64];
    std::snprintf(description, sizeof description, "Werkzaamheden regel %03d", index);
    lines.push_back(line(description, "1", "uur", "10", "21"));
  }
  return invoice_with_lines(std::move(lines));
}

} // namespace mailroom::render::samples
