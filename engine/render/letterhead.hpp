#pragma once

#include "text_handles.hpp"

#include <engine/pdf/letterhead_stamp.hpp>
#include <engine/util/result.hpp>

#include <cairo.h>

#include <filesystem>
#include <memory>
#include <optional>

// A creditor's letterhead, read once per Renderer. Its pages are put under each finished invoice
// as they are (pdf/letterhead_stamp.hpp, read with qpdf). They are also read with Poppler and kept
// as cairo recordings, which cairo paints into an invoice instead when the stamp cannot be made or
// applied: then the letterhead is Poppler's redrawing of it, with the machine's fonts for fonts the
// PDF does not embed and RGB for its colours, but never missing. Opening, recording and releasing
// a letterhead hold Poppler's fonts lock exclusively (pdf/fonts_lock.hpp), itself.

namespace mailroom::render {

enum class PageKind { First, Continuation };

// Whether a painter draws the letterhead under each page with cairo, or leaves it out for a
// LetterheadStamp to add to the finished document.
enum class LetterheadDrawing { Paint, LeaveToStamp };

// Whether a letterhead is made into a stamp when it can be (what rendering does), or only ever
// painted by cairo (what the tests of that fallback ask for).
enum class LetterheadStamping { WhenPossible, Never };

class LetterheadArt {
public:
  // Reads the PDF and records page 1 for first pages and page 2, if there is one, for
  // continuation pages, and makes the stamp. Errors name the file.
  static Result<std::shared_ptr<const LetterheadArt>> load(
    const std::filesystem::path& path,
    LetterheadStamping stamping = LetterheadStamping::WhenPossible);

  LetterheadArt(CairoSurface first, CairoSurface continuation, CairoSurface embedding_fonts);
  ~LetterheadArt();
  LetterheadArt(const LetterheadArt&) = delete;
  LetterheadArt& operator=(const LetterheadArt&) = delete;

  // Paints the letterhead for a page of that kind over the whole page.
  void paint(cairo_t* context, PageKind kind) const;
  // Whether continuation pages get a page of their own (the PDF's page 2) or the first again.
  bool has_continuation_page() const { return m_continuation != nullptr; }

  // The letterhead's own pages as objects to add to finished invoices instead of painting it (null
  // if qpdf could not make them into one): much cheaper per invoice, and the letterhead exactly
  // as it is (pdf/letterhead_stamp.hpp).
  const pdf::LetterheadStamp* stamp() const { return m_stamp ? &*m_stamp : nullptr; }

private:
  CairoSurface m_first;
  CairoSurface m_continuation; // Null when the letterhead has one page.
  // A PDF surface that drew the letterhead once and is kept open: it pins the fonts cairo makes
  // to embed the letterhead's faces (font_pins.hpp).
  CairoSurface m_embedding_fonts;
  std::optional<pdf::LetterheadStamp> m_stamp; // Set once by load(), before the art is shared.
};

// Opens the letterhead and checks it has one or two pages, without recording them.
Status check_letterhead(const std::filesystem::path& path);

} // namespace mailroom::render
