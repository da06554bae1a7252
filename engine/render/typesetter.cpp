#include "typesetter.hpp"

#include <engine/pdf/pdf_writer.hpp>

#include <pango/pangocairo.h>

#include <limits>
#include <optional>

namespace mailroom::render {

namespace {

// DejaVu Sans covers Latin, Greek and Cyrillic; for other scripts (CJK) fontconfig falls back to
// an installed font that has them (tools/bootstrap installs WenQuanYi Micro Hei).
constexpr const char* k_family = "DejaVu Sans";

struct StyleSpec {
  double size;
  PangoWeight weight;
};

// Indexed by Style.
constexpr std::array<StyleSpec, k_style_count> k_style_specs{{
  {9.0, PANGO_WEIGHT_NORMAL},
  {9.0, PANGO_WEIGHT_BOLD},
  {7.5, PANGO_WEIGHT_NORMAL},
  {7.5, PANGO_WEIGHT_BOLD},
  {10.5, PANGO_WEIGHT_BOLD},
  {20.0, PANGO_WEIGHT_BOLD},
  {17.0, PANGO_WEIGHT_BOLD},
}};

// Text kept per generation (typesetter.hpp): enough for everything an invoice repeats, small
// enough that a long run with ever new amounts and numbers does not grow.
constexpr std::size_t k_kept_per_generation = 256;

double to_points(int pango_units) {
  return static_cast<double>(pango_units) / PANGO_SCALE;
}

int to_pango_units(double points) {
  return static_cast<int>(points * PANGO_SCALE);
}

int clamp_to_int(std::size_t size) {
  return static_cast<int>(std::min<std::size_t>(size, std::numeric_limits<int>::max()));
}

} // namespace

TextBlock::TextBlock(GObjectPointer<PangoLayout> layout)
  : m_layout(std::move(layout)) {
  PangoRectangle logical;
  pango_layout_get_extents(m_layout.get(), nullptr, &logical);
  m_width = to_points(logical.width);
  m_height = to_points(logical.height);
}

TextBlock::TextBlock(const TextBlock& other)
  : m_layout(other.m_layout ? PANGO_LAYOUT(g_object_ref(other.m_layout.get())) : nullptr)
  , m_width(other.m_width)
  , m_height(other.m_height) {}

int TextBlock::unknown_glyph_count() const {
  return m_layout ? pango_layout_get_unknown_glyphs_count(m_layout.get()) : 0;
}

TextBlock& TextBlock::operator=(const TextBlock& other) {
  if (this != &other) {
    *this = TextBlock(other);
  }
  return *this;
}

Typesetter::Typesetter()
  : m_font_lease(FontLease::acquire())
  , m_font_map(m_font_lease.make_font_map())
  , m_context(pango_font_map_create_context(m_font_map.get())) {
  // Metrics must not depend on hinting or on the machine's font settings, or the same invoice
  // would be laid out differently elsewhere. Points are our device units. The PDF surface's own
  // options, so that cairo draws with Pango's fonts as they are (font_pins.hpp).
  CairoFontOptions options(cairo_font_options_copy(pdf::pdf_font_options()));
  cairo_font_options_set_hint_style(options.get(), CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(options.get(), CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_antialias(options.get(), CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options(m_context.get(), options.get());
  pango_cairo_context_set_resolution(m_context.get(), 72.0);
  pango_context_set_round_glyph_positions(m_context.get(), FALSE);
  pango_context_set_base_dir(m_context.get(), PANGO_DIRECTION_LTR);
  // One fixed language rather than the machine's locale: for the Latin text of our invoices it
  // changes nothing, and switching it per invoice would make Pango lay out kept text again.
  pango_context_set_language(m_context.get(), pango_language_from_string("nl"));

  for (std::size_t index = 0; index < k_style_count; ++index) {
    FontDescription font(pango_font_description_new());
    pango_font_description_set_family_static(font.get(), k_family);
    pango_font_description_set_absolute_size(font.get(), k_style_specs[index].size * PANGO_SCALE);
    pango_font_description_set_weight(font.get(), k_style_specs[index].weight);
    m_fonts[index] = std::move(font);
  }
  for (const FontDescription& font : m_fonts) {
    m_pins.pin_fonts_for(m_context.get(), font.get());
  }
}

GObjectPointer<PangoLayout> Typesetter::make_layout(std::string_view text, Style style) const {
  GObjectPointer<PangoLayout> layout(pango_layout_new(m_context.get()));
  pango_layout_set_font_description(layout.get(), m_fonts[static_cast<std::size_t>(style)].get());
  pango_layout_set_text(layout.get(), text.data(), clamp_to_int(text.size()));
  return layout;
}

TextBlock Typesetter::line(std::string_view text, Style style) {
  return lay_out(Key{Shape::Line, style, 0, 0, std::string(text)});
}

TextBlock Typesetter::fitted(std::string_view text, Style style, double width) {
  return lay_out(Key{Shape::Fitted, style, to_pango_units(width), 0, std::string(text)});
}

TextBlock Typesetter::paragraph(std::string_view text, Style style, double width,
                                double maximum_height) {
  return lay_out(Key{Shape::Paragraph, style, to_pango_units(width), to_pango_units(maximum_height),
                     std::string(text)});
}

TextBlock Typesetter::lay_out(Key key) {
  if (auto found = m_kept.find(key); found != m_kept.end()) {
    return found->second;
  }
  if (auto found = m_kept_before.find(key); found != m_kept_before.end()) {
    return keep(std::move(key), found->second);
  }
  auto layout = make_layout(key.text, key.style);
  switch (key.shape) {
    case Shape::Line:
      pango_layout_set_single_paragraph_mode(layout.get(), TRUE);
      break;
    case Shape::Fitted:
      pango_layout_set_single_paragraph_mode(layout.get(), TRUE);
      pango_layout_set_width(layout.get(), key.width);
      pango_layout_set_ellipsize(layout.get(), PANGO_ELLIPSIZE_END);
      break;
    case Shape::Paragraph:
      pango_layout_set_width(layout.get(), key.width);
      pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
      if (key.height > 0) {
        pango_layout_set_height(layout.get(), key.height);
        pango_layout_set_ellipsize(layout.get(), PANGO_ELLIPSIZE_END);
      }
      break;
  }
  return keep(std::move(key), TextBlock(std::move(layout)));
}

TextBlock Typesetter::keep(Key key, TextBlock block) {
  if (m_kept.size() >= k_kept_per_generation) {
    m_kept_before = std::move(m_kept);
    m_kept.clear();
  }
  m_kept.emplace(std::move(key), block);
  return block;
}

TextBlock Typesetter::paragraph(const Phrase& phrase, Style style, double width) {
  auto layout = make_layout(phrase.text, style);
  pango_layout_set_width(layout.get(), to_pango_units(width));
  pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
  AttributeList attributes(pango_attr_list_new());
  for (const auto& [begin, end] : phrase.unbreakable) {
    PangoAttribute* keep_together = pango_attr_allow_breaks_new(FALSE);
    keep_together->start_index = static_cast<guint>(begin);
    keep_together->end_index = static_cast<guint>(end);
    pango_attr_list_insert(attributes.get(), keep_together); // Takes ownership.
  }
  pango_layout_set_attributes(layout.get(), attributes.get());
  return TextBlock(std::move(layout));
}

void Typesetter::draw(cairo_t* context, const TextBlock& block, double x, double top, Align align,
                      Colour colour) {
  const double left = align == Align::Right ? x - block.width() : x;
  // Each line where Pango's layout renderer puts it: at its extents' left, on its baseline.
  LayoutIterator iterator(pango_layout_get_iter(block.layout()));
  do {
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(iterator.get(), nullptr, &logical);
    put_line(context, pango_layout_iter_get_line_readonly(iterator.get()), left, top, logical.x,
             pango_layout_iter_get_baseline(iterator.get()), colour);
  } while (pango_layout_iter_next_line(iterator.get()));
}

std::vector<LineBox> Typesetter::lines(const TextBlock& block) const {
  std::vector<LineBox> boxes;
  LayoutIterator iterator(pango_layout_get_iter(block.layout()));
  do {
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(iterator.get(), nullptr, &logical);
    boxes.push_back(LineBox{to_points(logical.y), to_points(logical.height),
                            to_points(pango_layout_iter_get_baseline(iterator.get()))});
  } while (pango_layout_iter_next_line(iterator.get()));
  return boxes;
}

void Typesetter::draw_line(cairo_t* context, const TextBlock& block, int index, double x,
                           double top, Colour colour) {
  if (index >= 0) {
    const auto first = static_cast<std::size_t>(index);
    draw_lines(context, block, first, first + 1, x, top, colour);
  }
}

void Typesetter::draw_lines(cairo_t* context, const TextBlock& block, std::size_t first,
                            std::size_t end, double x, double top, Colour colour) {
  LayoutIterator iterator(pango_layout_get_iter(block.layout()));
  for (std::size_t current = 0; current < first; ++current) {
    if (!pango_layout_iter_next_line(iterator.get())) {
      return;
    }
  }
  std::optional<double> first_line_top;
  for (std::size_t current = first; current < end; ++current) {
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(iterator.get(), nullptr, &logical);
    if (!first_line_top) {
      first_line_top = to_points(logical.y);
    }
    const double baseline = to_points(pango_layout_iter_get_baseline(iterator.get()));
    put_line(context, pango_layout_iter_get_line_readonly(iterator.get()), x + to_points(logical.x),
             top + baseline - *first_line_top, 0, 0, colour);
    if (!pango_layout_iter_next_line(iterator.get())) {
      return;
    }
  }
}

void Typesetter::put_line(cairo_t* context, PangoLayoutLine* line, double origin_x, double origin_y,
                          int x, int y, Colour colour) {
  if (!m_page_text.add_line(line, origin_x, origin_y, x, y, colour)) {
    set_colour(context, colour);
    cairo_move_to(context, origin_x + to_points(x), origin_y + to_points(y));
    pango_cairo_show_layout_line(context, line);
  }
}

void Typesetter::draw_gathered_text(cairo_t* context) {
  m_page_text.draw(context);
}

} // namespace mailroom::render
