#pragma once

#include "text_handles.hpp"

#include <cairo.h>
#include <pango/pango.h>

#include <vector>

// Keeps cairo from releasing, while invoices are drawn, the fonts it would otherwise make and
// release again for every invoice.
//
// cairo 1.16 (Debian 12) has a race in cairo_scaled_font_destroy, fixed upstream in 1.17.4
// ("fix double free and failed assertions in cairo_scaled_font_destroy"): it drops a font's last
// reference before it takes the lock of its font cache. Any thread may drop that last reference,
// because cairo's cache keeps the most recently made font and the next thread to make any font
// releases it. If the thread that owns the font makes it again in that instant, it gets the dying
// font back and starts to use it, and the releasing thread aborts ("cairo_scaled_font_destroy:
// Assertion `! scaled_font->cache_frozen' failed"). No object needs to be shared between
// threads for this: only a font that goes and comes back.
//
// So mailroom makes sure no font goes while invoices are drawn:
// - Text is set with fonts made under the PDF surface's own options (pdf_font_options()), so cairo
//   draws it with the font it was given rather than a copy made and released for each run of
//   glyphs. The letterhead is recorded under the same options (letterhead.cpp).
// - The fonts cairo's PDF surface makes to embed each face (one per face and document) are pinned
//   here for the life of the Renderer: our own faces by FontPins, the letterhead's by a PDF
//   surface that has drawn the letterhead once and is kept open (letterhead.cpp).

namespace mailroom::render {

class FontPins {
public:
  FontPins() = default;
  FontPins(const FontPins&) = delete;
  FontPins& operator=(const FontPins&) = delete;
  FontPins(FontPins&&) noexcept = default;
  FontPins& operator=(FontPins&&) noexcept = default;
  ~FontPins();

  // Pins the font cairo's PDF surface makes to embed glyphs of `face`.
  void pin_embedding_font(cairo_font_face_t* face);

  // Pins the embedding font of every font Pango may choose for `description` in `context`: the
  // font itself and its fallbacks.
  void pin_fonts_for(PangoContext* context, const PangoFontDescription* description);

  std::size_t size() const { return m_fonts.size(); }

private:
  std::vector<cairo_scaled_font_t*> m_fonts;
};

// What cairo's PDF surface uses to make a face's embedding font: no hinting, unit matrices
// (cairo-scaled-font-subsets.c). Exposed for the tests.
CairoFontOptions embedding_font_options();

} // namespace mailroom::render
