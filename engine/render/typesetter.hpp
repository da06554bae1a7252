#pragma once

#include "colour.hpp"
#include "font_library.hpp"
#include "font_pins.hpp"
#include "page_text.hpp"
#include "text_handles.hpp"
#include "wording.hpp"

#include <cairo.h>
#include <pango/pango.h>

#include <array>
#include <compare>
#include <map>
#include <string>
#include <string_view>
#include <vector>

// Text through Pango in DejaVu Sans. One Typesetter per Renderer: it owns its own font map and
// context (the process-wide default font map is shared between threads; ours is not), and the
// font descriptions, so they are made once per run rather than once per invoice. Most text on an
// invoice (labels, the creditor's details, units, rates, page numbers, recurring descriptions)
// repeats from one invoice to the next, so laid-out text is kept and handed out again.

namespace mailroom::render {

enum class Style {
  Body,      // Table cells, addresses, sentences.
  Strong,    // Names.
  Small,     // Labels, the creditor's details, page numbers.
  SmallBold, // Table header.
  Total,     // The line with the amount due.
  Title,     // "Factuur".
  Masthead,  // The creditor's name when there is no letterhead.
};

inline constexpr std::size_t k_style_count = 7;

enum class Align { Left, Right };

// Laid-out text: its size is known before it is drawn, so pages can be planned first. Copies
// share the layout, which drawing does not change.
class TextBlock {
public:
  TextBlock() = default;
  explicit TextBlock(GObjectPointer<PangoLayout> layout);
  TextBlock(const TextBlock& other);
  TextBlock& operator=(const TextBlock& other);
  TextBlock(TextBlock&&) noexcept = default;
  TextBlock& operator=(TextBlock&&) noexcept = default;

  double width() const { return m_width; }
  double height() const { return m_height; }
  PangoLayout* layout() const { return m_layout.get(); }
  // Characters no font on this machine has, drawn as boxes: 0 when every one has a glyph.
  int unknown_glyph_count() const;

private:
  GObjectPointer<PangoLayout> m_layout;
  double m_width = 0;
  double m_height = 0;
};

// One line of a wrapped TextBlock, measured from the block's top.
struct LineBox {
  double top = 0;
  double height = 0;
  double baseline = 0;
};

class Typesetter {
public:
  Typesetter();
  Typesetter(const Typesetter&) = delete;
  Typesetter& operator=(const Typesetter&) = delete;

  // One line, as long as it needs to be.
  TextBlock line(std::string_view text, Style style);
  // One line cut off with an ellipsis beyond `width`.
  TextBlock fitted(std::string_view text, Style style, double width);
  // Wrapped at `width`; cut off with an ellipsis beyond `maximum_height` when that is given.
  TextBlock paragraph(std::string_view text, Style style, double width, double maximum_height = 0);
  // Wrapped at `width`, never breaking inside the phrase's unbreakable parts. Not kept: each
  // such phrase is particular to one invoice.
  TextBlock paragraph(const Phrase& phrase, Style style, double width);

  // Text is gathered for the page and drawn by draw_gathered_text() (page_text.hpp), which must
  // be called before the page ends and before a clip changes. Lines Pango alone draws right go
  // to `context` at once.

  // Draws with the block's top at `top`; `x` is its left edge, or its right edge for
  // Align::Right.
  void draw(cairo_t* context, const TextBlock& block, double x, double top, Align align,
            Colour colour);

  std::vector<LineBox> lines(const TextBlock& block) const;
  // Draws line `index` of the block with that line's top at `top`.
  void draw_line(cairo_t* context, const TextBlock& block, int index, double x, double top,
                 Colour colour);
  // Draws lines [first, end) of the block, the top of line `first` at `top`.
  void draw_lines(cairo_t* context, const TextBlock& block, std::size_t first, std::size_t end,
                  double x, double top, Colour colour);

  // Draws the text gathered since the last call.
  void draw_gathered_text(cairo_t* context);

private:
  enum class Shape { Line, Fitted, Paragraph };

  struct Key {
    Shape shape;
    Style style;
    int width;  // Pango units.
    int height; // Pango units.
    std::string text;
    auto operator<=>(const Key&) const = default;
  };

  GObjectPointer<PangoLayout> make_layout(std::string_view text, Style style) const;
  // Gathers `line` for the page (PageText::add_line says where), or has Pango draw it at once
  // when it cannot be gathered.
  void put_line(cairo_t* context, PangoLayoutLine* line, double origin_x, double origin_y, int x,
                int y, Colour colour);
  TextBlock lay_out(Key key);
  TextBlock keep(Key key, TextBlock block);

  FontLease m_font_lease; // Before the font map, which uses its faces until it goes.
  GObjectPointer<PangoFontMap> m_font_map;
  GObjectPointer<PangoContext> m_context;
  std::array<FontDescription, k_style_count> m_fonts;
  FontPins m_pins; // Every font the styles may use, and their fallbacks.
  // Laid-out text in two generations: when the newer is full it becomes the older and the older
  // goes, and text found in the older is kept again. What every invoice repeats stays; what one
  // invoice alone has (its amounts, numbers, dates) goes, so memory does not grow with the job.
  std::map<Key, TextBlock> m_kept;
  std::map<Key, TextBlock> m_kept_before;
  PageText m_page_text;
};

} // namespace mailroom::render
