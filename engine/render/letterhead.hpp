#pragma once

#include "handles.hpp"

#include <engine/util/result.hpp>

#include <cairo.h>

#include <filesystem>
#include <memory>
#include <mutex>
#include <shared_mutex>

// A creditor's letterhead, read with Poppler once and kept as cairo recordings, so that each
// page of each invoice replays it instead of interpreting the PDF again.

namespace mailroom::render {

enum class PageKind { First, Continuation };

// Held exclusively by everything that makes, draws or releases fonts made by Poppler: opening
// and recording a letterhead, drawing an invoice on one that has fonts (LetterheadFonts) and
// writing its PDF (renderer.cpp),
// replaying PDFs into a print bundle (pipeline/print_job.cpp), rasterising PDFs to compare them
// with samples (pipeline/check_job.cpp). Drawing an invoice with only our own fonts holds it
// shared: such drawings run in parallel with each other, never with Poppler's.
//
// Poppler draws embedded fonts through one FreeType library shared by the whole process, which
// wants faces made and released one at a time. And with the letterhead's fonts on two threads at
// once, cairo 1.16 aborted within minutes at four threads ("cairo_scaled_font_destroy: Assertion
// `! scaled_font->cache_frozen' failed", 100,000 invoices; the same run without letterhead, or
// with this lock, completes). Outlining the letterhead's text instead (Poppler → cairo SVG →
// librsvg) avoided it too, but made each invoice three times as expensive and a third larger.
// Keeping our own drawing out of the way of Poppler's (the shared side) is a precaution: nothing
// has shown that the two together fail, but the cause of the abort is not known.
// FIXME: the root cause in cairo is not found (ThreadSanitizer, tools/test_suite tsan, shows only
// cairo recycling objects through its lock-free pools, which it cannot see); the exclusive side
// makes drawing on a letterhead serial.
std::shared_mutex& poppler_fonts_lock();

// Whether a letterhead's PDF sets text in fonts of its own. One whose text is outlined (drawn as
// paths, as tools/letterhead draws the shipped ones) has none: Poppler makes no font for it, an
// invoice on it embeds no font of it, and it is drawn under the shared side of the lock.
enum class LetterheadFonts { None, Embedded };

class LetterheadArt {
public:
  // Reads the PDF and records page 1 for first pages and page 2, if there is one, for
  // continuation pages. Errors name the file.
  static Result<std::shared_ptr<const LetterheadArt>> load(const std::filesystem::path& path);

  LetterheadArt(CairoSurface first, CairoSurface continuation, LetterheadFonts fonts);
  ~LetterheadArt();
  LetterheadArt(const LetterheadArt&) = delete;
  LetterheadArt& operator=(const LetterheadArt&) = delete;

  // Paints the letterhead for a page of that kind over the whole page.
  void paint(cairo_t* context, PageKind kind) const;

  LetterheadFonts fonts() const { return m_fonts; }

private:
  CairoSurface m_first;
  CairoSurface m_continuation; // Null when the letterhead has one page.
  LetterheadFonts m_fonts;
};

// Opens the letterhead and checks it has one or two pages, without recording them.
Status check_letterhead(const std::filesystem::path& path);

} // namespace mailroom::render
