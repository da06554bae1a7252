#pragma once

#include <engine/pdf/handles.hpp>
#include <engine/pdf/pdf_file.hpp>
#include <engine/util/result.hpp>

#include <cstdint>
#include <string>

// A page rasterised by Poppler onto a cairo image surface: opaque pixels, white where nothing
// was drawn, so two rasters of the same page can be compared pixel by pixel.

namespace mailroom::check {

class Raster {
public:
  // A white image of that size in pixels.
  static Result<Raster> blank(int width, int height);
  // Page `index` (0-based) of `pdf` at `dpi` dots per inch, on white.
  static Result<Raster> of_page(const pdf::PdfFile& pdf, int index, double dpi);

  int width() const { return m_width; }
  int height() const { return m_height; }

  // 0xRRGGBB.
  std::uint32_t pixel(int x, int y) const;
  void set_pixel(int x, int y, std::uint32_t rgb);

  // The image as PNG bytes.
  Result<std::string> png() const;

private:
  Raster(pdf::CairoSurface surface, int width, int height);

  pdf::CairoSurface m_surface;
  int m_width = 0;
  int m_height = 0;
  unsigned char* m_data = nullptr;
  int m_stride = 0;
};

} // namespace mailroom::check
