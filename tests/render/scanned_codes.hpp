#pragma once

#include <ZXing/ReadBarcode.h>
#include <tests/support/pdf_reader.hpp>

#include <cstdint>
#include <string>
#include <vector>

// Reads the QR codes of a rendered page back with zxing-cpp, as a phone would from the print.

namespace mailroom::render::samples {

// The texts of the QR codes on page 1 of `pdf`, drawn by Poppler at `dpi`, as their bytes.
inline std::vector<std::string> scanned_codes(const testing::PdfReader& pdf, double dpi) {
  const auto image = pdf.page_image(0, dpi);
  std::vector<std::uint8_t> luminance;
  luminance.reserve(image.pixels.size());
  for (const std::uint32_t pixel : image.pixels) {
    const unsigned red = (pixel >> 16) & 0xFF;
    const unsigned green = (pixel >> 8) & 0xFF;
    const unsigned blue = pixel & 0xFF;
    luminance.push_back(static_cast<std::uint8_t>((red * 299 + green * 587 + blue * 114) / 1000));
  }
  const ZXing::ImageView view(luminance.data(), image.width, image.height, ZXing::ImageFormat::Lum);
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::QRCode);
  std::vector<std::string> texts;
  for (const auto& result : ZXing::ReadBarcodes(view, hints)) {
    if (result.isValid()) {
      texts.emplace_back(result.bytes().begin(), result.bytes().end());
    }
  }
  return texts;
}

} // namespace mailroom::render::samples
