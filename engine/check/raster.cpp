#include "raster.hpp"

#include <cmath>
#include <cstring>

namespace mailroom::check {

using pdf::CairoContext;
using pdf::CairoSurface;
using pdf::DrawPurpose;
using pdf::PdfFile;

namespace {

// Pages larger than this at the chosen DPI are refused rather than allocated (A0 at 600 DPI).
constexpr long long k_maximum_pixels = 20000LL * 29000LL;

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

} // namespace

Raster::Raster(CairoSurface surface, int width, int height)
  : m_surface(std::move(surface))
  , m_width(width)
  , m_height(height) {
  m_data = cairo_image_surface_get_data(m_surface.get());
  m_stride = cairo_image_surface_get_stride(m_surface.get());
}

Result<Raster> Raster::blank(int width, int height) {
  if (width <= 0 || height <= 0 || static_cast<long long>(width) * height > k_maximum_pixels) {
    return make_error("cannot make an image of " + std::to_string(width) + " by " +
                      std::to_string(height) + " pixels");
  }
  CairoSurface surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return make_error(std::string("cannot make an image: ") +
                      cairo_status_to_string(cairo_surface_status(surface.get())));
  }
  CairoContext context(cairo_create(surface.get()));
  cairo_set_source_rgb(context.get(), 1, 1, 1);
  cairo_paint(context.get());
  context.reset();
  cairo_surface_flush(surface.get());
  return Raster(std::move(surface), width, height);
}

Result<Raster> Raster::of_page(const PdfFile& pdf, int index, double dpi) {
  const auto size = pdf.page_size(index);
  const double scale = dpi / 72.0;
  const int width = static_cast<int>(std::ceil(size.width * scale));
  const int height = static_cast<int>(std::ceil(size.height * scale));
  auto raster = TRY(blank(width, height));
  CairoContext context(cairo_create(raster.m_surface.get()));
  cairo_scale(context.get(), scale, scale);
  pdf.draw_page(index, context.get(), DrawPurpose::Display);
  const auto status = cairo_status(context.get());
  context.reset();
  if (status != CAIRO_STATUS_SUCCESS) {
    return make_error("cannot rasterise page " + std::to_string(index + 1) + ": " +
                      cairo_status_to_string(status));
  }
  cairo_surface_flush(raster.m_surface.get());
  return raster;
}

std::uint32_t Raster::pixel(int x, int y) const {
  std::uint32_t value = 0;
  std::memcpy(&value, m_data + static_cast<size_t>(y) * m_stride + static_cast<size_t>(x) * 4, 4);
  return value & 0xffffffu;
}

void Raster::set_pixel(int x, int y, std::uint32_t rgb) {
  // RGB24 keeps the unused top byte; cairo ignores it.
  std::memcpy(m_data + static_cast<size_t>(y) * m_stride + static_cast<size_t>(x) * 4, &rgb, 4);
}

Result<std::string> Raster::png() const {
  // Pixels were written behind cairo's back; it must not trust anything it cached.
  cairo_surface_mark_dirty(m_surface.get());
  std::string bytes;
  const auto status = cairo_surface_write_to_png_stream(m_surface.get(), append_to_string, &bytes);
  if (status != CAIRO_STATUS_SUCCESS) {
    return make_error(std::string("cannot encode the PNG: ") + cairo_status_to_string(status));
  }
  return bytes;
}

} // namespace mailroom::check
