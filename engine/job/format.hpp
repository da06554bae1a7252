#pragma once

#include <engine/job/model.hpp>

#include <string>

// How numbers, money and dates are written for a reader of a given language.

namespace mailroom::job::format {

// nl: "€ 1.234,56", "€ -12,00"; en: "€1,234.56", "-€12.00". USD and GBP use their symbols
// ("$", "£") the same way; other currencies their ISO code: nl "CHF 1.234,56", en "CHF 1,234.56".
std::string money(Money amount, std::string_view currency, Language language);

// The amount without currency: nl "1.234,56", en "1,234.56".
std::string amount(Money amount, Language language);

// A decimal as written in the language: nl "1,5", en "1.5".
std::string decimal(const Decimal& value, Language language);

// nl "20-11-2026", en "20 November 2026".
std::string date(const time::Date& value, Language language);

// "DE89 3704 0044 0532 0130 00": groups of four for reading.
std::string iban(std::string_view iban);

} // namespace mailroom::job::format
