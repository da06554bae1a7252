#include "sample_invoices.hpp"

#include <engine/render/letterhead.hpp>
#include <engine/render/renderer.hpp>

#include <cairo.h>
#include <gtest/gtest.h>
#include <tests/support/pdf_reader.hpp>
#include <tests/support/temporary_folder.hpp>

#include <cairo-pdf.h>

namespace mailroom::render {
namespace {

TEST(VerifyLetterhead, AcceptsTheSampleLetterheads) {
  for (const char* name : {"acme.pdf", "northwind.pdf"}) {
    const auto status = verify_letterhead(samples::letterhead_path(name));
    EXPECT_TRUE(status.has_value()) << (status ? "" : status.error().to_string());
  }
}

TEST(VerifyLetterhead, SampleLetterheadsCarryDistinctiveText) {
  const auto acme = testing::PdfReader::from_file(samples::letterhead_path("acme.pdf"));
  EXPECT_EQ(acme.page_count(), 1);
  EXPECT_NE(acme.text().find("Precision widgets since 1921"), std::string::npos);
  const auto northwind = testing::PdfReader::from_file(samples::letterhead_path("northwind.pdf"));
  EXPECT_EQ(northwind.page_count(), 2);
  EXPECT_NE(northwind.page_text(0).find("Northwind Trading Ltd"), std::string::npos);
}

TEST(VerifyLetterhead, NamesAMissingFile) {
  testing::TemporaryFolder folder;
  const auto path = folder / "missing.pdf";
  const auto status = verify_letterhead(path);
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().location.file, path.string());
  EXPECT_NE(status.error().to_string().find(path.string()), std::string::npos);
}

TEST(VerifyLetterhead, NamesAFileThatIsNotAPdf) {
  testing::TemporaryFolder folder;
  const auto path = folder / "letterhead.pdf";
  testing::write_text(path, "GIF89a not a PDF");
  const auto status = verify_letterhead(path);
  ASSERT_FALSE(status.has_value());
  EXPECT_NE(status.error().to_string().find(path.string()), std::string::npos);
  EXPECT_NE(status.error().message.find("not a PDF"), std::string::npos) << status.error().message;
}

TEST(VerifyLetterhead, RejectsADamagedPdf) {
  testing::TemporaryFolder folder;
  const auto path = folder / "damaged.pdf";
  testing::write_text(path, "%PDF-1.5\n1 0 obj << /Type /Catalog >>\n%%EOF\n");
  const auto status = verify_letterhead(path);
  ASSERT_FALSE(status.has_value());
  EXPECT_NE(status.error().to_string().find(path.string()), std::string::npos);
}

TEST(VerifyLetterhead, RejectsMoreThanTwoPages) {
  testing::TemporaryFolder folder;
  const auto path = folder / "three.pdf";
  cairo_surface_t* surface = cairo_pdf_surface_create(path.c_str(), 595.276, 841.89);
  cairo_t* context = cairo_create(surface);
  for (int page = 0; page < 3; ++page) {
    cairo_rectangle(context, 50, 50, 100, 20);
    cairo_fill(context);
    cairo_show_page(context);
  }
  cairo_destroy(context);
  cairo_surface_destroy(surface);

  const auto status = verify_letterhead(path);
  ASSERT_FALSE(status.has_value());
  EXPECT_NE(status.error().message.find("3"), std::string::npos) << status.error().message;
  EXPECT_NE(status.error().to_string().find(path.string()), std::string::npos);
}

} // namespace
} // namespace mailroom::render
