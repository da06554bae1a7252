#include "pdf_writer.hpp"

#include "paper.hpp"

#include <cairo-pdf.h>
#include <cstdio>

namespace mailroom::pdf {

namespace {

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

std::string pdf_date(const time::Date& date) {
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT00:00:00Z", date.year, date.month, date.day);
  return text;
}

cairo_status_t discard_bytes(void*, const unsigned char*, unsigned int) {
  return CAIRO_STATUS_SUCCESS;
}

} // namespace

CairoSurface discarding_pdf_surface(double width, double height) {
  return CairoSurface(cairo_pdf_surface_create_for_stream(discard_bytes, nullptr, width, height));
}

const cairo_font_options_t* pdf_font_options() {
  // Read from a PDF surface rather than written out: one of them (rounding) has no setter in
  // cairo 1.16, and they are whatever this cairo's PDF surface uses.
  static const CairoFontOptions options = [] {
    CairoSurface surface = discarding_pdf_surface(1, 1);
    CairoFontOptions read(cairo_font_options_create());
    cairo_surface_get_font_options(surface.get(), read.get());
    cairo_surface_finish(surface.get());
    return read;
  }();
  return options.get();
}

PdfWriter::PdfWriter(const DocumentInfo& info)
  : m_bytes(std::make_unique<std::string>())
  , m_surface(
      cairo_pdf_surface_create_for_stream(append_bytes, m_bytes.get(), k_a4_width, k_a4_height))
  , m_context(cairo_create(m_surface.get())) {
  m_bytes->reserve(size_t{64} * 1024);
  cairo_surface_t* surface = m_surface.get();
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, info.title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, info.author.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, info.subject.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "mailroom");
  const std::string created = pdf_date(info.created);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, created.c_str());
}

void PdfWriter::end_page() {
  cairo_show_page(m_context.get());
}

Result<std::string> PdfWriter::finish() {
  cairo_status_t status = cairo_status(m_context.get());
  m_context.reset();
  cairo_surface_finish(m_surface.get());
  if (status == CAIRO_STATUS_SUCCESS) {
    status = cairo_surface_status(m_surface.get());
  }
  m_surface.reset();
  if (status != CAIRO_STATUS_SUCCESS) {
    return make_error(std::string("cannot make the PDF: ") + cairo_status_to_string(status));
  }
  return std::move(*m_bytes);
}

} // namespace mailroom::pdf
