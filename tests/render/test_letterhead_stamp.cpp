#include "sample_invoices.hpp"

#include <engine/pdf/letterhead_stamp.hpp>
#include <engine/render/letterhead.hpp>
#include <engine/render/renderer.hpp>

#include <gtest/gtest.h>
#include <tests/pdf/hand_made_pdf.hpp>
#include <tests/support/pdf_reader.hpp>

#include <memory>
#include <string>

namespace mailroom::render {
namespace {

using testing::PdfReader;

std::shared_ptr<const LetterheadArt> load_or_fail(const std::string& name) {
  auto art = LetterheadArt::load(samples::letterhead_path(name));
  EXPECT_TRUE(art.has_value()) << (art ? "" : art.error().to_string());
  return art ? *art : nullptr;
}

// A document of `pages` pages with a box and a line of text on each, as an invoice would have,
// and with the letterhead painted under each page by cairo when `painted` is given.
std::string document(int pages, const LetterheadArt* painted = nullptr) {
  if (painted == nullptr) {
    return testing::cairo_document("stamp test", pages);
  }
  return testing::cairo_document("stamp test", pages, [painted](cairo_t* context, int page) {
    painted->paint(context, page == 0 ? PageKind::First : PageKind::Continuation);
  });
}

std::string stamped_or_fail(const LetterheadArt& art, const std::string& pdf) {
  EXPECT_NE(art.stamp(), nullptr) << "the letterhead could not be made into a stamp";
  if (art.stamp() == nullptr) {
    return {};
  }
  auto stamped = art.stamp()->apply(pdf);
  EXPECT_TRUE(stamped.has_value()) << (stamped ? "" : stamped.error().to_string());
  return stamped ? *stamped : std::string();
}

TEST(LetterheadStamp, KeepsCairosBytesAndAppendsAnUpdate) {
  const auto art = load_or_fail("acme.pdf");
  ASSERT_NE(art, nullptr);
  const std::string plain = document(1);
  const std::string stamped = stamped_or_fail(*art, plain);
  ASSERT_GT(stamped.size(), plain.size());
  testing::expect_well_formed_update(plain, stamped);
  EXPECT_EQ(stamped.substr(0, plain.size()), plain);
  const std::string update = stamped.substr(plain.size());
  EXPECT_NE(update.find("/Prev "), std::string::npos);
  EXPECT_NE(update.find("/MailroomLetterhead1"), std::string::npos);
  EXPECT_EQ(update.substr(update.size() - 6), "%%EOF\n");

  const auto pdf = PdfReader::from_bytes(stamped);
  ASSERT_EQ(pdf.page_count(), 1);
  EXPECT_NE(pdf.page_text(0).find("Precision widgets since 1921"), std::string::npos)
    << pdf.page_text(0);
  EXPECT_NE(pdf.page_text(0).find("Body of page 1"), std::string::npos);
  EXPECT_EQ(pdf.metadata_title(), "stamp test");
  EXPECT_LT(testing::letterhead_difference(pdf, 0, samples::letterhead_path("acme.pdf"), 0),
            testing::k_same_letterhead);
}

TEST(LetterheadStamp, LooksLikeTheLetterheadCairoPaintsOnEveryPage) {
  const auto art = load_or_fail("northwind.pdf");
  ASSERT_NE(art, nullptr);
  const auto painted = PdfReader::from_bytes(document(3, art.get()));
  const std::string plain = document(3);
  const std::string stamped_bytes = stamped_or_fail(*art, plain);
  testing::expect_well_formed_update(plain, stamped_bytes);
  const auto stamped = PdfReader::from_bytes(stamped_bytes);
  ASSERT_EQ(stamped.page_count(), 3);
  for (int page = 0; page < 3; ++page) {
    const auto expected = painted.page_image(page, 72);
    const auto got = stamped.page_image(page, 72);
    // The stamp is the letterhead's own page, the painting cairo's copy of Poppler's drawing of
    // it: they differ only where the edges of thin rules fall on other shades of pixels (0.3% of
    // the page for Northwind's; a missing or misplaced letterhead differs by ten times that).
    EXPECT_LT(expected.difference_in_band(got, 0, 841.89, 8), 0.006) << "page " << page + 1;
    EXPECT_EQ(stamped.page_text(page), painted.page_text(page));
  }
  // Northwind's second page is for continuation pages, and this test proves nothing unless
  // its pages differ.
  const auto letterhead = samples::letterhead_path("northwind.pdf");
  EXPECT_LT(testing::letterhead_difference(stamped, 0, letterhead, 0), testing::k_same_letterhead);
  EXPECT_GT(testing::letterhead_difference(stamped, 0, letterhead, 1), testing::k_other_letterhead);
  EXPECT_LT(testing::letterhead_difference(stamped, 1, letterhead, 1), testing::k_same_letterhead);
  EXPECT_LT(testing::letterhead_difference(stamped, 2, letterhead, 1), testing::k_same_letterhead);
}

TEST(LetterheadStamp, AOnePageInvoiceCarriesOnlyTheFirstLetterheadPage) {
  const auto art = load_or_fail("northwind.pdf");
  ASSERT_NE(art, nullptr);
  const std::string one_page = stamped_or_fail(*art, document(1));
  EXPECT_NE(one_page.find("/MailroomLetterhead1"), std::string::npos);
  EXPECT_EQ(one_page.find("/MailroomLetterhead2"), std::string::npos);
  const std::string two_pages = stamped_or_fail(*art, document(2));
  EXPECT_NE(two_pages.find("/MailroomLetterhead2"), std::string::npos);
}

TEST(LetterheadStamp, RefusesWhatCairoDidNotWriteAndNeverStampsTwice) {
  const auto art = load_or_fail("acme.pdf");
  ASSERT_NE(art, nullptr);
  ASSERT_NE(art->stamp(), nullptr);
  const auto garbage = art->stamp()->apply("%PDF-1.5\nnothing here\n");
  ASSERT_FALSE(garbage.has_value());
  EXPECT_NE(garbage.error().message.find("cannot read the PDF cairo wrote"), std::string::npos)
    << garbage.error().message;
  const std::string once = stamped_or_fail(*art, document(1));
  const auto twice = art->stamp()->apply(once);
  ASSERT_FALSE(twice.has_value());
  EXPECT_NE(twice.error().message.find("updated before"), std::string::npos)
    << twice.error().message;
}

TEST(LetterheadStamp, IsWhatTheRendererUsesForLetterheads) {
  Renderer renderer;
  auto rendered = renderer.render(samples::short_invoice(), samples::acme(), Letterhead::Include);
  ASSERT_TRUE(rendered.has_value()) << rendered.error().to_string();
  EXPECT_NE(rendered->bytes.find("/MailroomLetterhead1"), std::string::npos)
    << "the renderer painted the letterhead instead of stamping it";
  auto without = renderer.render(samples::short_invoice(), samples::acme(), Letterhead::Omit);
  ASSERT_TRUE(without.has_value()) << without.error().to_string();
  EXPECT_EQ(without->bytes.find("/MailroomLetterhead"), std::string::npos);
  EXPECT_EQ(without->bytes.find("/Prev"), std::string::npos);
}

// Pages as cairo might also write them, made by hand: the branches the bench invoices never take.
constexpr const char* k_a4 = "/MediaBox [ 0 0 595.276 841.89 ]";

TEST(LetterheadStamp, JoinsAnXObjectDictionaryAndAContentsArrayThePageAlreadyHas) {
  const auto art = load_or_fail("acme.pdf");
  ASSERT_NE(art, nullptr);
  const std::string plain = testing::hand_made_pdf({
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [ 3 0 R ] /Count 1 >>",
    std::string("<< /Type /Page /Parent 2 0 R ") + k_a4 +
      " /Contents [ 4 0 R 5 0 R ] /Resources 6 0 R >>",
    "<< /Length 3 >>\nstream\nq Q\nendstream",
    "<< /Length 30 >>\nstream\n0 0 1 rg 100 300 50 50 re f Q\nendstream",
    "<< /XObject << /Mark 7 0 R >> >>",
    "<< /Type /XObject /Subtype /Form /BBox [ 0 0 10 10 ] /Length 0 >>\nstream\n\nendstream",
  });
  const std::string stamped = stamped_or_fail(*art, plain);
  testing::expect_well_formed_update(plain, stamped);
  const std::string update = stamped.substr(plain.size());
  // The letterhead's objects are numbered from 8, the hand-made document's /Size.
  const size_t contents = update.find("/Contents [ ");
  ASSERT_NE(contents, std::string::npos) << update;
  EXPECT_EQ(update.substr(update.find(" 0 R", contents), 18), " 0 R 4 0 R 5 0 R ]") << update;
  const size_t forms = update.find("/XObject << /MailroomLetterhead1 ");
  ASSERT_NE(forms, std::string::npos) << update;
  EXPECT_EQ(update.substr(update.find(" 0 R", forms), 20), " 0 R /Mark 7 0 R >> ") << update;
  const auto pdf = PdfReader::from_bytes(stamped);
  ASSERT_EQ(pdf.page_count(), 1);
  EXPECT_LT(testing::letterhead_difference(pdf, 0, samples::letterhead_path("acme.pdf"), 0),
            testing::k_same_letterhead);
}

TEST(LetterheadStamp, ResourcesSharedByAFirstAndAContinuationPageNameBothForms) {
  const auto art = load_or_fail("northwind.pdf");
  ASSERT_NE(art, nullptr);
  const std::string page =
    std::string("<< /Type /Page /Parent 2 0 R ") + k_a4 + " /Contents 5 0 R /Resources 6 0 R >>";
  const std::string plain = testing::hand_made_pdf({
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [ 3 0 R 4 0 R ] /Count 2 >>",
    page,
    page,
    "<< /Length 3 >>\nstream\nq Q\nendstream",
    "<< >>",
  });
  const std::string stamped = stamped_or_fail(*art, plain);
  testing::expect_well_formed_update(plain, stamped);
  const std::string update = stamped.substr(plain.size());
  EXPECT_NE(update.find("/MailroomLetterhead1"), std::string::npos);
  EXPECT_NE(update.find("/MailroomLetterhead2"), std::string::npos);
  const auto pdf = PdfReader::from_bytes(stamped);
  ASSERT_EQ(pdf.page_count(), 2);
  const auto letterhead = samples::letterhead_path("northwind.pdf");
  EXPECT_LT(testing::letterhead_difference(pdf, 0, letterhead, 0), testing::k_same_letterhead);
  EXPECT_LT(testing::letterhead_difference(pdf, 1, letterhead, 1), testing::k_same_letterhead);
}

TEST(LetterheadStamp, EachDrawingEndsInWhitespaceSoStreamsJoinCleanly) {
  // A reader may join a page's /Contents streams into one; "Q" must not run into cairo's "1".
  const auto art = load_or_fail("acme.pdf");
  ASSERT_NE(art, nullptr);
  const std::string stamped = stamped_or_fail(*art, document(1));
  const size_t drawing = stamped.find("q /MailroomLetterhead1 Do Q");
  ASSERT_NE(drawing, std::string::npos);
  EXPECT_EQ(stamped.substr(drawing, 38), "q /MailroomLetterhead1 Do Q\n\nendstream");
}

} // namespace
} // namespace mailroom::render
