#pragma once

#include <engine/job/model.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

// The sentences and numbers of an invoice as a reader of its language expects them.

namespace mailroom::render {

// Text with parts that must not be split over two lines, such as an amount or an IBAN.
struct Phrase {
  std::string text;
  std::vector<std::pair<std::size_t, std::size_t>> unbreakable; // Byte ranges [begin, end).

  void append(std::string_view part);
  void append_unbreakable(std::string_view part);
};

// "Factuur 2026-000123".
std::string document_title(const job::Invoice& invoice, job::Language language);

// How to pay: amount, IBAN, due date and the invoice number as reference. A credit (total
// below zero) says the amount will be settled instead.
Phrase payment_instruction(const job::Invoice& invoice, const job::Creditor& creditor,
                           job::Language language);

// "BTW 21% over € 100,00".
std::string vat_group_label(const job::VatGroup& group, std::string_view currency,
                            job::Language language);

// A unit price with at least two decimals ("12,50"), keeping more when the input has them
// ("0,125").
std::string unit_price_text(const job::Decimal& price, job::Language language);

// "21%".
std::string vat_rate_text(const job::Decimal& rate, job::Language language);

} // namespace mailroom::render
