#include <engine/render/font_library.hpp>

#include <fontconfig/fcfreetype.h>
#include <gtest/gtest.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

#include <string>

namespace mailroom::render {
namespace {

// The cairo scaled font Pango draws "DejaVu Sans 9" with, through the lease's fonts.
cairo_scaled_font_t* scaled_font_of(const FontLease& lease, PangoFontMap* font_map) {
  pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(font_map), lease.configuration());
  PangoContext* context = pango_font_map_create_context(font_map);
  PangoFontDescription* description = pango_font_description_from_string("DejaVu Sans 9");
  PangoFont* font = pango_font_map_load_font(font_map, context, description);
  pango_font_description_free(description);
  g_object_unref(context);
  EXPECT_NE(font, nullptr);
  cairo_scaled_font_t* scaled =
    font ? pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font)) : nullptr;
  // The font map keeps the font, so the scaled font outlives this reference.
  if (font != nullptr) {
    g_object_unref(font);
  }
  return scaled;
}

TEST(FontLibrary, TwoLeasesDrawWithDifferentCairoFonts) {
  const FontLease first = FontLease::acquire();
  const FontLease second = FontLease::acquire();
  ASSERT_NE(first.configuration(), nullptr) << "DejaVu Sans is installed by tools/bootstrap";
  ASSERT_NE(second.configuration(), nullptr);
  EXPECT_NE(first.configuration(), second.configuration());

  PangoFontMap* first_map = pango_cairo_font_map_new();
  PangoFontMap* second_map = pango_cairo_font_map_new();
  cairo_scaled_font_t* first_font = scaled_font_of(first, first_map);
  cairo_scaled_font_t* second_font = scaled_font_of(second, second_map);
  ASSERT_NE(first_font, nullptr);
  ASSERT_NE(second_font, nullptr);
  // Through the machine's shared configuration these would be one and the same object.
  EXPECT_NE(first_font, second_font);
  EXPECT_NE(cairo_scaled_font_get_font_face(first_font),
            cairo_scaled_font_get_font_face(second_font));
  g_object_unref(first_map);
  g_object_unref(second_map);
}

TEST(FontLibrary, ASetHandedBackIsLentAgainNotMadeAnew) {
  FcConfig* configuration = nullptr;
  {
    const FontLease lease = FontLease::acquire();
    configuration = lease.configuration();
  }
  const FontLease again = FontLease::acquire();
  EXPECT_EQ(again.configuration(), configuration);
}

TEST(FontLibrary, TheSetHoldsTheInvoiceFontAndTheCjkFallback) {
  const FontLease lease = FontLease::acquire();
  ASSERT_NE(lease.configuration(), nullptr);
  FcFontSet* fonts = FcConfigGetFonts(lease.configuration(), FcSetApplication);
  ASSERT_NE(fonts, nullptr);
  bool dejavu = false;
  bool cjk = false;
  for (int index = 0; index < fonts->nfont; ++index) {
    FcChar8* family = nullptr;
    for (int value = 0;
         FcPatternGetString(fonts->fonts[index], FC_FAMILY, value, &family) == FcResultMatch;
         ++value) {
      const std::string name(reinterpret_cast<const char*>(family));
      dejavu = dejavu || name == "DejaVu Sans";
      cjk = cjk || name == "WenQuanYi Micro Hei";
    }
    FT_Face face = nullptr;
    EXPECT_EQ(FcPatternGetFTFace(fonts->fonts[index], FC_FT_FACE, 0, &face), FcResultMatch);
  }
  EXPECT_TRUE(dejavu);
  EXPECT_TRUE(cjk);
}

} // namespace
} // namespace mailroom::render
