#include "page_text.hpp"

#include <pango/pangocairo.h>

#include <cstddef>

namespace mailroom::render {

namespace {

double to_points(int pango_units) {
  return static_cast<double>(pango_units) / PANGO_SCALE;
}

// Whether any of the run's attributes is drawn by Pango's renderer itself (colours, lines,
// shapes, rises); those runs are left to it. Attributes that only choose fonts or shape text
// (fallback, features, breaks, spacing) are already in the glyphs.
bool drawn_only_as_glyphs(const PangoItem* item) {
  for (const GSList* attribute = item->analysis.extra_attrs; attribute != nullptr;
       attribute = attribute->next) {
    switch (static_cast<const PangoAttribute*>(attribute->data)->klass->type) {
      case PANGO_ATTR_FOREGROUND:
      case PANGO_ATTR_BACKGROUND:
      case PANGO_ATTR_FOREGROUND_ALPHA:
      case PANGO_ATTR_BACKGROUND_ALPHA:
      case PANGO_ATTR_UNDERLINE:
      case PANGO_ATTR_UNDERLINE_COLOR:
      case PANGO_ATTR_STRIKETHROUGH:
      case PANGO_ATTR_STRIKETHROUGH_COLOR:
      case PANGO_ATTR_OVERLINE:
      case PANGO_ATTR_OVERLINE_COLOR:
      case PANGO_ATTR_RISE:
      case PANGO_ATTR_SHAPE:
        return false;
      default:
        break;
    }
  }
  return true;
}

// The cairo font a run is drawn with, or null when it is not one Pango's cairo renderer would
// draw as glyphs.
cairo_scaled_font_t* scaled_font_of(PangoFont* font) {
  if (font == nullptr || !PANGO_IS_CAIRO_FONT(font)) {
    return nullptr;
  }
  cairo_scaled_font_t* scaled = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
  return scaled != nullptr && cairo_scaled_font_status(scaled) == CAIRO_STATUS_SUCCESS ? scaled
                                                                                       : nullptr;
}

bool drawable_as_glyphs(const PangoLayoutRun* run) {
  const PangoItem* item = run->item;
  if ((item->analysis.level & 1) != 0 ||
      (item->analysis.flags & PANGO_ANALYSIS_FLAG_CENTERED_BASELINE) != 0 ||
      !drawn_only_as_glyphs(item) || scaled_font_of(item->analysis.font) == nullptr) {
    return false;
  }
  for (int index = 0; index < run->glyphs->num_glyphs; ++index) {
    if ((run->glyphs->glyphs[index].glyph & PANGO_GLYPH_UNKNOWN_FLAG) != 0) {
      return false;
    }
  }
  return true;
}

} // namespace

bool PageText::add_line(PangoLayoutLine* line, double origin_x, double origin_y, int x, int y,
                        Colour colour) {
  if (line->layout != nullptr && pango_context_get_matrix(pango_layout_get_context(line->layout))) {
    return false;
  }
  for (const GSList* link = line->runs; link != nullptr; link = link->next) {
    if (!drawable_as_glyphs(static_cast<const PangoLayoutRun*>(link->data))) {
      return false;
    }
  }
  const char* text = line->layout != nullptr ? pango_layout_get_text(line->layout) : nullptr;
  if (text == nullptr) {
    return false;
  }

  // Where Pango's renderer puts each run and glyph (pango_renderer_draw_layout_line and the
  // cairo renderer's glyph loop): offsets added in Pango units, then turned into points.
  int run_x = 0;
  for (const GSList* link = line->runs; link != nullptr; link = link->next) {
    auto* run = static_cast<PangoLayoutRun*>(link->data);
    Run& gathered = run_for(run->item->analysis.font, colour);
    run_x += run->start_x_offset;
    const double base_x = origin_x + to_points(x + run_x);
    const double base_y = origin_y + to_points(y - run->y_offset);

    int glyph_x = 0;
    for (int index = 0; index < run->glyphs->num_glyphs; ++index) {
      const PangoGlyphInfo& glyph = run->glyphs->glyphs[index];
      if (glyph.glyph != PANGO_GLYPH_EMPTY) {
        gathered.glyphs.push_back(cairo_glyph_t{
          .index = glyph.glyph,
          .x = base_x + to_points(glyph_x + glyph.geometry.x_offset),
          .y = glyph.geometry.y_offset == 0 ? base_y : base_y + to_points(glyph.geometry.y_offset),
        });
      }
      glyph_x += glyph.geometry.width;
    }

    // The run's text, and which glyphs each cluster of it became (empty glyphs draw nothing).
    PangoGlyphItemIter cluster;
    for (bool more = pango_glyph_item_iter_init_start(&cluster, run, text); more;
         more = pango_glyph_item_iter_next_cluster(&cluster)) {
      int glyphs = 0;
      for (int index = cluster.start_glyph; index < cluster.end_glyph; ++index) {
        glyphs += run->glyphs->glyphs[index].glyph != PANGO_GLYPH_EMPTY ? 1 : 0;
      }
      gathered.clusters.push_back(
        cairo_text_cluster_t{cluster.end_index - cluster.start_index, glyphs});
    }
    gathered.text.append(text + run->item->offset, static_cast<std::size_t>(run->item->length));

    run_x += pango_glyph_string_get_width(run->glyphs) + run->end_x_offset;
  }
  return true;
}

void PageText::draw(cairo_t* context) {
  for (const Run& run : m_runs) {
    cairo_save(context);
    cairo_set_scaled_font(context, run.scaled_font);
    set_colour(context, run.colour);
    cairo_show_text_glyphs(context, run.text.data(), static_cast<int>(run.text.size()),
                           run.glyphs.data(), static_cast<int>(run.glyphs.size()),
                           run.clusters.data(), static_cast<int>(run.clusters.size()),
                           cairo_text_cluster_flags_t{});
    cairo_restore(context);
  }
  m_runs.clear();
}

PageText::Run& PageText::run_for(PangoFont* font, Colour colour) {
  for (Run& run : m_runs) {
    if (run.font.get() == font && run.colour == colour) {
      return run;
    }
  }
  Run& run = m_runs.emplace_back();
  run.font.reset(PANGO_FONT(g_object_ref(font)));
  run.scaled_font = scaled_font_of(font);
  run.colour = colour;
  return run;
}

} // namespace mailroom::render
