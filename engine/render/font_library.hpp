#pragma once

#include <fontconfig/fontconfig.h>
#include <pango/pango.h>

// The fonts one Renderer draws with, private to it.
//
// cairo shares font objects process-wide: two Renderers asking fontconfig for "DejaVu Sans 9"
// would get the same cairo scaled font, made and released by both. So each Renderer gets its own
// FreeType faces, opened from its own FT_Library and offered to Pango through a fontconfig
// configuration of its own: cairo then sees different faces, makes different scaled fonts, and no
// font object is used by two threads. (cairo 1.16's font race needs no sharing to strike;
// font_pins.hpp is what keeps it away.)
//
// A lease is one Renderer's exclusive use of such a set. The sets are never freed, only handed
// back to a pool for the next Renderer: cairo keeps font objects made from them in its caches
// for a while after a Renderer is gone, and those must never point at a closed face.
//
// The sets hold the invoice font (DejaVu Sans, every style) and the CJK fallback (WenQuanYi Micro
// Hei); text in a script neither covers is drawn as boxes and counted as unknown glyphs. Without
// these fonts, or when FreeType cannot start, the lease has no configuration and Pango uses the
// machine's fonts, shared as before.

namespace mailroom::render {

struct FontSet;

class FontLease {
public:
  // Takes a set from the pool, or makes one.
  static FontLease acquire();

  FontLease(FontLease&& other) noexcept;
  FontLease& operator=(FontLease&& other) noexcept;
  FontLease(const FontLease&) = delete;
  FontLease& operator=(const FontLease&) = delete;
  ~FontLease();

  // The fontconfig configuration listing this set's faces, or null to use the machine's.
  FcConfig* configuration() const;

  // A new Pango font map (the caller owns the reference) over this set's faces, or over the
  // machine's fonts when the set has none.
  PangoFontMap* make_font_map() const;

private:
  explicit FontLease(FontSet* set)
    : m_set(set) {}

  FontSet* m_set = nullptr;
};

} // namespace mailroom::render
