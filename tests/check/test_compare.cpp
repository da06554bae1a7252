// Comparing PDFs page by page: count, text and pixels, with diff images.

#include "drawn_pdf.hpp"
#include "png_pixels.hpp"

#include <engine/check/compare.hpp>
#include <engine/check/raster.hpp>
#include <engine/pdf/pdf_file.hpp>

#include <gtest/gtest.h>

namespace mailroom::check {
namespace {

using testing::count_red_pixels;
using testing::draw_pdf;
using testing::DrawnPage;

const std::vector<DrawnPage> k_invoice = {
  {{"Factuur 2026-000001", "Broodjes 12 st € 1,25", "Totaal € 246,25"}},
  {{"Pagina 2", "Betaal binnen 14 dagen"}},
};

Comparison compare(const std::string& sample, const std::string& candidate,
                   CompareOptions options = {}) {
  auto result =
    compare_pdfs(sample, "sample.pdf", candidate, "rendered", options, DiffImages::Make);
  EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().to_string());
  return result.has_value() ? *result : Comparison{};
}

TEST(Compare, TheSameBytesMatchWithoutRasterising) {
  const auto pdf = draw_pdf(k_invoice);
  // Not a PDF at all: only the fast path can call these a match.
  const auto same = compare_pdfs("not a pdf", "a", "not a pdf", "b", {}, DiffImages::Make);
  ASSERT_TRUE(same.has_value());
  EXPECT_EQ(same->verdict, Verdict::Match);
  EXPECT_EQ(compare(pdf, pdf).verdict, Verdict::Match);
}

TEST(Compare, AnIdenticalRedrawingMatchesThoughItsBytesDiffer) {
  const auto first = draw_pdf(k_invoice);
  auto second = draw_pdf(k_invoice);
  // Cairo stamps each PDF with the time it was made; make sure the bytes differ regardless.
  second += "\n% another rendering\n";
  ASSERT_NE(first, second);
  const auto comparison = compare(first, second);
  EXPECT_EQ(comparison.verdict, Verdict::Match) << comparison.description;
  EXPECT_TRUE(comparison.diff_images.empty());
}

TEST(Compare, AOneDigitChangeIsATextDifferenceWithADiffImage) {
  auto changed = k_invoice;
  changed[0].lines[2] = "Totaal € 246,26";
  const auto comparison = compare(draw_pdf(k_invoice), draw_pdf(changed));
  EXPECT_EQ(comparison.verdict, Verdict::Differs);
  EXPECT_EQ(
    comparison.description.rfind("text on page 1: expected \"€ 246,25\", got \"€ 246,26\"", 0), 0u)
    << comparison.description;
  ASSERT_EQ(comparison.diff_images.size(), 1u);
  EXPECT_EQ(comparison.diff_images[0].page, 1);
  EXPECT_GT(count_red_pixels(comparison.diff_images[0].png), 0);
}

TEST(Compare, AMovedShapeIsAPixelDifferenceOnItsPage) {
  auto sample = k_invoice;
  sample[1].box_x = 100;
  auto moved = sample;
  moved[1].box_x = 300;
  const auto comparison = compare(draw_pdf(sample), draw_pdf(moved));
  EXPECT_EQ(comparison.verdict, Verdict::Differs);
  // Two 60 x 60 squares of an A4 page at 72 DPI: 7,200 of 500,990 pixels.
  EXPECT_EQ(comparison.description, "page 2, 1.4% pixels");
  ASSERT_EQ(comparison.diff_images.size(), 1u);
  EXPECT_EQ(comparison.diff_images[0].page, 2);
  EXPECT_NEAR(count_red_pixels(comparison.diff_images[0].png), 7200, 300);
}

TEST(Compare, DifferencesWithinTheToleranceMatch) {
  auto sample = k_invoice;
  sample[1].box_x = 100;
  auto moved = sample;
  moved[1].box_x = 101;
  CompareOptions lenient;
  lenient.tolerance_percent = 1;
  EXPECT_EQ(compare(draw_pdf(sample), draw_pdf(moved), lenient).verdict, Verdict::Match);
  CompareOptions strict;
  strict.tolerance_percent = 0;
  const auto comparison = compare(draw_pdf(sample), draw_pdf(moved), strict);
  EXPECT_EQ(comparison.verdict, Verdict::Differs);
  EXPECT_EQ(comparison.description.rfind("page 2, 0.0", 0), 0u) << comparison.description;
}

TEST(Compare, AHigherResolutionComparesMorePixels) {
  const auto pdf = draw_pdf(k_invoice);
  const auto file = pdf::PdfFile::open(pdf, "drawn");
  ASSERT_TRUE(file.has_value());
  const auto low = Raster::of_page(*file, 0, 72);
  const auto high = Raster::of_page(*file, 0, 144);
  ASSERT_TRUE(low.has_value() && high.has_value());
  EXPECT_EQ(low->width(), 595);
  EXPECT_EQ(high->width(), 1190);
  EXPECT_EQ(high->height(), 1684);
}

TEST(Compare, ADifferentPageCountIsReportedAsSuch) {
  const auto one_page = draw_pdf({k_invoice[0]});
  auto three_pages = k_invoice;
  three_pages.push_back({{"Pagina 3"}});
  auto comparison = compare(draw_pdf(k_invoice), draw_pdf(three_pages));
  EXPECT_EQ(comparison.verdict, Verdict::Differs);
  EXPECT_EQ(comparison.description, "3 pages, sample has 2");
  comparison = compare(draw_pdf(k_invoice), one_page);
  EXPECT_EQ(comparison.description, "1 page, sample has 2");
}

TEST(Compare, AnUnreadableSampleIsAnErrorNamingIt) {
  const auto result = compare_pdfs("garbage", "samples/2026-1.pdf", draw_pdf(k_invoice), "rendered",
                                   {}, DiffImages::Skip);
  ASSERT_FALSE(result.has_value());
  EXPECT_NE(result.error().to_string().find("samples/2026-1.pdf"), std::string::npos)
    << result.error().to_string();
}

TEST(Compare, PercentagesKeepTwoSignificantDigitsBelowATenth) {
  EXPECT_EQ(format_percent(1.26), "1.3%");
  EXPECT_EQ(format_percent(0.0432), "0.043%");
  EXPECT_EQ(format_percent(0), "0.0%");
}

} // namespace
} // namespace mailroom::check
