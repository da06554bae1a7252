#pragma once

#include <cairo.h>

#include <cairo-pdf.h>
#include <string>
#include <vector>

// Small PDFs drawn with cairo in the test itself, so the comparison and the bundle can be tested
// on pages whose every line the test knows.

namespace mailroom::testing {

struct DrawnPage {
  std::vector<std::string> lines;
  double box_x = -1; // A filled square at this x (in points) when not negative.
};

inline cairo_status_t append_pdf_bytes(void* closure, const unsigned char* data,
                                       unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// An A4 PDF with one page per entry: each line of text 20 points below the one before.
inline std::string draw_pdf(const std::vector<DrawnPage>& pages) {
  std::string bytes;
  cairo_surface_t* surface =
    cairo_pdf_surface_create_for_stream(append_pdf_bytes, &bytes, 595, 842);
  cairo_t* context = cairo_create(surface);
  for (const auto& page : pages) {
    cairo_select_font_face(context, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(context, 14);
    cairo_set_source_rgb(context, 0, 0, 0);
    double y = 80;
    for (const auto& line : page.lines) {
      cairo_move_to(context, 60, y);
      cairo_show_text(context, line.c_str());
      y += 20;
    }
    if (page.box_x >= 0) {
      cairo_rectangle(context, page.box_x, 500, 60, 60);
      cairo_fill(context);
    }
    cairo_show_page(context);
  }
  cairo_destroy(context);
  cairo_surface_finish(surface);
  cairo_surface_destroy(surface);
  return bytes;
}

} // namespace mailroom::testing
