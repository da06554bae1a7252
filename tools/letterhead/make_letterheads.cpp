// Draws the two sample letterheads used by the demo job and the tests:
//   acme.pdf       Acme B.V., one page: a coloured band with the name and a footer line.
//   northwind.pdf  Northwind Trading Ltd, two pages: a full letterhead and a slimmer one for
//                  continuation pages.
// The output is reproducible (fixed creation date), so regenerating does not change the files.
// Letterhead art stays inside the bands mailroom leaves free: the top 130 pt and the bottom
// 60 pt of the page.

#include <engine/render/font_library.hpp>

#include <cairo.h>
#include <pango/pangocairo.h>

#include <cairo-pdf.h>
#include <cstdio>
#include <filesystem>
#include <string>

namespace {

constexpr double k_page_width = 595.276;
constexpr double k_page_height = 841.89;
constexpr double k_left = 56.69;
constexpr double k_right = k_page_width - 56.69;

struct Colour {
  double red;
  double green;
  double blue;
};

enum class Weight { Regular, Bold };
enum class Align { Left, Center, Right };

void set_colour(cairo_t* context, Colour colour) {
  cairo_set_source_rgb(context, colour.red, colour.green, colour.blue);
}

// Draws one line of DejaVu Sans with its top at `top`; `x` is the left edge, the middle or the
// right edge, as `align` says.
void draw_text(cairo_t* context, const std::string& text, double size, Weight weight, Colour colour,
               double x, double top, Align align = Align::Left) {
  PangoLayout* layout = pango_cairo_create_layout(context);
  PangoFontDescription* font = pango_font_description_from_string("DejaVu Sans");
  pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
  pango_font_description_set_weight(font, weight == Weight::Bold ? PANGO_WEIGHT_BOLD
                                                                 : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description(layout, font);
  pango_layout_set_text(layout, text.c_str(), -1);
  PangoRectangle logical;
  pango_layout_get_extents(layout, nullptr, &logical);
  const double width = static_cast<double>(logical.width) / PANGO_SCALE;
  set_colour(context, colour);
  const double left = align == Align::Right    ? x - width
                      : align == Align::Center ? x - width / 2
                                               : x;
  cairo_move_to(context, left, top);
  pango_cairo_show_layout(context, layout);
  pango_font_description_free(font);
  g_object_unref(layout);
}

void draw_rule(cairo_t* context, double left, double right, double y, double width, Colour colour) {
  set_colour(context, colour);
  cairo_set_line_width(context, width);
  cairo_move_to(context, left, y);
  cairo_line_to(context, right, y);
  cairo_stroke(context);
}

// A PDF with fixed metadata, so two runs write the same bytes.
struct Document {
  cairo_surface_t* surface;
  cairo_t* context;

  Document(const std::filesystem::path& path, const char* title, const char* author) {
    surface = cairo_pdf_surface_create(path.c_str(), k_page_width, k_page_height);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, author);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "make_letterheads");
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, "2026-01-01T00:00:00Z");
    context = cairo_create(surface);
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_set_font_options(context, options);
    cairo_font_options_destroy(options);
  }

  bool finish() {
    cairo_destroy(context);
    cairo_surface_finish(surface);
    const bool good = cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(surface);
    return good;
  }
};

bool make_acme(const std::filesystem::path& path) {
  constexpr Colour teal{0.0, 0.42, 0.48};
  constexpr Colour white{1.0, 1.0, 1.0};
  constexpr Colour pale{0.80, 0.92, 0.93};
  constexpr Colour grey{0.40, 0.40, 0.40};
  Document document(path, "Acme B.V. letterhead", "Acme B.V.");
  cairo_t* context = document.context;

  // The band: full width, 96 pt tall, with an accent stripe below it.
  set_colour(context, teal);
  cairo_rectangle(context, 0, 0, k_page_width, 96);
  cairo_fill(context);
  set_colour(context, Colour{0.96, 0.66, 0.15});
  cairo_rectangle(context, 0, 96, k_page_width, 4);
  cairo_fill(context);
  draw_text(context, "Acme B.V.", 26, Weight::Bold, white, k_left, 26);
  draw_text(context, "Precision widgets since 1921", 10, Weight::Regular, pale, k_left, 62);
  draw_text(context, "www.acme.example", 9, Weight::Regular, white, k_right, 36, Align::Right);
  draw_text(context, "+31 20 555 0100", 9, Weight::Regular, white, k_right, 50, Align::Right);

  // The footer: a thin line and one line of registration details.
  draw_rule(context, k_left, k_right, k_page_height - 44, 0.6, teal);
  draw_text(context,
            "Acme B.V.  ·  Keizersgracht 100, 1015 AA Amsterdam  ·  KvK 12345678  ·  "
            "BTW NL001234567B01  ·  IBAN NL91 ABNA 0417 1643 00",
            6.8, Weight::Regular, grey, k_page_width / 2, k_page_height - 38, Align::Center);
  cairo_show_page(context);
  return document.finish();
}

void northwind_footer(cairo_t* context, Colour navy, Colour grey) {
  draw_rule(context, k_left, k_right, k_page_height - 48, 0.5, navy);
  draw_text(context,
            "Northwind Trading Ltd  ·  12 Wharf Road, London N1 7GR  ·  Company no. 01234567", 6.8,
            Weight::Regular, grey, k_left, k_page_height - 42);
  draw_text(context,
            "Dutch branch: Westblaak 1, 3012 KA Rotterdam  ·  KvK 87654321  ·  "
            "BTW NL864209753B01  ·  IBAN NL20 INGB 0001 2345 67",
            6.8, Weight::Regular, grey, k_left, k_page_height - 32);
}

bool make_northwind(const std::filesystem::path& path) {
  constexpr Colour navy{0.08, 0.16, 0.33};
  constexpr Colour gold{0.78, 0.62, 0.25};
  constexpr Colour white{1.0, 1.0, 1.0};
  constexpr Colour grey{0.40, 0.40, 0.40};
  Document document(path, "Northwind Trading letterhead", "Northwind Trading Ltd");
  cairo_t* context = document.context;

  // Page 1: a square mark, the name and the trade, over a gold rule.
  set_colour(context, navy);
  cairo_rectangle(context, k_left, 40, 52, 52);
  cairo_fill(context);
  draw_text(context, "N", 34, Weight::Bold, white, k_left + 13, 44);
  draw_text(context, "Northwind Trading Ltd", 22, Weight::Bold, navy, k_left + 66, 42);
  draw_text(context, "Fine teas & spices  ·  London  ·  Rotterdam", 9.5, Weight::Regular, gold,
            k_left + 67, 74);
  draw_rule(context, k_left, k_right, 110, 1.5, gold);
  northwind_footer(context, navy, grey);
  cairo_show_page(context);

  // Page 2: the continuation letterhead, a single slim line.
  draw_text(context, "Northwind Trading Ltd", 11, Weight::Bold, navy, k_left, 40);
  draw_text(context, "Fine teas & spices", 8, Weight::Regular, gold, k_right, 43, Align::Right);
  draw_rule(context, k_left, k_right, 60, 0.8, gold);
  northwind_footer(context, navy, grey);
  cairo_show_page(context);
  return document.finish();
}

} // namespace

int main(int argument_count, char** arguments) {
  if (argument_count != 2) {
    std::fprintf(stderr, "usage: make_letterheads OUTPUT_FOLDER\n");
    return 2;
  }
  // Drawn with the fonts invoices are set in (engine/render/font_library.hpp): DejaVu Sans without
  // its TrueType hinting, so the fonts the letterheads embed, which every invoice on them embeds
  // again, are as lean as the invoices' own.
  const auto fonts = mailroom::render::FontLease::acquire();
  PangoFontMap* font_map = fonts.make_font_map();
  pango_cairo_font_map_set_default(PANGO_CAIRO_FONT_MAP(font_map));
  g_object_unref(font_map);

  const std::filesystem::path folder = arguments[1];
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  bool good = make_acme(folder / "acme.pdf");
  good = make_northwind(folder / "northwind.pdf") && good;
  if (!good) {
    std::fprintf(stderr, "error: cannot write the letterheads in %s\n", folder.c_str());
    return 1;
  }
  return 0;
}
