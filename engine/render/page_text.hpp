#pragma once

#include "colour.hpp"
#include "text_handles.hpp"

#include <cairo.h>
#include <pango/pango.h>

#include <string>
#include <vector>

// The text of one page, gathered by font and colour and handed to cairo in a few runs when the
// page is done.
//
// Drawn by Pango, each run of glyphs of each text is its own cairo operation, and cairo's PDF
// surface pays for every operation three times: it records it, analyses it and replays it into
// the page, with the state it needs written out each time. An invoice page holds about eighty
// texts; gathered here they are a handful of operations, one per font and colour. Glyph positions
// are worked out as Pango's cairo renderer works them out, and each run carries its text and
// clusters (cairo_show_text_glyphs), so the page looks the same and reads back the same.
//
// Text is drawn over whatever else the page has, when draw() is called: callers that clip must
// draw what they gathered before the clip changes.

namespace mailroom::render {

class PageText {
public:
  // Gathers `line` with the left end of its baseline `x`, `y` Pango units from the point
  // (`origin_x`, `origin_y`), the two added up as Pango's renderer adds them. Returns false,
  // gathering nothing, for a line only Pango draws right: right-to-left or vertical runs,
  // characters drawn as boxes for want of a glyph, attributes its renderer draws (colours,
  // lines, shapes, rises), fonts that are not cairo's. The caller then has Pango draw it.
  bool add_line(PangoLayoutLine* line, double origin_x, double origin_y, int x, int y,
                Colour colour);

  // Draws what was gathered, then forgets it.
  void draw(cairo_t* context);

  bool empty() const { return m_runs.empty(); }

private:
  struct Run {
    GObjectPointer<PangoFont> font; // Holds the cairo font the glyphs are drawn with.
    cairo_scaled_font_t* scaled_font = nullptr;
    Colour colour;
    std::vector<cairo_glyph_t> glyphs;
    std::string text;
    std::vector<cairo_text_cluster_t> clusters;
  };

  // The run gathering glyphs of `font` in `colour`, begun if there is none yet.
  Run& run_for(PangoFont* font, Colour colour);

  std::vector<Run> m_runs;
};

} // namespace mailroom::render
