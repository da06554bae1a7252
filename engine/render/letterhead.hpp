#pragma once

#include "handles.hpp"

#include <engine/util/result.hpp>

#include <cairo.h>

#include <filesystem>
#include <memory>

// A creditor's letterhead, read with Poppler once and kept as cairo recordings, so that each
// page of each invoice replays it instead of interpreting the PDF again.

namespace mailroom::render {

enum class PageKind { First, Continuation };

class LetterheadArt {
public:
  // Reads the PDF and records page 1 for first pages and page 2, if there is one, for
  // continuation pages. Errors name the file.
  static Result<std::shared_ptr<const LetterheadArt>> load(const std::filesystem::path& path);

  LetterheadArt(CairoSurface first, CairoSurface continuation);
  ~LetterheadArt();
  LetterheadArt(const LetterheadArt&) = delete;
  LetterheadArt& operator=(const LetterheadArt&) = delete;

  // Paints the letterhead for a page of that kind over the whole page.
  void paint(cairo_t* context, PageKind kind) const;

private:
  CairoSurface m_first;
  CairoSurface m_continuation; // Null when the letterhead has one page.
};

// Opens the letterhead and checks it has one or two pages, without recording them.
Status check_letterhead(const std::filesystem::path& path);

} // namespace mailroom::render
