#include "hand_made_pdf.hpp"

#include <engine/pdf/pdf_index.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mailroom::pdf {
namespace {

std::string cairo_document(int pages) {
  return testing::cairo_document("index test", pages);
}

std::string error_of(std::string_view pdf) {
  auto index = PdfIndex::read(pdf);
  return index ? "(read)" : index.error().message;
}

TEST(PdfIndex, FindsThePagesAndStreamsOfWhatCairoWrote) {
  const std::string document = cairo_document(3);
  auto index = PdfIndex::read(document);
  ASSERT_TRUE(index.has_value()) << index.error().message;
  EXPECT_EQ(index->root().substr(index->root().size() - 3), "0 R");
  EXPECT_EQ(document.substr(index->table_offset(), 4), "xref");
  auto pages = index->pages();
  ASSERT_TRUE(pages.has_value()) << pages.error().message;
  ASSERT_EQ(pages->size(), 3u);
  for (const unsigned number : *pages) {
    EXPECT_LT(number, index->size());
    auto page = index->object(number);
    ASSERT_TRUE(page.has_value()) << page.error().message;
    EXPECT_EQ(page->value.substr(0, 2), "<<");
    EXPECT_FALSE(page->stream.has_value());
    const auto contents = dictionary_value(page->value, "/Contents");
    ASSERT_TRUE(contents.has_value());
    const auto drawing =
      index->object(references_in(page->value.substr(contents->begin)).at(0).number);
    ASSERT_TRUE(drawing.has_value()) << drawing.error().message;
    ASSERT_TRUE(drawing->stream.has_value());
    // Cairo gives the length as a reference to a number object: it is followed.
    const auto length = index->number_value(drawing->value, "/Length");
    ASSERT_TRUE(length.has_value()) << length.error().message;
    EXPECT_EQ(*length, drawing->stream->size());
    EXPECT_GT(*length, 0u);
  }
}

TEST(PdfIndex, RefusesWhatItCannotReadWithAReason) {
  const std::string document = cairo_document(1);
  EXPECT_NE(error_of("not a PDF at all").find("no startxref"), std::string::npos);
  EXPECT_NE(error_of(document.substr(0, document.size() / 2)).find("no startxref"),
            std::string::npos);
  const size_t start = document.rfind("startxref");
  EXPECT_NE(error_of(document.substr(0, start) + "startxref\n99999999\n%%EOF\n").find("offset"),
            std::string::npos);
  // One byte off: the table is not where startxref points.
  const auto index = PdfIndex::read(document);
  ASSERT_TRUE(index.has_value());
  EXPECT_NE(error_of(document.substr(0, start) + "startxref\n" +
                     std::to_string(index->table_offset() + 1) + "\n%%EOF\n")
              .find("no cross-reference table"),
            std::string::npos);
  // A document updated before (a /Prev in its trailer) is not one cairo wrote.
  std::string updated = document;
  updated.insert(updated.rfind("/Root"), "/Prev 0 ");
  EXPECT_NE(error_of(updated).find("updated before"), std::string::npos);
}

TEST(PdfIndex, ObjectsAreCheckedAgainstTheTable) {
  std::string document = cairo_document(1);
  auto index = PdfIndex::read(document);
  ASSERT_TRUE(index.has_value());
  EXPECT_FALSE(index->object(0).has_value()); // The free head of the list.
  EXPECT_FALSE(index->object(index->size()).has_value());
  // Where the table points, something other than the object.
  const auto pages = index->pages();
  ASSERT_TRUE(pages.has_value());
  const std::string header = "\n" + std::to_string(pages->front()) + " 0 obj";
  const size_t at = document.find(header);
  ASSERT_NE(at, std::string::npos);
  document[at + header.size() - 1] = 'x';
  auto moved = PdfIndex::read(document);
  ASSERT_TRUE(moved.has_value()) << moved.error().message;
  auto page = moved->object(pages->front());
  ASSERT_FALSE(page.has_value());
  EXPECT_NE(page.error().message.find("not where the table says"), std::string::npos)
    << page.error().message;
}

TEST(PdfIndex, ReadsAHandMadeDocumentLikeCairos) {
  const std::string pdf = testing::hand_made_pdf(
    {"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [ 3 0 R ] /Count 1 >>",
     "<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
     "<< /Length 5 0 R >>\nstream\nq Q\nendstream", "3"});
  auto index = PdfIndex::read(pdf);
  ASSERT_TRUE(index.has_value()) << index.error().message;
  const auto pages = index->pages();
  ASSERT_TRUE(pages.has_value()) << pages.error().message;
  EXPECT_EQ(*pages, std::vector<unsigned>{3});
  const auto contents = index->object(4);
  ASSERT_TRUE(contents.has_value()) << contents.error().message;
  EXPECT_EQ(contents->stream, "q Q");
}

// Found by fuzz_pdf_index: a stream whose /Length referred to itself recursed until the stack
// ran out.
TEST(PdfIndex, AStreamLengthThatRefersToAStreamIsAnErrorNotARecursion) {
  const std::string pdf = testing::hand_made_pdf({"<< /Type /Catalog /Pages 2 0 R >>",
                                                  "<< /Type /Pages /Kids [ 3 0 R ] /Count 1 >>",
                                                  "<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
                                                  "<< /Length 4 0 R >>\nstream\nq Q\nendstream"});
  auto index = PdfIndex::read(pdf);
  ASSERT_TRUE(index.has_value()) << index.error().message;
  const auto contents = index->object(4);
  ASSERT_FALSE(contents.has_value());
  EXPECT_NE(contents.error().message.find("/Length is not a number"), std::string::npos)
    << contents.error().message;
}

TEST(PdfIndex, APageTreeThatLoopsIsAnErrorNotAHang) {
  // Pages whose kids are the pages themselves, many times over.
  const std::string pdf = testing::hand_made_pdf(
    {"<< /Type /Catalog /Pages 2 0 R >>",
     "<< /Type /Pages /Kids [ 2 0 R 2 0 R 2 0 R 2 0 R 2 0 R 2 0 R 2 0 R 2 0 R ] /Count 8 >>"});
  auto index = PdfIndex::read(pdf);
  ASSERT_TRUE(index.has_value()) << index.error().message;
  const auto pages = index->pages();
  ASSERT_FALSE(pages.has_value());
  EXPECT_NE(pages.error().message.find("twice"), std::string::npos) << pages.error().message;
}

TEST(PdfIndex, RefusesTrailerKeysCairoDoesNotWrite) {
  // An update would have to repeat them; the stamp repeats only what cairo writes.
  const std::string pdf = testing::hand_made_pdf(
    {"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [ ] /Count 0 >>"},
    " /ID [ <01> <01> ]");
  EXPECT_NE(error_of(pdf).find("/ID"), std::string::npos) << error_of(pdf);
}

} // namespace
} // namespace mailroom::pdf
