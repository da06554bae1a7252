#pragma once

#include <engine/util/result.hpp>

#include <cairo.h>

#include <memory>
#include <string>

// A PDF held in memory and read with Poppler: its pages, their size and text, and drawing them
// with cairo. Both the comparison with samples and the print bundle read PDFs through it.
//
// A PdfFile holds the fonts lock exclusively for as long as it is open (fonts_lock.hpp): Poppler
// makes fonts of its own when it reads and draws the file, and releases them when it closes it,
// none of which may happen while an invoice is drawn. So a thread keeps one open only for its
// work on it, and draws no invoice meanwhile; it may open several at once.

namespace mailroom::pdf {

struct PageSize {
  double width = 0;  // Points.
  double height = 0; // Points.
};

// Display draws what a viewer shows; Printing leaves out what is marked not to be printed.
enum class DrawPurpose { Display, Printing };

class PdfFile {
public:
  // Opens the PDF in `bytes` (kept for as long as the PdfFile lives). `name` appears in errors.
  static Result<PdfFile> open(std::string bytes, const std::string& name);

  PdfFile(PdfFile&& other) noexcept;
  PdfFile& operator=(PdfFile&& other) noexcept;
  ~PdfFile();

  int page_count() const;
  // `index` is 0-based and must be below page_count().
  PageSize page_size(int index) const;
  // The page's text in Poppler's reading order, lines separated by "\n", with a space put in
  // where a gap separates two cells of a table row.
  std::string page_text(int index) const;
  // Draws the page at the context's current transformation, 1 unit = 1 point. On a vector
  // surface the page stays vectors and text.
  void draw_page(int index, cairo_t* context, DrawPurpose purpose) const;

private:
  struct State;
  explicit PdfFile(std::unique_ptr<State> state);
  std::unique_ptr<State> m_state;
};

} // namespace mailroom::pdf
