#include "sample_invoices.hpp"

#include <engine/job/format.hpp>
#include <engine/render/renderer.hpp>

#include <gtest/gtest.h>
#include <tests/support/pdf_reader.hpp>
#include <tests/support/temporary_folder.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace mailroom::render {
namespace {

using samples::render_or_fail;
using testing::count_occurrences;
using testing::PdfReader;

// Poppler may break a paragraph's lines anywhere between words.
std::string without_line_breaks(std::string text) {
  for (char& character : text) {
    if (character == '\n') {
      character = ' ';
    }
  }
  return text;
}

TEST(Renderer, ShowsTheFactsOfTheInvoiceInDutch) {
  Renderer renderer;
  const auto invoice = samples::short_invoice();
  const auto rendered = render_or_fail(renderer, invoice, samples::acme(), Letterhead::Omit);
  EXPECT_EQ(rendered.page_count, 1);
  const auto pdf = PdfReader::from_bytes(rendered.bytes);
  ASSERT_EQ(pdf.page_count(), 1);
  EXPECT_NEAR(pdf.page_width(0), 595.276, 0.01);
  EXPECT_NEAR(pdf.page_height(0), 841.89, 0.01);

  const std::string text = pdf.text();
  EXPECT_NE(text.find("Factuur"), std::string::npos) << text;
  EXPECT_NE(text.find("2026-000123"), std::string::npos);
  EXPECT_NE(text.find("Bakkerij De Gouden Korst"), std::string::npos);
  EXPECT_NE(text.find("Dorpsstraat 12"), std::string::npos);
  EXPECT_NE(text.find("NL123456789B02"), std::string::npos);
  EXPECT_NE(text.find("Keizersgracht 100"), std::string::npos);
  EXPECT_NE(text.find("12345678"), std::string::npos);
  EXPECT_NE(text.find("NL91 ABNA 0417 1643 00"), std::string::npos);
  EXPECT_NE(text.find("20-11-2026"), std::string::npos);
  EXPECT_NE(text.find("04-12-2026"), std::string::npos);
  EXPECT_NE(text.find("Onderhoud ovens, voorjaarsbeurt"), std::string::npos);
  EXPECT_NE(text.find("Bedankt voor uw opdracht."), std::string::npos);
  EXPECT_NE(text.find("Pagina 1 van 1"), std::string::npos);

  // 150.00 + 49.95 at 21%, 25.00 at 9%: VAT 41.99 and 2.25, total 269.19.
  EXPECT_EQ(invoice.totals.total.cents, 26919);
  EXPECT_NE(text.find("Subtotaal"), std::string::npos);
  EXPECT_NE(text.find("BTW 9% over € 25,00"), std::string::npos) << text;
  EXPECT_NE(text.find("BTW 21% over € 199,95"), std::string::npos);
  EXPECT_NE(text.find("€ 41,99"), std::string::npos);
  EXPECT_NE(text.find(job::format::money(invoice.totals.total, "EUR", job::Language::Dutch)),
            std::string::npos);
  EXPECT_NE(text.find("49,95"), std::string::npos);
  EXPECT_NE(text.find("2,50"), std::string::npos) << "unit prices show two decimals";
  EXPECT_EQ(text.find("Invoice"), std::string::npos);
  EXPECT_EQ(text.find("Uw referentie"), std::string::npos) << "no reference, no label";
}

TEST(Renderer, WritesTheLabelsInEnglishWhenTheInvoiceAsks) {
  Renderer renderer;
  auto invoice = samples::short_invoice();
  invoice.language = job::Language::English;
  invoice.language_given = true;
  invoice.reference = "PO-4471";
  const auto text = PdfReader::from_bytes(
                      render_or_fail(renderer, invoice, samples::acme(), Letterhead::Omit).bytes)
                      .text();
  EXPECT_NE(text.find("Invoice"), std::string::npos);
  EXPECT_NE(text.find("Due date"), std::string::npos);
  EXPECT_NE(text.find("4 December 2026"), std::string::npos);
  EXPECT_NE(text.find("Your reference"), std::string::npos);
  EXPECT_NE(text.find("PO-4471"), std::string::npos);
  EXPECT_NE(text.find("VAT 21% on €199.95"), std::string::npos) << text;
  EXPECT_NE(text.find("€269.19"), std::string::npos);
  EXPECT_NE(text.find("Page 1 of 1"), std::string::npos);
  EXPECT_NE(without_line_breaks(text).find("quoting payment reference RF46 2026 0001 23 (invoice "
                                           "number 2026-000123)"),
            std::string::npos)
    << text;
  EXPECT_EQ(text.find("Factuur"), std::string::npos);
  EXPECT_EQ(text.find("Pagina"), std::string::npos);
}

TEST(Renderer, FollowsTheCreditorsLanguageWhenTheInvoiceGivesNone) {
  Renderer renderer;
  auto invoice = samples::short_invoice();
  invoice.language = job::Language::Dutch; // Not given, so it must not count.
  invoice.language_given = false;
  const auto text =
    PdfReader::from_bytes(
      render_or_fail(renderer, invoice, samples::northwind(), Letterhead::Omit).bytes)
      .text();
  EXPECT_NE(text.find("Invoice"), std::string::npos);
  EXPECT_EQ(text.find("Factuur"), std::string::npos);
}

TEST(Renderer, AsksForPaymentWithAmountIbanDueDateAndReference) {
  Renderer renderer;
  const auto invoice = samples::short_invoice();
  const auto text = PdfReader::from_bytes(
                      render_or_fail(renderer, invoice, samples::acme(), Letterhead::Omit).bytes)
                      .text();
  const std::string flat = without_line_breaks(text);
  EXPECT_NE(flat.find("totaalbedrag van € 269,19 uiterlijk 04-12-2026"), std::string::npos) << flat;
  EXPECT_NE(flat.find("IBAN NL91 ABNA 0417 1643 00 ten name van Acme B.V."), std::string::npos);
  EXPECT_NE(flat.find("betalingskenmerk RF46 2026 0001 23 (factuurnummer 2026-000123)."),
            std::string::npos)
    << flat;
}

TEST(Renderer, SaysACreditIsSettledRatherThanAskingForPayment) {
  Renderer renderer;
  auto invoice =
    samples::invoice_with_lines({samples::line("Creditering", "-1", "stuk", "100", "21")});
  const auto text = PdfReader::from_bytes(
                      render_or_fail(renderer, invoice, samples::acme(), Letterhead::Omit).bytes)
                      .text();
  EXPECT_NE(text.find("€ -121,00"), std::string::npos) << text;
  EXPECT_NE(text.find("verrekend"), std::string::npos);
  EXPECT_EQ(text.find("verzoeken"), std::string::npos);
}

TEST(Renderer, WrapsLongDescriptionsInsideTheirColumn) {
  Renderer renderer;
  const std::string words =
    "Levering en installatie van een industriële deegmenger met twee snelheden, inclusief "
    "aansluiting, proefdraaien, instructie van het personeel en afvoer van de oude machine";
  auto invoice = samples::invoice_with_lines({samples::line(words, "1", "stuk", "4999", "21")});
  const auto text = without_line_breaks(
    PdfReader::from_bytes(
      render_or_fail(renderer, invoice, samples::acme(), Letterhead::Omit).bytes)
      .text());
  EXPECT_NE(text.find("Levering"), std::string::npos);
  EXPECT_NE(text.find("oude machine"), std::string::npos) << "the end of the description is kept";
  EXPECT_NE(text.find("4.999,00"), std::string::npos);
}

TEST(Renderer, FlowsALongInvoiceOverPagesWithHeaderAndPageNumbers) {
  Renderer renderer;
  const auto invoice = samples::long_invoice(60);
  const auto rendered = render_or_fail(renderer, invoice, samples::acme(), Letterhead::Include);
  const auto pdf = PdfReader::from_bytes(rendered.bytes);
  ASSERT_GE(pdf.page_count(), 2);
  EXPECT_EQ(pdf.page_count(), rendered.page_count);
  const int pages = pdf.page_count();
  std::string all;
  for (int index = 0; index < pages; ++index) {
    const std::string text = pdf.page_text(index);
    all += text;
    EXPECT_NE(text.find("Omschrijving"), std::string::npos) << "page " << index + 1;
    EXPECT_NE(text.find("Bedrag"), std::string::npos) << "page " << index + 1;
    EXPECT_NE(text.find("Pagina " + std::to_string(index + 1) + " van " + std::to_string(pages)),
              std::string::npos)
      << text;
    if (index > 0) {
      EXPECT_NE(text.find("Factuur 2026-000123 (vervolg)"), std::string::npos);
    }
    const bool last = index == pages - 1;
    EXPECT_EQ(text.find("Subtotaal") != std::string::npos, last) << "page " << index + 1;
  }
  for (int index = 1; index <= 60; ++index) {
    char description[64];
    std::snprintf(description, sizeof description, "Werkzaamheden regel %03d", index);
    EXPECT_EQ(count_occurrences(all, description), 1) << description;
  }
  // 60 × 10.00 + 21% VAT.
  EXPECT_NE(pdf.page_text(pages - 1).find("€ 726,00"), std::string::npos);
}

TEST(Renderer, CarriesAVeryLongNoteOntoFurtherPages) {
  Renderer renderer;
  auto invoice = samples::short_invoice();
  std::string note;
  for (int index = 1; index <= 120; ++index) {
    note += "Notitie " + std::to_string(index) + " over de levering.\n";
  }
  note += "Slotopmerking.";
  invoice.note = note;
  const auto rendered = render_or_fail(renderer, invoice, samples::acme(), Letterhead::Include);
  const auto pdf = PdfReader::from_bytes(rendered.bytes);
  ASSERT_GE(pdf.page_count(), 2);
  const std::string last = pdf.page_text(pdf.page_count() - 1);
  EXPECT_NE(last.find("Slotopmerking."), std::string::npos);
  const std::string all = pdf.text();
  EXPECT_EQ(count_occurrences(all, "Notitie 1 over"), 1);
  EXPECT_EQ(count_occurrences(all, "Notitie 120 over"), 1);
  EXPECT_EQ(count_occurrences(all, "Subtotaal"), 1);
}

TEST(Renderer, GivesTheSameBytesForTheSameInput) {
  Renderer first;
  Renderer second;
  const auto invoice = samples::long_invoice(40);
  const auto creditor = samples::northwind();
  const auto once = render_or_fail(first, invoice, creditor, Letterhead::Include);
  const auto again = render_or_fail(first, invoice, creditor, Letterhead::Include);
  const auto elsewhere = render_or_fail(second, invoice, creditor, Letterhead::Include);
  ASSERT_FALSE(once.bytes.empty());
  EXPECT_TRUE(once.bytes == again.bytes);
  EXPECT_TRUE(once.bytes == elsewhere.bytes);

  const auto plain = render_or_fail(first, invoice, creditor, Letterhead::Omit);
  EXPECT_TRUE(plain.bytes == render_or_fail(second, invoice, creditor, Letterhead::Omit).bytes);
  EXPECT_FALSE(plain.bytes == once.bytes);
}

TEST(Renderer, ChangesTheBytesWhenTheInvoiceChanges) {
  Renderer renderer;
  auto invoice = samples::short_invoice();
  const auto before = render_or_fail(renderer, invoice, samples::acme(), Letterhead::Omit);
  invoice.number = "2026-000124";
  const auto after = render_or_fail(renderer, invoice, samples::acme(), Letterhead::Omit);
  EXPECT_FALSE(before.bytes == after.bytes);
}

TEST(Renderer, SetsTheDocumentInformation) {
  Renderer renderer;
  const auto invoice = samples::short_invoice();
  const auto pdf = PdfReader::from_bytes(
    render_or_fail(renderer, invoice, samples::acme(), Letterhead::Include).bytes);
  EXPECT_EQ(pdf.metadata_title(), "Factuur 2026-000123");
  EXPECT_EQ(pdf.metadata_author(), "Acme B.V.");
  EXPECT_EQ(pdf.metadata_subject(), "Factuur 2026-000123 voor Bakkerij De Gouden Korst");
  EXPECT_EQ(pdf.metadata_creator(), "mailroom");
  EXPECT_EQ(pdf.creation_date(), invoice.date.to_unix_seconds());
}

TEST(Renderer, EmbedsItsFonts) {
  Renderer renderer;
  const auto pdf = PdfReader::from_bytes(
    render_or_fail(renderer, samples::short_invoice(), samples::acme(), Letterhead::Include).bytes);
  const auto fonts = pdf.fonts();
  ASSERT_FALSE(fonts.empty());
  bool has_dejavu = false;
  for (const auto& font : fonts) {
    EXPECT_TRUE(font.embedded) << font.name;
    has_dejavu = has_dejavu || font.name.find("DejaVuSans") != std::string::npos;
  }
  EXPECT_TRUE(has_dejavu);
}

TEST(Renderer, PrintsOnTheLetterheadOnlyWhenAsked) {
  Renderer renderer;
  const auto invoice = samples::short_invoice();
  const auto creditor = samples::acme();
  const auto with =
    PdfReader::from_bytes(render_or_fail(renderer, invoice, creditor, Letterhead::Include).bytes);
  const auto without =
    PdfReader::from_bytes(render_or_fail(renderer, invoice, creditor, Letterhead::Omit).bytes);
  EXPECT_LT(testing::letterhead_difference(with, 0, creditor.letterhead, 0),
            testing::k_same_letterhead);
  EXPECT_GT(testing::letterhead_difference(without, 0, creditor.letterhead, 0),
            testing::k_other_letterhead);
  // The letterhead's text stays text, as in the letterhead PDF.
  EXPECT_NE(with.text().find("Precision widgets since 1921"), std::string::npos);
  EXPECT_EQ(without.text().find("Precision widgets since 1921"), std::string::npos);
  // Without the letterhead the document still says who sent it.
  const std::string text = without.text();
  EXPECT_NE(text.find("Acme B.V."), std::string::npos);
  EXPECT_NE(text.find("1015 AA Amsterdam"), std::string::npos);
  EXPECT_NE(text.find("NL001234567B01"), std::string::npos);
}

TEST(Renderer, UsesTheSecondLetterheadPageForContinuationPages) {
  Renderer renderer;
  const auto creditor = samples::northwind();
  const auto pdf = PdfReader::from_bytes(
    render_or_fail(renderer, samples::long_invoice(60), creditor, Letterhead::Include).bytes);
  ASSERT_GE(pdf.page_count(), 2);
  EXPECT_LT(testing::letterhead_difference(pdf, 0, creditor.letterhead, 0),
            testing::k_same_letterhead);
  EXPECT_GT(testing::letterhead_difference(pdf, 0, creditor.letterhead, 1),
            testing::k_other_letterhead)
    << "the two pages of Northwind's letterhead differ, or this test proves nothing";
  for (int index = 1; index < pdf.page_count(); ++index) {
    EXPECT_LT(testing::letterhead_difference(pdf, index, creditor.letterhead, 1),
              testing::k_same_letterhead)
      << index;
  }
}

TEST(Renderer, RepeatsASinglePageLetterheadOnContinuationPages) {
  Renderer renderer;
  const auto creditor = samples::acme();
  const auto pdf = PdfReader::from_bytes(
    render_or_fail(renderer, samples::long_invoice(60), creditor, Letterhead::Include).bytes);
  ASSERT_GE(pdf.page_count(), 2);
  for (int index = 0; index < pdf.page_count(); ++index) {
    EXPECT_LT(testing::letterhead_difference(pdf, index, creditor.letterhead, 0),
              testing::k_same_letterhead)
      << index;
  }
}

TEST(Renderer, ReportsAnUnreadableLetterheadNamingTheFile) {
  testing::TemporaryFolder folder;
  testing::write_text(folder / "broken.pdf", "this is not a PDF at all\n");
  Renderer renderer;
  auto creditor = samples::acme();
  creditor.letterhead = folder / "broken.pdf";
  const auto invoice = samples::short_invoice();
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto rendered = renderer.render(invoice, creditor, Letterhead::Include);
    ASSERT_FALSE(rendered.has_value());
    EXPECT_NE(rendered.error().to_string().find((folder / "broken.pdf").string()),
              std::string::npos)
      << rendered.error().to_string();
  }
  // The same creditor without its letterhead still renders.
  EXPECT_TRUE(renderer.render(invoice, creditor, Letterhead::Omit).has_value());

  creditor.letterhead.clear();
  auto rendered = renderer.render(invoice, creditor, Letterhead::Include);
  ASSERT_FALSE(rendered.has_value());
  EXPECT_NE(rendered.error().to_string().find("acme"), std::string::npos);
}

// The TSan stage runs only the tests of test_render with "Concurrently" in their names
// (tools/test_suite): a test that renders on several threads at once says so in its name.
TEST(Renderer, RendersConcurrentlyWithOneRendererPerThread) {
  const auto invoice = samples::long_invoice(25);
  const auto acme = samples::acme();
  const auto northwind = samples::northwind();
  Renderer reference;
  const std::string expected_acme =
    render_or_fail(reference, invoice, acme, Letterhead::Include).bytes;
  const std::string expected_northwind =
    render_or_fail(reference, invoice, northwind, Letterhead::Include).bytes;

  constexpr int k_threads = 4;
  std::vector<int> mismatches(k_threads, 0);
  std::vector<std::thread> threads;
  for (int thread = 0; thread < k_threads; ++thread) {
    threads.emplace_back([&, thread] {
      Renderer renderer;
      for (int round = 0; round < 6; ++round) {
        const bool use_acme = (round + thread) % 2 == 0;
        auto rendered = renderer.render(invoice, use_acme ? acme : northwind, Letterhead::Include);
        if (!rendered || rendered->bytes != (use_acme ? expected_acme : expected_northwind)) {
          ++mismatches[thread];
        }
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  for (int thread = 0; thread < k_threads; ++thread) {
    EXPECT_EQ(mismatches[thread], 0) << "thread " << thread;
  }
}

} // namespace
} // namespace mailroom::render
