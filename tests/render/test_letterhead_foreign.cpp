#include "sample_invoices.hpp"

#include <engine/render/renderer.hpp>

#include <gtest/gtest.h>
#include <tests/support/pdf_reader.hpp>
#include <tests/support/process.hpp>
#include <tests/support/temporary_folder.hpp>
#include <zlib.h>

#include <array>
#include <cstdint>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

// Letterheads made by other programs than ours (ReportLab, and qpdf rewriting one), drawn at test
// time by tests/render/make_foreign_letterheads.py: the letterhead's own page must be under the
// invoice's, its text in its own standard fonts, its colours CMYK as it has them, its images.

namespace mailroom::render {
namespace {

using samples::render_or_fail;
using testing::PdfReader;

// The letterheads, drawn once for all the tests of this file.
class ForeignLetterhead : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    s_folder = std::make_unique<testing::TemporaryFolder>();
    const auto made = testing::run_process(
      {"/usr/bin/python3",
       (testing::source_dir() / "tests" / "render" / "make_foreign_letterheads.py").string(),
       s_folder->path().string()});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    // The same letterhead with its objects in object streams and a cross-reference stream, as
    // qpdf writes it; cairo 1.16 and ReportLab write neither.
    const auto rewritten = testing::run_process({"/usr/bin/qpdf", "--object-streams=generate",
                                                 letterhead("cmyk.pdf").string(),
                                                 letterhead("cmyk-object-streams.pdf").string()});
    ASSERT_EQ(rewritten.exit_code, 0) << rewritten.err;
    // Encrypted with an empty user password, as some programs save PDFs: readers open it
    // without asking, and so must the stamp, which writes what it copies decrypted.
    const auto encrypted = testing::run_process({"/usr/bin/qpdf", "--encrypt", "", "owner-secret",
                                                 "256", "--", letterhead("cmyk.pdf").string(),
                                                 letterhead("cmyk-encrypted.pdf").string()});
    ASSERT_EQ(encrypted.exit_code, 0) << encrypted.err;
    // A page shown turned a quarter clockwise (/Rotate 90).
    const auto turned =
      testing::run_process({"/usr/bin/qpdf", "--rotate=+90", letterhead("letter.pdf").string(),
                            letterhead("rotated.pdf").string()});
    ASSERT_EQ(turned.exit_code, 0) << turned.err;
  }

  static void TearDownTestSuite() { s_folder.reset(); }

  static std::filesystem::path letterhead(const std::string& name) { return *s_folder / name; }

  static job::Creditor creditor_on(const std::string& name) {
    job::Creditor creditor = samples::acme();
    creditor.letterhead = letterhead(name);
    return creditor;
  }

  static std::unique_ptr<testing::TemporaryFolder> s_folder;
};

std::unique_ptr<testing::TemporaryFolder> ForeignLetterhead::s_folder;

// Every stream of a PDF that inflates, decoded, one after the other: its content streams, among
// others. Each is inflated from just after its "stream" keyword until zlib says it ended, so
// lengths given by reference need not be looked up.
std::string inflated_streams(const std::string& pdf) {
  std::string all;
  for (size_t at = pdf.find("stream"); at != std::string::npos; at = pdf.find("stream", at + 1)) {
    size_t begin = at + 6;
    if (at >= 3 && pdf.compare(at - 3, 3, "end") == 0) {
      continue;
    }
    if (pdf.compare(begin, 2, "\r\n") == 0) {
      begin += 2;
    } else if (begin < pdf.size() && pdf[begin] == '\n') {
      begin += 1;
    } else {
      continue;
    }
    z_stream stream{};
    if (inflateInit(&stream) != Z_OK) {
      continue;
    }
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(pdf.data() + begin));
    stream.avail_in = static_cast<uInt>(pdf.size() - begin);
    std::string decoded;
    std::array<char, 16384> buffer;
    int status = Z_OK;
    while (status == Z_OK) {
      stream.next_out = reinterpret_cast<Bytef*>(buffer.data());
      stream.avail_out = buffer.size();
      status = inflate(&stream, Z_NO_FLUSH);
      decoded.append(buffer.data(), buffer.size() - stream.avail_out);
    }
    inflateEnd(&stream);
    if (status == Z_STREAM_END) {
      all += decoded;
      all += '\n';
    }
  }
  return all;
}

// The CMYK fill colours a content stream sets ("c m y k k"), as written.
std::set<std::string> cmyk_operators(const std::string& content) {
  static const std::regex k_operator("(^|\\s)((-?[0-9.]+\\s+){4}k)(?=\\s)");
  std::set<std::string> found;
  for (auto match = std::sregex_iterator(content.begin(), content.end(), k_operator);
       match != std::sregex_iterator(); ++match) {
    found.insert((*match)[2].str());
  }
  return found;
}

// The four numbers of a colour operator such as "1 0 .2 .3 k".
std::array<double, 4> operands(const std::string& colour) {
  std::istringstream numbers(colour);
  std::array<double, 4> values{};
  for (double& value : values) {
    numbers >> value;
  }
  return values;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) {
    if (line.find_first_not_of(" \f") != std::string::npos) {
      lines.push_back(line);
    }
  }
  return lines;
}

// Each line of the letterhead's text, as Poppler extracts it from the letterhead itself, is a line
// of the invoice page's text too: a font substituted for the letterhead's would space it anew
// ("9711 AB G roningen - LE TTE R HE AD-MAR K").
void expect_letterhead_text(const PdfReader& invoice, int page,
                            const std::filesystem::path& letterhead) {
  const std::string expected = PdfReader::from_file(letterhead).page_text(0);
  const std::string got = invoice.page_text(page);
  ASSERT_FALSE(lines_of(expected).empty());
  for (const std::string& line : lines_of(expected)) {
    EXPECT_NE(got.find(line), std::string::npos) << "missing \"" << line << "\" in:\n" << got;
  }
}

// The colour of the pixel at (x, y) points from the top left, at 72 dpi.
std::uint32_t pixel_at(const testing::PageImage& image, double x, double y) {
  return image.pixels.at(static_cast<size_t>(y) * image.width + static_cast<size_t>(x));
}

bool near(std::uint32_t colour, std::uint32_t expected) {
  for (int shift : {0, 8, 16}) {
    const int got = static_cast<int>((colour >> shift) & 0xFF);
    const int wanted = static_cast<int>((expected >> shift) & 0xFF);
    if (std::abs(got - wanted) > 24) {
      return false;
    }
  }
  return true;
}

TEST_F(ForeignLetterhead, StandardHelveticaTextReadsAsInTheLetterheadItself) {
  const auto rendered = render_or_fail(samples::short_invoice(), creditor_on("cmyk.pdf"));
  EXPECT_NE(rendered.bytes.find("/MailroomLetterhead1"), std::string::npos);
  const auto pdf = PdfReader::from_bytes(rendered.bytes);
  ASSERT_EQ(pdf.page_count(), 1);
  expect_letterhead_text(pdf, 0, letterhead("cmyk.pdf"));
  EXPECT_NE(pdf.page_text(0).find("9711 AB Groningen - LETTERHEAD-MARK"), std::string::npos);
  EXPECT_NE(pdf.page_text(0).find("IBAN NL91 ABNA 0417 1643 00 - KvK 87654321"), std::string::npos);
  // The invoice's own text is still there beside it.
  EXPECT_NE(pdf.page_text(0).find("2026-000123"), std::string::npos);
  // Helvetica stays what it is in the letterhead: a standard font, not embedded.
  bool helvetica = false;
  for (const auto& font : pdf.fonts()) {
    if (font.name == "Helvetica") {
      helvetica = true;
      EXPECT_FALSE(font.embedded);
    }
  }
  EXPECT_TRUE(helvetica);
}

TEST_F(ForeignLetterhead, CmykColoursStayTheLetterheadsOwnOperators) {
  const std::set<std::string> own =
    cmyk_operators(inflated_streams(testing::read_text(letterhead("cmyk.pdf"))));
  // What ReportLab writes for the house colour and for black.
  const std::set<std::array<double, 4>> expected{{1, 0, 0.2, 0.3}, {0, 0, 0, 1}};
  std::set<std::array<double, 4>> own_values;
  for (const std::string& colour : own) {
    own_values.insert(operands(colour));
  }
  ASSERT_EQ(own_values, expected) << "the generated letterhead is not what this test expects";

  const auto rendered = render_or_fail(samples::short_invoice(), creditor_on("cmyk.pdf"));
  const std::set<std::string> stamped = cmyk_operators(inflated_streams(rendered.bytes));
  for (const std::string& colour : own) {
    EXPECT_EQ(stamped.count(colour), 1u) << "the invoice lost the letterhead's \"" << colour << '"';
  }
  const auto pdf = PdfReader::from_bytes(rendered.bytes);
  EXPECT_LT(testing::letterhead_difference(pdf, 0, letterhead("cmyk.pdf"), 0),
            testing::k_same_letterhead);
}

TEST_F(ForeignLetterhead, ObjectStreamsAndACrossReferenceStreamAreRead) {
  const std::string rewritten = testing::read_text(letterhead("cmyk-object-streams.pdf"));
  ASSERT_NE(rewritten.find("/ObjStm"), std::string::npos);
  ASSERT_NE(rewritten.find("/XRef"), std::string::npos);
  ASSERT_EQ(rewritten.find("\nxref"), std::string::npos);

  const auto rendered =
    render_or_fail(samples::short_invoice(), creditor_on("cmyk-object-streams.pdf"));
  EXPECT_NE(rendered.bytes.find("/MailroomLetterhead1"), std::string::npos)
    << "the letterhead was painted, not stamped";
  const auto pdf = PdfReader::from_bytes(rendered.bytes);
  ASSERT_EQ(pdf.page_count(), 1);
  expect_letterhead_text(pdf, 0, letterhead("cmyk-object-streams.pdf"));
  EXPECT_LT(testing::letterhead_difference(pdf, 0, letterhead("cmyk-object-streams.pdf"), 0),
            testing::k_same_letterhead);
}

TEST_F(ForeignLetterhead, AnEncryptedLetterheadIsStampedDecrypted) {
  ASSERT_NE(testing::read_text(letterhead("cmyk-encrypted.pdf")).find("/Encrypt"),
            std::string::npos);
  const auto rendered = render_or_fail(samples::short_invoice(), creditor_on("cmyk-encrypted.pdf"));
  EXPECT_NE(rendered.bytes.find("/MailroomLetterhead1"), std::string::npos)
    << "the letterhead was painted, not stamped";
  EXPECT_EQ(rendered.bytes.find("/Encrypt"), std::string::npos);
  const auto pdf = PdfReader::from_bytes(rendered.bytes);
  ASSERT_EQ(pdf.page_count(), 1);
  expect_letterhead_text(pdf, 0, letterhead("cmyk.pdf"));
  EXPECT_LT(testing::letterhead_difference(pdf, 0, letterhead("cmyk.pdf"), 0),
            testing::k_same_letterhead);
}

TEST_F(ForeignLetterhead, AnImageOfTheLetterheadIsOnTheInvoice) {
  const auto rendered = render_or_fail(samples::short_invoice(), creditor_on("image.pdf"));
  EXPECT_NE(rendered.bytes.find("/MailroomLetterhead1"), std::string::npos);
  const auto pdf = PdfReader::from_bytes(rendered.bytes);
  ASSERT_EQ(pdf.page_count(), 1);
  EXPECT_LT(testing::letterhead_difference(pdf, 0, letterhead("image.pdf"), 0),
            testing::k_same_letterhead);
  // The picture is 160 by 80 points from (57, 30), red on the left and blue on the right.
  const auto image = pdf.page_image(0, 72);
  EXPECT_TRUE(near(pixel_at(image, 97, 70), 0xC81E1E)) << std::hex << pixel_at(image, 97, 70);
  EXPECT_TRUE(near(pixel_at(image, 177, 70), 0x1E1EC8)) << std::hex << pixel_at(image, 177, 70);
  expect_letterhead_text(pdf, 0, letterhead("image.pdf"));
}

TEST_F(ForeignLetterhead, ATurnedPageOfAnotherSizeIsPlacedAsCairoPaintsIt) {
  // Painted by cairo, through Poppler, the letterhead is placed as it always was: turned, scaled
  // to fit A4 and put at the top left. The stamp must put it in the same place.
  const auto creditor = creditor_on("rotated.pdf");
  Renderer painting(LetterheadMethod::AlwaysPaint);
  const auto painted = render_or_fail(painting, samples::short_invoice(), creditor);
  const auto stamped = render_or_fail(samples::short_invoice(), creditor);
  EXPECT_NE(stamped.bytes.find("/MailroomLetterhead1"), std::string::npos);
  const auto expected = PdfReader::from_bytes(painted.bytes).page_image(0, 72);
  const auto got = PdfReader::from_bytes(stamped.bytes).page_image(0, 72);
  EXPECT_LT(expected.difference_in_band(got, 0, 841.89), 0.002);
  expect_letterhead_text(PdfReader::from_bytes(stamped.bytes), 0, letterhead("rotated.pdf"));
  // And the art is there at all: the house-coloured band runs along the top.
  EXPECT_FALSE(near(pixel_at(got, 300, 10), 0xFFFFFF)) << std::hex << pixel_at(got, 300, 10);
}

TEST_F(ForeignLetterhead, TheFallbackPaintsTheLetterheadWhenThereIsNoStamp) {
  Renderer renderer(LetterheadMethod::AlwaysPaint);
  for (const char* name : {"cmyk.pdf", "image.pdf"}) {
    const auto rendered = render_or_fail(renderer, samples::long_invoice(60), creditor_on(name));
    EXPECT_EQ(rendered.bytes.find("/MailroomLetterhead"), std::string::npos) << name;
    const auto pdf = PdfReader::from_bytes(rendered.bytes);
    ASSERT_GE(pdf.page_count(), 2);
    for (int page = 0; page < pdf.page_count(); ++page) {
      EXPECT_LT(testing::letterhead_difference(pdf, page, letterhead(name), 0),
                testing::k_same_letterhead)
        << name << ", page " << page + 1;
    }
  }
  // The shipped letterheads too, the continuation page of Northwind's on the pages after the
  // first.
  const auto rendered = render_or_fail(renderer, samples::long_invoice(60), samples::northwind());
  const auto pdf = PdfReader::from_bytes(rendered.bytes);
  ASSERT_GE(pdf.page_count(), 2);
  const auto northwind = samples::letterhead_path("northwind.pdf");
  EXPECT_LT(testing::letterhead_difference(pdf, 0, northwind, 0), testing::k_same_letterhead);
  EXPECT_LT(testing::letterhead_difference(pdf, 1, northwind, 1), testing::k_same_letterhead);
}

TEST_F(ForeignLetterhead, RenderingAgainGivesTheSameBytes) {
  for (const char* name :
       {"cmyk.pdf", "image.pdf", "cmyk-object-streams.pdf", "cmyk-encrypted.pdf", "rotated.pdf"}) {
    const auto creditor = creditor_on(name);
    Renderer renderer;
    const auto once = render_or_fail(renderer, samples::long_invoice(60), creditor);
    const auto again = render_or_fail(renderer, samples::long_invoice(60), creditor);
    const auto elsewhere = render_or_fail(samples::long_invoice(60), creditor);
    ASSERT_FALSE(once.bytes.empty());
    EXPECT_TRUE(once.bytes == again.bytes) << name;
    EXPECT_TRUE(once.bytes == elsewhere.bytes) << name;
  }
}

} // namespace
} // namespace mailroom::render
