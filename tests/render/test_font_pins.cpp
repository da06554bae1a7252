#include <engine/pdf/pdf_writer.hpp>
#include <engine/render/font_pins.hpp>
#include <engine/render/typesetter.hpp>

#include <gtest/gtest.h>
#include <pango/pangocairo.h>

#include <cairo-pdf.h>
#include <string>
#include <vector>

namespace mailroom::render {
namespace {

// The cairo font Pango set the first run of the block in.
cairo_scaled_font_t* font_of(const TextBlock& block) {
  PangoLayoutLine* line = pango_layout_get_line_readonly(block.layout(), 0);
  EXPECT_NE(line, nullptr);
  EXPECT_NE(line->runs, nullptr);
  auto* run = static_cast<PangoGlyphItem*>(line->runs->data);
  return pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(run->item->analysis.font));
}

// How many references to the font cairo's PDF surface makes to embed `face` are held elsewhere.
// cairo's cache also holds the most recently made font, so another font is made after it.
unsigned embedding_font_references_elsewhere(cairo_font_face_t* face) {
  cairo_matrix_t identity;
  cairo_matrix_init_identity(&identity);
  const CairoFontOptions options = embedding_font_options();
  cairo_scaled_font_t* font = cairo_scaled_font_create(face, &identity, &identity, options.get());
  cairo_matrix_t other;
  cairo_matrix_init_scale(&other, 3.0, 3.0);
  cairo_scaled_font_t* newer = cairo_scaled_font_create(face, &other, &identity, options.get());
  cairo_scaled_font_destroy(newer);
  const unsigned references = cairo_scaled_font_get_reference_count(font) - 1;
  cairo_scaled_font_destroy(font);
  return references;
}

// What cairo does before it draws text on a PDF page: merge the surface's options into the
// font's, and make a font of its own when that changes them.
bool drawn_as_it_is(cairo_scaled_font_t* font) {
  CairoFontOptions merged(cairo_font_options_copy(pdf::pdf_font_options()));
  CairoFontOptions own(cairo_font_options_create());
  cairo_scaled_font_get_font_options(font, own.get());
  cairo_font_options_merge(merged.get(), own.get());
  return cairo_font_options_equal(merged.get(), own.get());
}

TEST(PdfFontOptions, AreThoseOfAPdfSurface) {
  std::string bytes;
  CairoSurface surface(cairo_pdf_surface_create_for_stream(
    [](void* closure, const unsigned char* data, unsigned int length) {
      static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
      return CAIRO_STATUS_SUCCESS;
    },
    &bytes, 595, 842));
  CairoFontOptions options(cairo_font_options_create());
  cairo_surface_get_font_options(surface.get(), options.get());
  EXPECT_TRUE(cairo_font_options_equal(options.get(), pdf::pdf_font_options()));
  EXPECT_EQ(cairo_font_options_get_hint_style(pdf::pdf_font_options()), CAIRO_HINT_STYLE_NONE);
  EXPECT_EQ(cairo_font_options_get_hint_metrics(pdf::pdf_font_options()), CAIRO_HINT_METRICS_OFF);
}

TEST(Typesetter, SetsTextInFontsCairoDrawsAsTheyAre) {
  Typesetter typesetter;
  for (const Style style : {Style::Body, Style::Strong, Style::Small, Style::Title}) {
    EXPECT_TRUE(drawn_as_it_is(font_of(typesetter.line("Factuur 2026-0001", style))));
  }
  // The fallback for Chinese and Japanese text too.
  EXPECT_TRUE(drawn_as_it_is(font_of(typesetter.line("北京市朝阳区", Style::Body))));

  // The check can fail: a font made under the options Pango uses by default is not.
  PangoFontMap* map = pango_cairo_font_map_get_default();
  GObjectPointer<PangoContext> context(pango_font_map_create_context(map));
  FontDescription description(pango_font_description_from_string("DejaVu Sans 9"));
  GObjectPointer<PangoFont> font(pango_context_load_font(context.get(), description.get()));
  ASSERT_TRUE(font);
  EXPECT_FALSE(drawn_as_it_is(pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font.get()))));
}

TEST(FontPins, KeepTheFontCairoEmbedsAFaceWith) {
  Typesetter typesetter;
  cairo_font_face_t* face =
    cairo_scaled_font_get_font_face(font_of(typesetter.line("1.234,56", Style::Body)));
  const unsigned before = embedding_font_references_elsewhere(face);
  {
    FontPins pins;
    pins.pin_embedding_font(face);
    pins.pin_embedding_font(face); // Once is enough.
    EXPECT_EQ(pins.size(), 1U);
    EXPECT_EQ(embedding_font_references_elsewhere(face), before + 1);
  }
  EXPECT_EQ(embedding_font_references_elsewhere(face), before);
}

TEST(FontPins, TheTypesetterPinsEveryFontItsStylesUseWithTheirFallbacks) {
  Typesetter typesetter;
  for (const std::string text : {"Jansen & Zn.", "東京都の配送サービス"}) {
    for (const Style style : {Style::Body, Style::SmallBold, Style::Total}) {
      cairo_font_face_t* face =
        cairo_scaled_font_get_font_face(font_of(typesetter.line(text, style)));
      EXPECT_GE(embedding_font_references_elsewhere(face), 1U) << text;
    }
  }
}

} // namespace
} // namespace mailroom::render
