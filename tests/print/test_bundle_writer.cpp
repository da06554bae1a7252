// One PDF made of many: page order, blank pages for duplex printing, and files that are either
// complete or absent.

#include <engine/print/bundle_writer.hpp>

#include <gtest/gtest.h>
#include <tests/check/drawn_pdf.hpp>
#include <tests/support/pdf_reader.hpp>
#include <tests/support/temporary_folder.hpp>

namespace mailroom::print {
namespace {

using testing::draw_pdf;
using testing::PdfReader;
using testing::TemporaryFolder;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

size_t count_entries(const std::filesystem::path& folder) {
  return static_cast<size_t>(std::distance(std::filesystem::directory_iterator(folder),
                                           std::filesystem::directory_iterator()));
}

// Invoices A (two pages), B and C (one page each).
void add_three(BundleWriter& bundle) {
  ASSERT_TRUE(bundle.add(draw_pdf({{{"Invoice A page 1"}}, {{"Invoice A page 2"}}}), "A"));
  ASSERT_TRUE(bundle.add(draw_pdf({{{"Invoice B page 1"}}}), "B"));
  ASSERT_TRUE(bundle.add(draw_pdf({{{"Invoice C page 1"}}}), "C"));
}

TEST(BundleWriter, PagesFollowEachOtherInTheOrderAdded) {
  TemporaryFolder folder;
  auto bundle = BundleWriter::create(folder / "bundle.pdf", Duplex::Off, "nightly");
  ASSERT_TRUE(bundle.has_value()) << bundle.error().to_string();
  add_three(*bundle);
  ASSERT_TRUE(bundle->finish());
  EXPECT_EQ(bundle->document_count(), 3);
  EXPECT_EQ(bundle->page_count(), 4);

  const auto pdf = PdfReader::from_file(folder / "bundle.pdf");
  ASSERT_EQ(pdf.page_count(), 4);
  EXPECT_TRUE(contains(pdf.page_text(0), "Invoice A page 1"));
  EXPECT_TRUE(contains(pdf.page_text(1), "Invoice A page 2"));
  EXPECT_TRUE(contains(pdf.page_text(2), "Invoice B page 1"));
  EXPECT_TRUE(contains(pdf.page_text(3), "Invoice C page 1"));
  EXPECT_NEAR(pdf.page_width(0), 595, 0.5);
  EXPECT_NEAR(pdf.page_height(3), 842, 0.5);
  EXPECT_EQ(pdf.metadata_title(), "nightly");
  EXPECT_EQ(count_entries(folder.path()), 1u) << "no temporary file is left behind";
}

TEST(BundleWriter, DuplexStartsEveryDocumentOnAnOddPage) {
  TemporaryFolder folder;
  auto bundle = BundleWriter::create(folder / "bundle.pdf", Duplex::On, "nightly");
  ASSERT_TRUE(bundle.has_value());
  add_three(*bundle);
  ASSERT_TRUE(bundle->finish());
  // A1 A2 | B1 (blank) | C1: no blank page after the last document.
  const auto pdf = PdfReader::from_file(folder / "bundle.pdf");
  ASSERT_EQ(pdf.page_count(), 5);
  EXPECT_EQ(bundle->page_count(), 5);
  EXPECT_TRUE(contains(pdf.page_text(2), "Invoice B page 1"));
  EXPECT_EQ(pdf.page_text(3), "");
  EXPECT_TRUE(contains(pdf.page_text(4), "Invoice C page 1"));
}

TEST(BundleWriter, AnUnfinishedOrEmptyBundleLeavesNoFile) {
  TemporaryFolder folder;
  {
    auto bundle = BundleWriter::create(folder / "bundle.pdf", Duplex::Off, "x");
    ASSERT_TRUE(bundle.has_value());
    ASSERT_TRUE(bundle->add(draw_pdf({{{"half done"}}}), "A"));
  }
  EXPECT_EQ(count_entries(folder.path()), 0u);
  auto empty = BundleWriter::create(folder / "bundle.pdf", Duplex::Off, "x");
  ASSERT_TRUE(empty.has_value());
  const auto finished = empty->finish();
  ASSERT_FALSE(finished);
  EXPECT_TRUE(contains(finished.error().to_string(), "nothing to print"));
  EXPECT_FALSE(std::filesystem::exists(folder / "bundle.pdf"));
}

TEST(BundleWriter, AnUnreadablePdfIsAnErrorNamingItAndTheRestGoesOn) {
  TemporaryFolder folder;
  auto bundle = BundleWriter::create(folder / "bundle.pdf", Duplex::Off, "x");
  ASSERT_TRUE(bundle.has_value());
  const auto added = bundle->add("not a pdf", "2026-000013");
  ASSERT_FALSE(added);
  EXPECT_TRUE(contains(added.error().to_string(), "2026-000013")) << added.error().to_string();
  ASSERT_TRUE(bundle->add(draw_pdf({{{"Invoice B page 1"}}}), "B"));
  ASSERT_TRUE(bundle->finish());
  EXPECT_EQ(PdfReader::from_file(folder / "bundle.pdf").page_count(), 1);
}

TEST(BundleWriter, AFolderThatDoesNotExistIsAnErrorNamingTheFile) {
  TemporaryFolder folder;
  const auto bundle = BundleWriter::create(folder / "missing/bundle.pdf", Duplex::Off, "x");
  ASSERT_FALSE(bundle.has_value());
  EXPECT_TRUE(contains(bundle.error().to_string(), "missing/bundle.pdf"));
}

} // namespace
} // namespace mailroom::print
