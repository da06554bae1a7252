#pragma once

#include "handles.hpp"

#include <engine/util/result.hpp>
#include <engine/util/time.hpp>

#include <cairo.h>

#include <memory>
#include <string>

// A cairo PDF surface of A4 pages (paper.hpp) that writes into memory.

namespace mailroom::pdf {

struct DocumentInfo {
  std::string title;
  std::string author;
  std::string subject;
  time::Date created; // Stands in for the creation time so that output is reproducible.
};

// The font options cairo's PDF surfaces draw text with (no hinting, glyph positions not rounded).
// Fonts made under other options are drawn through a copy cairo makes and releases for every run
// of glyphs (render/font_pins.hpp says why that matters).
const cairo_font_options_t* pdf_font_options();

// A PDF surface whose bytes go nowhere, for what cairo keeps while it draws.
CairoSurface discarding_pdf_surface(double width, double height);

class PdfWriter {
public:
  explicit PdfWriter(const DocumentInfo& info);
  PdfWriter(const PdfWriter&) = delete;
  PdfWriter& operator=(const PdfWriter&) = delete;

  cairo_t* context() const { return m_context.get(); }

  // Ends the current page; drawing after it goes on a new one.
  void end_page();

  // Returns the document (every page must have been ended), or why cairo could not make it.
  Result<std::string> finish();

private:
  // The surface writes here through a callback, so it must not move: it lives on the heap.
  std::unique_ptr<std::string> m_bytes;
  CairoSurface m_surface;
  CairoContext m_context;
};

} // namespace mailroom::pdf
