#include "sample_invoices.hpp"
#include "scanned_codes.hpp"

#include <engine/job/payment.hpp>
#include <engine/pdf/pdf_writer.hpp>
#include <engine/render/page_geometry.hpp>
#include <engine/render/qr_code.hpp>
#include <engine/render/renderer.hpp>
#include <engine/render/text_handles.hpp>

#include <cairo.h>
#include <gtest/gtest.h>
#include <tests/support/pdf_reader.hpp>

#include <string>
#include <vector>

namespace mailroom::render {
namespace {

using samples::render_or_fail;
using samples::scanned_codes;
using testing::PdfReader;

job::Creditor creditor_with_qr() {
  auto creditor = samples::acme();
  creditor.payment_qr = true;
  return creditor;
}

// The EPC payload of the render tests' short invoice.
std::string payment_payload() {
  const auto payload = job::epc_qr_payload(samples::short_invoice(), creditor_with_qr());
  EXPECT_TRUE(payload.has_value());
  return payload.value_or("");
}

QrCode encoded(const std::string& text) {
  auto code = QrCode::encode(text);
  EXPECT_TRUE(code.has_value());
  return std::move(code).value();
}

TEST(QrCode, DrawsExactlyTheDarkModules) {
  const QrCode code = encoded(payment_payload());
  ASSERT_GE(code.size(), 21);
  // Four pixels a module, a margin of eight: every module's edges fall between pixels, so each
  // pixel is painted fully or not at all, and exactly where its module is dark.
  constexpr int scale = 4;
  constexpr int margin = 8;
  const int side = code.size() * scale;
  const int width = side + 2 * margin;
  const CairoSurface surface(cairo_image_surface_create(CAIRO_FORMAT_A8, width, width));
  CairoContext context(cairo_create(surface.get()));
  // The caller's dash and line width are neither used nor changed; a path it left unfinished
  // (a square in the margin) is not drawn.
  const std::vector<double> dashes{1.0, 2.0};
  cairo_set_dash(context.get(), dashes.data(), 2, 0);
  cairo_set_line_width(context.get(), 1.5);
  cairo_rectangle(context.get(), 1, 1, 4, 4);
  code.draw(context.get(), margin, margin, side);
  EXPECT_EQ(cairo_get_dash_count(context.get()), 2);
  EXPECT_EQ(cairo_get_line_width(context.get()), 1.5);
  context.reset();
  cairo_surface_flush(surface.get());
  const unsigned char* data = cairo_image_surface_get_data(surface.get());
  const int stride = cairo_image_surface_get_stride(surface.get());
  int dark_pixels = 0;
  for (int y = 0; y < width; ++y) {
    for (int x = 0; x < width; ++x) {
      const bool inside = x >= margin && y >= margin && x < margin + side && y < margin + side;
      const bool dark = inside && code.is_dark((y - margin) / scale, (x - margin) / scale);
      ASSERT_EQ(data[y * stride + x], dark ? 255 : 0) << "pixel " << x << "," << y;
      dark_pixels += dark;
    }
  }
  EXPECT_GT(dark_pixels, side * side / 3) << "a QR code is about half dark";
}

TEST(QrCode, AddsLittleToThePdf) {
  // The QR code (with its caption) added 4.8 KB to this invoice when its runs of dark modules
  // were rectangles, four points each; as lines, two points a run, it adds 2.9 KB.
  const auto invoice = samples::short_invoice();
  const auto without = render_or_fail(invoice, samples::acme());
  const auto with = render_or_fail(invoice, creditor_with_qr());
  ASSERT_GT(with.bytes.size(), without.bytes.size());
  EXPECT_LT(with.bytes.size() - without.bytes.size(), 3500U);
}

TEST(QrCode, OnTheRenderedInvoiceScansToThePaymentItAsksFor) {
  const auto invoice = samples::short_invoice();
  const auto creditor = creditor_with_qr();
  const auto payload = job::epc_qr_payload(invoice, creditor);
  ASSERT_TRUE(payload.has_value());
  const auto pdf = PdfReader::from_bytes(render_or_fail(invoice, creditor).bytes);
  for (const double dpi : {150.0, 300.0}) {
    EXPECT_EQ(scanned_codes(pdf, dpi), std::vector<std::string>{*payload}) << dpi << " dpi";
  }
}

TEST(QrCode, WithTheLongestEpcPayloadScansAtTheInvoicesSize) {
  // An EPC payload is at most 331 bytes: the densest code an invoice can carry (69 modules a
  // side), drawn at the payment block's size on a page of its own and read back as printed.
  std::string longest = "BCD\n002\n1\nSCT\n\n";
  while (longest.size() < 331) {
    longest += static_cast<char>('A' + longest.size() % 26);
  }
  const QrCode code = encoded(longest);
  pdf::PdfWriter writer(pdf::DocumentInfo{});
  code.draw(writer.context(), 400.3, 600.7, geometry::k_qr_side);
  writer.end_page();
  auto bytes = writer.finish();
  ASSERT_TRUE(bytes.has_value()) << bytes.error().to_string();
  EXPECT_GE(code.size(), 69);
  EXPECT_EQ(scanned_codes(PdfReader::from_bytes(*bytes), 300), std::vector<std::string>{longest});
}

TEST(QrCode, IsNotOnAnInvoiceWhoseCreditorDidNotAskForIt) {
  const auto pdf =
    PdfReader::from_bytes(render_or_fail(samples::short_invoice(), samples::acme()).bytes);
  EXPECT_TRUE(scanned_codes(pdf, 150).empty());
}

} // namespace
} // namespace mailroom::render
