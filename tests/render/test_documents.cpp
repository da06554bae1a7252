#include "sample_invoices.hpp"

#include <engine/job/format.hpp>
#include <engine/render/renderer.hpp>

#include <gtest/gtest.h>
#include <tests/support/pdf_reader.hpp>

#include <regex>
#include <string>
#include <vector>

// The kinds of document and the layout promises of issue 4: credit notes, reverse charge,
// currencies, languages, rounding, carried totals over many pages, wrapping, non-Latin text and
// the payment reference and QR code, each read back from the PDF with Poppler.

namespace mailroom::render {
namespace {

using samples::render_or_fail;
using testing::count_occurrences;
using testing::PdfReader;

std::string flattened(std::string text) {
  for (char& character : text) {
    if (character == '\n') {
      character = ' ';
    }
  }
  // Poppler may put several spaces where a line was broken.
  return std::regex_replace(text, std::regex(" +"), " ");
}

std::string text_of(const job::Invoice& invoice, const job::Creditor& creditor,
                    Letterhead letterhead = Letterhead::Include) {
  return PdfReader::from_bytes(render_or_fail(invoice, creditor, letterhead).bytes).text();
}

job::Invoice in_language(job::Invoice invoice, job::Language language) {
  invoice.language = language;
  invoice.language_given = true;
  return invoice;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(CreditNote, IsTitledAsACreditNoteForTheInvoiceItCredits) {
  const auto invoice = samples::credit_note();
  const auto rendered = render_or_fail(invoice, samples::acme());
  const auto pdf = PdfReader::from_bytes(rendered.bytes);
  const std::string text = pdf.text();
  EXPECT_TRUE(contains(text, "Creditnota voor factuur 2026-000100")) << text;
  EXPECT_TRUE(contains(text, "Creditnotanummer"));
  EXPECT_FALSE(contains(text, "Factuurnummer"));
  EXPECT_FALSE(contains(text, "Vervaldatum")) << "a credit note asks for nothing by a date";
  EXPECT_EQ(pdf.metadata_title(), "Creditnota 2026-000140");
  EXPECT_EQ(pdf.metadata_subject(), "Creditnota 2026-000140 voor Bakkerij De Gouden Korst");
}

TEST(CreditNote, ShowsNegativeLinesVatAndTotal) {
  const auto invoice = samples::credit_note();
  // 49.95 at 21% and 10.00 at 9%: VAT 10.49 and 0.90, total 71.34, all negated.
  EXPECT_EQ(invoice.totals.total.cents, -7134);
  const std::string text = text_of(invoice, samples::acme());
  EXPECT_TRUE(contains(text, "-49,95")) << text;
  EXPECT_TRUE(contains(text, "-10,00"));
  EXPECT_TRUE(contains(text, "€ -10,49"));
  EXPECT_TRUE(contains(text, "€ -0,90"));
  EXPECT_TRUE(contains(text, "€ -71,34"));
  EXPECT_TRUE(contains(text, "BTW 21% over € -49,95"));
}

TEST(CreditNote, SaysTheAmountIsRefundedInsteadOfAskingForPayment) {
  const std::string dutch = flattened(text_of(samples::credit_note(), samples::acme()));
  EXPECT_TRUE(contains(dutch, "Het bedrag van € 71,34 wordt aan u terugbetaald of verrekend"))
    << dutch;
  EXPECT_TRUE(contains(dutch, "creditnota 2026-000140"));
  EXPECT_FALSE(contains(dutch, "verzoeken"));
  EXPECT_FALSE(contains(dutch, "Scan en betaal")) << "no QR code for a refund";

  const std::string english = flattened(
    text_of(in_language(samples::credit_note(), job::Language::English), samples::acme()));
  EXPECT_TRUE(contains(english, "Credit note for invoice 2026-000100")) << english;
  EXPECT_TRUE(contains(english, "The amount of €71.34 will be refunded to you"));
  EXPECT_TRUE(contains(english, "-€71.34"));
  EXPECT_FALSE(contains(english, "Please pay"));
}

TEST(ReverseCharge, ChargesNoVatAndPrintsTheStatementTheLawAsksFor) {
  const auto invoice = in_language(samples::reverse_charge_invoice(), job::Language::English);
  EXPECT_EQ(invoice.totals.vat_total.cents, 0);
  EXPECT_EQ(invoice.totals.total.cents, 272500);
  const std::string text = flattened(text_of(invoice, samples::northwind()));
  EXPECT_TRUE(contains(text, "VAT reverse charged to SE556677889901")) << text;
  EXPECT_TRUE(contains(text, "VAT reverse charged on €2,725.00"));
  EXPECT_TRUE(contains(text, "€0.00"));
  EXPECT_TRUE(contains(text, "Please pay the total of €2,725.00"));
  EXPECT_FALSE(contains(text, "VAT 21% on")) << "no VAT is charged at any rate";

  const std::string dutch = flattened(
    text_of(in_language(samples::reverse_charge_invoice(), job::Language::Dutch), samples::acme()));
  EXPECT_TRUE(contains(dutch, "BTW verlegd naar SE556677889901")) << dutch;
  EXPECT_TRUE(contains(dutch, "BTW verlegd over € 2.725,00"));
  EXPECT_TRUE(contains(dutch, "€ 2.725,00"));
}

TEST(ReverseCharge, AnInvoiceWithoutItShowsNoStatement) {
  const std::string text = text_of(samples::short_invoice(), samples::acme());
  EXPECT_FALSE(contains(text, "verlegd"));
}

TEST(Currencies, UseTheirSymbolOrCodeInBothLanguages) {
  auto invoice = samples::short_invoice();
  invoice.currency = "USD";
  EXPECT_TRUE(contains(text_of(invoice, samples::acme()), "$ 269,19"));
  EXPECT_TRUE(
    contains(text_of(in_language(invoice, job::Language::English), samples::acme()), "$269.19"));
  invoice.currency = "GBP";
  EXPECT_TRUE(
    contains(text_of(in_language(invoice, job::Language::English), samples::acme()), "£269.19"));
  invoice.currency = "CHF";
  EXPECT_TRUE(contains(text_of(invoice, samples::acme()), "CHF 269,19"));
}

TEST(Languages, EveryLabelFollowsTheLanguage) {
  struct Expectation {
    job::Language language;
    std::vector<std::string> present;
    std::vector<std::string> absent;
  };
  const std::vector<Expectation> expectations{
    {job::Language::Dutch,
     {"Factuur", "Factuurnummer", "Factuurdatum", "Vervaldatum", "Omschrijving", "Aantal",
      "Eenheid", "Prijs", "Bedrag", "Subtotaal", "Totaal", "Pagina 1 van 1", "20-11-2026",
      "BTW 21% over € 199,95", "betalingskenmerk"},
     {"Invoice", "Due date", "Description", "Quantity", "Page", "November"}},
    {job::Language::English,
     {"Invoice", "Invoice number", "Invoice date", "Due date", "Description", "Quantity", "Unit",
      "Unit price", "Amount", "Subtotal", "Total", "Page 1 of 1", "20 November 2026",
      "VAT 21% on €199.95", "payment reference"},
     {"Factuur", "Vervaldatum", "Omschrijving", "Aantal", "Pagina", "BTW"}},
  };
  for (const auto& expectation : expectations) {
    // Without the letterhead, whose footer is in Dutch whatever the invoice's language.
    const std::string text =
      flattened(text_of(in_language(samples::short_invoice(), expectation.language),
                        samples::acme(), Letterhead::Omit));
    for (const auto& word : expectation.present) {
      EXPECT_TRUE(contains(text, word)) << word << "\n" << text;
    }
    for (const auto& word : expectation.absent) {
      EXPECT_FALSE(contains(text, word)) << word << "\n" << text;
    }
  }
}

TEST(Rounding, VatIsComputedPerRateOnTheSumOfManyTinyLines) {
  // 200 lines of 1 × 0.005: each line rounds half up to 0.01, so the base is 2.00 and the VAT
  // on that sum 0.42, where VAT per line would have given 200 × 0.00.
  std::vector<job::InvoiceLine> lines;
  for (int index = 0; index < 200; ++index) {
    lines.push_back(
      samples::line("Schroefje " + std::to_string(index + 1), "1", "st", "0.005", "21"));
  }
  auto invoice = samples::invoice_with_lines(std::move(lines));
  EXPECT_EQ(invoice.totals.subtotal.cents, 200);
  EXPECT_EQ(invoice.totals.vat_total.cents, 42);
  EXPECT_EQ(invoice.totals.total.cents, 242);
  const auto pdf = PdfReader::from_bytes(render_or_fail(invoice, samples::acme()).bytes);
  const std::string last = pdf.page_text(pdf.page_count() - 1);
  EXPECT_TRUE(contains(last, "BTW 21% over € 2,00")) << last;
  EXPECT_TRUE(contains(last, "€ 0,42"));
  EXPECT_TRUE(contains(last, "€ 2,42"));
  EXPECT_TRUE(contains(pdf.text(), "0,005")) << "the unit price keeps its digits";

  // The same lines credited give exactly the negation.
  invoice.kind = job::DocumentKind::CreditNote;
  invoice.credits = "2026-000001";
  ASSERT_TRUE(job::compute_amounts(invoice).has_value());
  EXPECT_EQ(invoice.totals.vat_total.cents, -42);
  EXPECT_EQ(invoice.totals.total.cents, -242);
}

// The first amount printed after `label` on a page, or -1. Poppler may put a table header's
// words between them, as it reads lines that are close together as one.
long long amount_after(const std::string& text, const std::string& label) {
  std::smatch match;
  if (!std::regex_search(text, match, std::regex(label + "[^0-9]*([0-9.]+),([0-9]{2})"))) {
    return -1;
  }
  std::string whole = match[1].str();
  std::erase(whole, '.');
  return std::stoll(whole) * 100 + std::stoll(match[2].str());
}

TEST(LongInvoices, ThreeHundredLinesFlowWithHeadersAndCarriedTotals) {
  const auto invoice = samples::long_invoice(300);
  const auto rendered = render_or_fail(invoice, samples::acme());
  const auto pdf = PdfReader::from_bytes(rendered.bytes);
  const int pages = pdf.page_count();
  ASSERT_GE(pages, 6);
  EXPECT_EQ(pages, rendered.page_count);
  int rows_so_far = 0;
  long long carried = 0;
  for (int index = 0; index < pages; ++index) {
    const std::string text = pdf.page_text(index);
    const bool last = index == pages - 1;
    EXPECT_TRUE(contains(text, "Omschrijving")) << "page " << index + 1;
    EXPECT_TRUE(contains(text, "Bedrag")) << "page " << index + 1;
    EXPECT_TRUE(
      contains(text, "Pagina " + std::to_string(index + 1) + " van " + std::to_string(pages)));
    if (index > 0) {
      EXPECT_TRUE(contains(text, "Factuur 2026-000123 (vervolg)"));
      EXPECT_EQ(amount_after(text, "Van vorige pagina"), carried) << "page " << index + 1;
    } else {
      EXPECT_FALSE(contains(text, "Van vorige pagina"));
    }
    rows_so_far += count_occurrences(text, "Werkzaamheden regel");
    if (last) {
      EXPECT_FALSE(contains(text, "Transport"));
      EXPECT_TRUE(contains(text, "Subtotaal"));
      EXPECT_TRUE(contains(text, "€ 3.630,00")) << "300 × 10.00 + 21% VAT";
    } else {
      carried = amount_after(text, "Transport");
      // Every line is 10.00: the running subtotal is 10.00 times the lines so far.
      EXPECT_EQ(carried, rows_so_far * 1000LL) << "page " << index + 1 << "\n" << text;
      EXPECT_FALSE(contains(text, "Subtotaal")) << "page " << index + 1;
    }
  }
  EXPECT_EQ(rows_so_far, 300);
}

TEST(Wrapping, ALongDescriptionWrapsAndKeepsItsLastWord) {
  std::string description;
  while (description.size() < 600) {
    description += "Levering, montage en inregeling van de installatie volgens offerte ";
  }
  description += "Slotwoord";
  auto invoice = samples::invoice_with_lines({
    samples::line(description, "1", "st", "100", "21"),
    samples::line("Korte regel", "1", "st", "10", "21"),
  });
  const auto pdf = PdfReader::from_bytes(render_or_fail(invoice, samples::acme()).bytes);
  const std::string text = pdf.text();
  EXPECT_TRUE(contains(text, "Slotwoord")) << text;
  EXPECT_FALSE(contains(text, "…")) << "nothing is cut off";
  EXPECT_TRUE(contains(text, "Korte regel"));
  EXPECT_GE(count_occurrences(flattened(text), "volgens offerte"), 8);
}

TEST(Wrapping, ARowTallerThanAPageGoesOnOverTheNextPagesWithNothingLost) {
  std::string description;
  for (int index = 0; index < 1000; ++index) {
    description += "Zeer lange omschrijving " + std::to_string(index) + ". ";
  }
  auto invoice = samples::invoice_with_lines({
    samples::line("Eerste regel", "1", "st", "10", "21"),
    samples::line(description, "1", "st", "100", "21"),
    samples::line("Korte regel", "1", "st", "10", "21"),
  });
  const auto pdf = PdfReader::from_bytes(render_or_fail(invoice, samples::acme()).bytes);
  ASSERT_GE(pdf.page_count(), 4);
  const std::string all = flattened(pdf.text());
  // Every sentence of the description is there, once, in order.
  std::size_t position = 0;
  for (int index = 0; index < 1000; ++index) {
    const std::string sentence = "omschrijving " + std::to_string(index) + ".";
    const std::size_t found = all.find(sentence, position);
    ASSERT_NE(found, std::string::npos) << sentence << " is missing or out of order";
    position = found + sentence.size();
  }
  for (int page = 0; page < pdf.page_count(); ++page) {
    const std::string text = pdf.page_text(page);
    // Each page stands on its own: its number, and a table header above the rows.
    EXPECT_TRUE(contains(text, "Pagina " + std::to_string(page + 1) + " van")) << text;
    EXPECT_TRUE(contains(text, "Omschrijving")) << "page " << page + 1;
  }
  // The amount of the tall row is printed once, on the page where the row starts, and the
  // running subtotal carried from that page already includes it (10.00 + 100.00).
  EXPECT_EQ(count_occurrences(all, "100,00"), 2) << "unit price and amount, once each\n" << all;
  EXPECT_EQ(count_occurrences(pdf.page_text(0), "100,00"), 2);
  EXPECT_EQ(amount_after(pdf.page_text(0), "Transport"), 11000);
  const std::string last = pdf.page_text(pdf.page_count() - 1);
  EXPECT_TRUE(contains(last, "Korte regel"));
  EXPECT_TRUE(contains(last, "Subtotaal"));
  EXPECT_TRUE(contains(last, "120,00"));
}

TEST(Wrapping, LongNamesAndAddressesWrapWithinTheirBlocks) {
  auto invoice = samples::short_invoice();
  invoice.debtor.name =
    "Stichting Regionaal Samenwerkingsverband Voortgezet Onderwijs Noord-Holland Noord en "
    "Omstreken Afdeling Facilitaire Zaken Eindwoord";
  invoice.debtor.address = {"Lange Lijnbaansgracht tegenover de Oude Kerk, ingang via de "
                            "achterzijde naast de fietsenstalling Adresslot",
                            "1234 AB Ergens"};
  auto creditor = samples::acme();
  creditor.address = {"Keizersgracht 100, bedrijfsverzamelgebouw De Drie Grachten, "
                      "vierde verdieping Crediteurslot"};
  for (const auto letterhead : {Letterhead::Include, Letterhead::Omit}) {
    const std::string text =
      PdfReader::from_bytes(render_or_fail(invoice, creditor, letterhead).bytes).text();
    EXPECT_TRUE(contains(text, "Eindwoord")) << text;
    EXPECT_TRUE(contains(text, "Adresslot"));
    EXPECT_TRUE(contains(text, "Crediteurslot"));
    EXPECT_FALSE(contains(text, "…"));
  }
}

TEST(NonLatinText, IsFoundBackAndSetInAFontThatHasIt) {
  auto invoice = samples::short_invoice();
  invoice.debtor.name = "Przedsiębiorstwo Handlowe Łódź";
  invoice.debtor.address = {"İstiklal Caddesi 12, Beyoğlu, İstanbul", "Οδός Ερμού 5, Αθήνα"};
  invoice.lines[0].description = "東京都の配送サービス 한국어 설명";
  invoice.note = "Zażółć gęślą jaźń. Işık ğüşiöç. Ευχαριστούμε.";
  const auto pdf = PdfReader::from_bytes(render_or_fail(invoice, samples::acme()).bytes);
  const std::string text = pdf.text();
  for (const std::string word :
       {"Przedsiębiorstwo", "Łódź", "İstiklal", "Beyoğlu", "Ερμού", "Αθήνα", "東京都の配送サービス",
        "한국어", "Zażółć gęślą jaźń", "Işık", "Ευχαριστούμε"}) {
    EXPECT_TRUE(contains(text, word)) << word << "\n" << text;
  }
  bool has_cjk_font = false;
  for (const auto& font : pdf.fonts()) {
    EXPECT_TRUE(font.embedded) << font.name;
    has_cjk_font = has_cjk_font || contains(font.name, "WenQuanYi") || contains(font.name, "CJK") ||
                   contains(font.name, "Hei") || contains(font.name, "Droid");
  }
  EXPECT_TRUE(has_cjk_font) << "the CJK text needs a font that has it (fonts-wqy-microhei)";
}

TEST(PaymentReference, IsPrintedAsAStructuredCreditorReference) {
  const std::string text = flattened(text_of(samples::short_invoice(), samples::acme()));
  EXPECT_TRUE(contains(text, "betalingskenmerk RF46 2026 0001 23")) << text;
}

TEST(PaymentQr, IsDrawnOnlyWhenTheCreditorAsks) {
  const auto invoice = samples::short_invoice();
  auto creditor = samples::acme();
  const auto without = render_or_fail(invoice, creditor);
  creditor.payment_qr = true;
  const auto with = render_or_fail(invoice, creditor);
  EXPECT_FALSE(contains(PdfReader::from_bytes(without.bytes).text(), "Scan en betaal"));
  EXPECT_TRUE(contains(PdfReader::from_bytes(with.bytes).text(), "Scan en betaal"));
  // Hundreds of dark modules drawn as vector shapes make the page noticeably larger.
  EXPECT_GT(with.bytes.size(), without.bytes.size() + 1000);
  // Still reproducible.
  EXPECT_TRUE(with.bytes == render_or_fail(invoice, creditor).bytes);

  auto dollars = invoice;
  dollars.currency = "USD";
  EXPECT_FALSE(contains(PdfReader::from_bytes(render_or_fail(dollars, creditor).bytes).text(),
                        "Scan en betaal"))
    << "the EPC QR code is for euros only";
}

TEST(Reproducibility, CreditNotesAndReverseChargeGiveTheSameBytesTwice) {
  auto creditor = samples::acme();
  creditor.payment_qr = true;
  for (const auto& invoice : {samples::credit_note(), samples::reverse_charge_invoice()}) {
    EXPECT_TRUE(render_or_fail(invoice, creditor).bytes == render_or_fail(invoice, creditor).bytes);
  }
}

} // namespace
} // namespace mailroom::render
