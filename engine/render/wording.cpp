#include "wording.hpp"

#include "labels.hpp"

#include <engine/job/format.hpp>

#include <cstdint>

namespace mailroom::render {

void Phrase::append(std::string_view part) {
  text += part;
}

void Phrase::append_unbreakable(std::string_view part) {
  const std::size_t begin = text.size();
  text += part;
  unbreakable.emplace_back(begin, text.size());
}

std::string document_title(const job::Invoice& invoice, job::Language language) {
  return std::string(labels_for(language).invoice) + " " + invoice.number;
}

Phrase payment_instruction(const job::Invoice& invoice, const job::Creditor& creditor,
                           job::Language language) {
  namespace format = job::format;
  const job::Money total = invoice.totals.total;
  const bool dutch = language == job::Language::Dutch;
  Phrase phrase;
  if (total.cents < 0) {
    phrase.append(dutch ? "Het bedrag van " : "The amount of ");
    phrase.append_unbreakable(format::money(-total, invoice.currency, language));
    phrase.append(dutch ? " wordt met u verrekend onder vermelding van factuurnummer "
                        : " will be credited to you, quoting invoice number ");
    phrase.append_unbreakable(invoice.number);
    phrase.append(".");
    return phrase;
  }
  if (total.cents == 0) {
    phrase.append(dutch ? "U hoeft voor deze factuur niets te betalen."
                        : "Nothing is due for this invoice.");
    return phrase;
  }
  phrase.append(dutch ? "Wij verzoeken u het totaalbedrag van " : "Please pay the total of ");
  phrase.append_unbreakable(format::money(total, invoice.currency, language));
  phrase.append(dutch ? " uiterlijk " : " by ");
  phrase.append_unbreakable(format::date(invoice.due_date, language));
  phrase.append(dutch ? " over te maken op IBAN " : " to IBAN ");
  phrase.append_unbreakable(format::iban(creditor.iban));
  phrase.append(dutch ? " ten name van " : " in the name of ");
  phrase.append(creditor.name);
  phrase.append(dutch ? ", onder vermelding van factuurnummer " : ", quoting invoice number ");
  phrase.append_unbreakable(invoice.number);
  phrase.append(dutch ? "." : " as the reference.");
  return phrase;
}

std::string vat_group_label(const job::VatGroup& group, std::string_view currency,
                            job::Language language) {
  const Labels& labels = labels_for(language);
  return std::string(labels.vat) + " " + vat_rate_text(group.rate, language) + " " + labels.vat_on +
         " " + job::format::money(group.base, currency, language);
}

std::string unit_price_text(const job::Decimal& price, job::Language language) {
  // Whole cents read best as an amount ("1.250,00"); finer prices keep their digits.
  std::int64_t units = price.units;
  int scale = price.scale;
  while (scale > 2 && units % 10 == 0) {
    units /= 10;
    --scale;
  }
  constexpr std::int64_t k_largest_scalable = INT64_MAX / 100;
  if (scale > 2 || units > k_largest_scalable || units < -k_largest_scalable) {
    return job::format::decimal(price, language);
  }
  for (; scale < 2; ++scale) {
    units *= 10;
  }
  return job::format::amount(job::Money{units}, language);
}

std::string vat_rate_text(const job::Decimal& rate, job::Language language) {
  return job::format::decimal(rate, language) + "%";
}

} // namespace mailroom::render
