#include "font_pins.hpp"

#include <pango/pangocairo.h>

#include <algorithm>

namespace mailroom::render {

namespace {

// A fontset over the machine's fonts (when the private ones are missing) can list hundreds of
// fallbacks; the first ones are those Pango picks from.
constexpr std::size_t k_most_fallbacks = 32;

struct Collected {
  std::vector<cairo_font_face_t*> faces;
};

gboolean collect_face(PangoFontset*, PangoFont* font, gpointer data) {
  auto* collected = static_cast<Collected*>(data);
  if (PANGO_IS_CAIRO_FONT(font)) {
    cairo_scaled_font_t* scaled = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
    if (scaled != nullptr && cairo_scaled_font_status(scaled) == CAIRO_STATUS_SUCCESS) {
      collected->faces.push_back(cairo_scaled_font_get_font_face(scaled));
    }
  }
  return collected->faces.size() >= k_most_fallbacks;
}

} // namespace

CairoFontOptions embedding_font_options() {
  CairoFontOptions options(cairo_font_options_create());
  cairo_font_options_set_hint_style(options.get(), CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(options.get(), CAIRO_HINT_METRICS_OFF);
  return options;
}

FontPins::~FontPins() {
  for (cairo_scaled_font_t* font : m_fonts) {
    cairo_scaled_font_destroy(font);
  }
}

void FontPins::pin_embedding_font(cairo_font_face_t* face) {
  if (face == nullptr || cairo_font_face_status(face) != CAIRO_STATUS_SUCCESS) {
    return;
  }
  const auto pinned = [face](cairo_scaled_font_t* font) {
    return cairo_scaled_font_get_font_face(font) == face;
  };
  if (std::any_of(m_fonts.begin(), m_fonts.end(), pinned)) {
    return;
  }
  cairo_matrix_t identity;
  cairo_matrix_init_identity(&identity);
  static const CairoFontOptions options = embedding_font_options();
  cairo_scaled_font_t* font = cairo_scaled_font_create(face, &identity, &identity, options.get());
  if (cairo_scaled_font_status(font) != CAIRO_STATUS_SUCCESS) {
    cairo_scaled_font_destroy(font);
    return;
  }
  m_fonts.push_back(font);
}

void FontPins::pin_fonts_for(PangoContext* context, const PangoFontDescription* description) {
  GObjectPointer<PangoFontset> fontset(
    pango_font_map_load_fontset(pango_context_get_font_map(context), context, description,
                                pango_context_get_language(context)));
  if (!fontset) {
    return;
  }
  Collected collected;
  pango_fontset_foreach(fontset.get(), collect_face, &collected);
  for (cairo_font_face_t* face : collected.faces) {
    pin_embedding_font(face);
  }
}

} // namespace mailroom::render
