#pragma once

#include <engine/util/result.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

// A letterhead put under the pages of finished invoices, instead of drawn into each one by cairo.
//
// Drawn by cairo, a letterhead costs every invoice a quarter of its rendering: cairo subsets,
// writes and compresses the letterhead's fonts and drawing again for each document. Its page
// never changes, so it is drawn once, into a PDF of its own, and the objects that make it up (the
// page's drawing as a form XObject, its fonts and other resources) are kept as bytes. Each
// invoice, drawn by cairo without it, then gets them appended as an incremental update
// (ISO 32000-1, 7.5.6): the new objects, each page again with the form drawn first, its resources
// naming the form, and a cross-reference section for what changed. Cairo's own bytes are kept as
// they are. Only PDFs cairo 1.16 writes are read (pdf_index.hpp); anything else is an error, and
// the caller then draws the letterhead with cairo after all.

namespace mailroom::render {

class LetterheadArt;

class LetterheadStamp {
public:
  // Has the letterhead paint its pages into a PDF, as it paints them under an invoice, and keeps
  // what pages need to show them.
  static Result<LetterheadStamp> make(const LetterheadArt& letterhead);

  // `pdf`, a document cairo wrote, with the first page of the letterhead under its first page
  // and the continuation page (or the first, if there is none) under the others.
  Result<std::string> apply(std::string_view pdf) const;

private:
  // Bytes to write, or a number of an object of the template, to be printed as the number it
  // gets in the invoice.
  struct Piece {
    std::string text;
    int object = -1;
  };
  using Pieces = std::vector<Piece>;

  // The objects added to an invoice, numbered from 0, for one or for both pages of the
  // letterhead.
  struct Template {
    std::vector<Pieces> objects;
    std::vector<int> forms;    // The form XObject of each letterhead page.
    std::vector<int> drawings; // The content stream that draws it ("q /Name Do Q").
  };

  static Result<Template> make_template(std::string_view pdf, size_t letterhead_pages);

  Template m_first_page;                // For invoices of one page.
  std::optional<Template> m_both_pages; // For longer ones, when there is a second page.
};

} // namespace mailroom::render
