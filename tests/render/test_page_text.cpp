#include <engine/pdf/pdf_writer.hpp>
#include <engine/render/page_text.hpp>
#include <engine/render/typesetter.hpp>

#include <gtest/gtest.h>
#include <pango/pangocairo.h>
#include <tests/support/pdf_reader.hpp>

#include <algorithm>
#include <cairo-script.h>
#include <string>
#include <vector>

namespace mailroom::render {
namespace {

using testing::PdfReader;

constexpr Colour k_black{0, 0, 0};
constexpr Colour k_grey{0.45, 0.45, 0.45};

struct Placed {
  TextBlock block;
  double x;
  double top;
  Align align;
  Colour colour;
};

// What an invoice page holds, in small: several styles and colours, accents (composed and
// decomposed), a wrapped paragraph, right-aligned amounts, Greek, CJK (drawn in the fallback
// font) beside Latin, spaced letters, text cut off with an ellipsis.
std::vector<Placed> sample_texts(Typesetter& typesetter) {
  std::vector<Placed> texts;
  texts.push_back({typesetter.line("Factuur", Style::Title), 56.7, 60, Align::Left, k_black});
  texts.push_back({typesetter.line("Factuurdatum", Style::Small), 56.7, 110, Align::Left, k_grey});
  texts.push_back(
    {typesetter.line("Jansen & Zn. — Café Ærø", Style::Strong), 56.7, 130, Align::Left, k_black});
  texts.push_back({typesetter.paragraph("Artikel 12 omschrijving van een product met een lange "
                                        "naam ë€, fijne afflux",
                                        Style::Body, 180),
                   56.7, 160, Align::Left, k_black});
  for (int row = 0; row < 6; ++row) {
    const double top = 220 + 16 * row;
    texts.push_back({typesetter.line(std::to_string(row * 7) + ",35", Style::Body), 538.6, top,
                     Align::Right, k_black});
    texts.push_back({typesetter.line("21%", Style::Body), 460, top, Align::Right, k_grey});
  }
  texts.push_back(
    {typesetter.line("Ευχαριστούμε, Αθήνα", Style::Body), 56.7, 340, Align::Left, k_black});
  texts.push_back({typesetter.line("北京市朝阳区", Style::Body), 56.7, 360, Align::Left, k_black});
  // Glyphs Pango offsets within their run: a decomposed accent on its letter, and a Latin run
  // after CJK, which HarfBuzz moves onto the same baseline.
  texts.push_back({typesetter.line("Rene\u0301e Le\u0301on, Zoe\u0308", Style::Body), 56.7, 380,
                   Align::Left, k_black});
  texts.push_back(
    {typesetter.line("東京都 Tokyo 123", Style::Body), 56.7, 400, Align::Left, k_black});
  // Spaced letters: each glyph wider than its advance in the font.
  GObjectPointer<PangoLayout> spaced(
    pango_layout_copy(typesetter.line("Gespatieerd", Style::Body).layout()));
  AttributeList spacing(pango_attr_list_new());
  pango_attr_list_insert(spacing.get(), pango_attr_letter_spacing_new(3 * PANGO_SCALE));
  pango_layout_set_attributes(spaced.get(), spacing.get());
  texts.push_back({TextBlock(std::move(spaced)), 56.7, 420, Align::Left, k_black});
  // Cut off with an ellipsis, which Pango shapes as a run of its own.
  texts.push_back(
    {typesetter.fitted("Een naam die te lang is voor de kolom waarin zij staat", Style::Body, 120),
     300, 160, Align::Left, k_black});
  texts.push_back({typesetter.paragraph("Een opmerking die over meer regels loopt dan er ruimte "
                                        "voor is, zodat de laatste regel wordt afgekapt met een "
                                        "beletselteken aan het eind",
                                        Style::Body, 150, 24),
                   300, 190, Align::Left, k_black});
  return texts;
}

// The page as Pango's cairo renderer draws it, one layout at a time.
std::string drawn_by_pango(const std::vector<Placed>& texts) {
  pdf::PdfWriter writer(pdf::DocumentInfo{});
  cairo_t* context = writer.context();
  for (const Placed& text : texts) {
    const double left = text.align == Align::Right ? text.x - text.block.width() : text.x;
    cairo_set_source_rgb(context, text.colour.red, text.colour.green, text.colour.blue);
    cairo_move_to(context, left, text.top);
    pango_cairo_show_layout(context, text.block.layout());
  }
  writer.end_page();
  return writer.finish().value();
}

std::string drawn_by_typesetter(Typesetter& typesetter, const std::vector<Placed>& texts) {
  pdf::PdfWriter writer(pdf::DocumentInfo{});
  for (const Placed& text : texts) {
    typesetter.draw(writer.context(), text.block, text.x, text.top, text.align, text.colour);
  }
  typesetter.draw_gathered_text(writer.context());
  writer.end_page();
  return writer.finish().value();
}

TEST(PageText, ThePageLooksAndReadsAsPangoDrawsIt) {
  Typesetter typesetter;
  const auto texts = sample_texts(typesetter);
  const PdfReader expected = PdfReader::from_bytes(drawn_by_pango(texts));
  const PdfReader got = PdfReader::from_bytes(drawn_by_typesetter(typesetter, texts));

  const std::string text = got.page_text(0);
  EXPECT_EQ(text, expected.page_text(0));
  for (const char* word : {"Café Ærø", "afflux", "35,35", "Αθήνα", "北京市朝阳区", "Tokyo"}) {
    EXPECT_NE(text.find(word), std::string::npos) << word;
  }
  // Glyph positions are rounded differently inside one run than across many, by thousandths of a
  // point: a few edge pixels may change shade, nothing moves.
  const auto expected_image = expected.page_image(0, 150);
  const auto got_image = got.page_image(0, 150);
  EXPECT_LT(expected_image.difference_in_band(got_image, 0, 841.89, 64), 0.0001);
  EXPECT_GT(got_image.difference_in_band(
              PdfReader::from_bytes(drawn_by_pango({})).page_image(0, 150), 0, 841.89, 64),
            0.001);
}

// How many glyph operations reach cairo: drawn on a script surface, which writes each as one
// show-glyphs or show-text-glyphs command.
int glyph_operations(const std::vector<Placed>& texts, Typesetter* typesetter) {
  std::string script;
  const auto append = [](void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
  };
  cairo_device_t* device = cairo_script_create_for_stream(append, &script);
  {
    CairoSurface surface(
      cairo_script_surface_create(device, CAIRO_CONTENT_COLOR_ALPHA, 595.28, 841.89));
    CairoContext context(cairo_create(surface.get()));
    for (const Placed& text : texts) {
      if (typesetter != nullptr) {
        typesetter->draw(context.get(), text.block, text.x, text.top, text.align, text.colour);
      } else {
        cairo_move_to(context.get(), text.x, text.top);
        pango_cairo_show_layout(context.get(), text.block.layout());
      }
    }
    if (typesetter != nullptr) {
      typesetter->draw_gathered_text(context.get());
    }
  }
  cairo_device_finish(device);
  cairo_device_destroy(device);
  int operations = 0;
  for (const std::string command : {" show-glyphs", " show-text-glyphs"}) {
    for (auto found = script.find(command); found != std::string::npos;
         found = script.find(command, found + 1)) {
      ++operations;
    }
  }
  return operations;
}

TEST(PageText, GathersAPageIntoOneOperationPerFontAndColour) {
  Typesetter typesetter;
  const auto texts = sample_texts(typesetter);
  EXPECT_GE(glyph_operations(texts, nullptr), static_cast<int>(texts.size()));
  // Title, Small in grey, Strong, Body in black and in grey, and the CJK fallback font.
  EXPECT_EQ(glyph_operations(texts, &typesetter), 6);
  // What was drawn is forgotten: nothing is drawn twice.
  EXPECT_EQ(glyph_operations({}, &typesetter), 0);
}

PangoLayoutLine* first_line(const TextBlock& block) {
  return pango_layout_get_line_readonly(block.layout(), 0);
}

TEST(PageText, LeavesToPangoWhatOnlyPangoDrawsRight) {
  Typesetter typesetter;
  PageText page;
  const TextBlock latin = typesetter.line("Bedrag", Style::Body);
  const TextBlock hebrew = typesetter.line("שלום עולם", Style::Body);
  const TextBlock no_glyph = typesetter.line("Bedrag \xEE\x80\x80", Style::Body);
  EXPECT_TRUE(page.add_line(first_line(latin), 0, 0, 0, 0, k_black));
  EXPECT_FALSE(page.add_line(first_line(hebrew), 0, 0, 0, 0, k_black)) << "right to left";
  EXPECT_FALSE(page.add_line(first_line(no_glyph), 0, 0, 0, 0, k_black)) << "drawn as a box";
  // Pango's renderer draws an underline itself: such a run is left to it.
  GObjectPointer<PangoLayout> underlined(pango_layout_copy(latin.layout()));
  AttributeList attributes(pango_attr_list_new());
  pango_attr_list_insert(attributes.get(), pango_attr_underline_new(PANGO_UNDERLINE_SINGLE));
  pango_layout_set_attributes(underlined.get(), attributes.get());
  EXPECT_FALSE(
    page.add_line(pango_layout_get_line_readonly(underlined.get(), 0), 0, 0, 0, 0, k_black))
    << "underlined";
  EXPECT_FALSE(page.empty());

  // Pango draws those at once, where they belong, and the page holds the same text. (Not in the
  // same order: Poppler reads the tiny digits of the box, "E000", in the order they were drawn,
  // and the box is now drawn before the text gathered for the end of the page.)
  const std::vector<Placed> texts{{hebrew, 56.7, 60, Align::Left, k_black},
                                  {latin, 56.7, 80, Align::Left, k_black},
                                  {no_glyph, 56.7, 100, Align::Left, k_black}};
  const PdfReader expected = PdfReader::from_bytes(drawn_by_pango(texts));
  const PdfReader got = PdfReader::from_bytes(drawn_by_typesetter(typesetter, texts));
  const auto characters = [](std::string text) {
    std::erase(text, '\n');
    std::sort(text.begin(), text.end());
    return text;
  };
  EXPECT_EQ(characters(got.page_text(0)), characters(expected.page_text(0)));
  EXPECT_NE(got.page_text(0).find("\xD7\xA9"), std::string::npos) << "the Hebrew shin";
  EXPECT_LT(expected.page_image(0, 150).difference_in_band(got.page_image(0, 150), 0, 841.89, 64),
            0.0001);
}

} // namespace
} // namespace mailroom::render
