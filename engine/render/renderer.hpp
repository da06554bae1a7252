#pragma once

#include <engine/job/model.hpp>
#include <engine/job/reminder.hpp>
#include <engine/util/result.hpp>

#include <filesystem>
#include <memory>
#include <string>

namespace mailroom::render {

enum class Letterhead { Include, Omit };

// How letterheads reach the page: stamped under the finished pages when they can be, or always
// painted into them by cairo (the fallback, asked for by its tests). See letterhead.hpp.
enum class LetterheadMethod { StampWhenPossible, AlwaysPaint };

struct RenderedPdf {
  std::string bytes;
  int page_count = 0;
};

// Checks that a letterhead PDF can be opened and has one or two pages (page 1 for the first
// page, page 2 if present for continuation pages).
Status verify_letterhead(const std::filesystem::path& path);

// Lays out invoices and payment reminders as A4 PDFs with cairo and Pango, on the creditor's
// letterhead when asked. Each Renderer draws with fonts of its own (font_library.hpp); invoices are
// drawn in parallel, never beside Poppler's own work (pdf/fonts_lock.hpp). A Renderer is not
// thread-safe: each pipeline thread owns one. It keeps its Pango context, fonts and the letterheads
// it has loaded (each loaded once) for the whole run.
class Renderer {
public:
  explicit Renderer(LetterheadMethod method = LetterheadMethod::StampWhenPossible);
  ~Renderer();
  Renderer(const Renderer&) = delete;
  Renderer& operator=(const Renderer&) = delete;

  // Renders one validated invoice. The same input always gives the same bytes (the PDF's
  // creation date is the invoice date).
  Result<RenderedPdf> render(const job::Invoice& invoice, const job::Creditor& creditor,
                             Letterhead letterhead);

  // Renders the payment reminder of an invoice as a one-page letter in the invoice's language.
  // `invoice` is made from the register's facts and has no lines. The same input always gives the
  // same bytes (the PDF's creation date is the reminder's date). A letter that does not fit on one
  // page is an error.
  Result<RenderedPdf> render_reminder(const job::Invoice& invoice, const job::Reminder& reminder,
                                      const job::Creditor& creditor, Letterhead letterhead);

private:
  struct State;
  std::unique_ptr<State> m_state;
};

} // namespace mailroom::render
