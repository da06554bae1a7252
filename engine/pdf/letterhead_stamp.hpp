#pragma once

#include "pdf_pieces.hpp"

#include <engine/util/result.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// A letterhead put under the pages of finished invoices, instead of drawn into each one by cairo.
//
// The letterhead's own pages are put under the invoice's, as they are: each page becomes a form
// XObject with the page's own content stream, fonts, colour spaces and images (read with qpdf,
// qpdf_document.hpp), so its standard fonts stay the reader's, its CMYK colours CMYK. Redrawn
// through Poppler and cairo instead, a letterhead in non-embedded Helvetica came out respaced in
// whatever font the machine had, and a CMYK one in RGB.
//
// The letterhead is read and made into objects once per load; drawn by cairo, it would cost
// every invoice a quarter of its rendering. Each invoice, drawn by cairo without it, then gets
// them appended as an incremental update (ISO 32000-1, 7.5.6): the new objects, each page again
// with the form drawn first, its resources naming the form, and a cross-reference section for
// what changed. Cairo's own bytes are kept as they are. Only PDFs cairo 1.16 writes are read on
// the invoice's side (pdf_index.hpp); anything else is an error, and the caller then draws the
// letterhead with cairo after all (render/letterhead.hpp).

namespace mailroom::pdf {

struct PortableObjects;

class LetterheadStamp {
public:
  // Reads the first `pages` pages of the letterhead PDF (one or two) and keeps what invoice pages
  // need to show them, placed as LetterheadArt paints them: scaled to fit A4, from its top left.
  // Errors name the file.
  static Result<LetterheadStamp> make(const std::filesystem::path& letterhead, size_t pages);

  // `pdf`, a document cairo wrote, with the first page of the letterhead under its first page
  // and the continuation page (or the first, if there is none) under the others.
  Result<std::string> apply(std::string_view pdf) const;

private:
  // The objects added to an invoice, numbered from 0, for one or for both pages of the
  // letterhead.
  struct Template {
    std::vector<Pieces> objects;
    std::vector<int> forms;    // The form XObject of each letterhead page.
    std::vector<int> drawings; // The content stream that draws it ("q /Name Do Q").
  };

  static Result<Template> make_template(PortableObjects letterhead);

  Template m_first_page;                // For invoices of one page.
  std::optional<Template> m_both_pages; // For longer ones, when there is a second page.
};

} // namespace mailroom::pdf
