#include "renderer.hpp"

#include "invoice_painter.hpp"
#include "labels.hpp"
#include "letterhead.hpp"
#include "reminder_painter.hpp"
#include "typesetter.hpp"
#include "wording.hpp"

#include <engine/pdf/fonts_lock.hpp>
#include <engine/pdf/pdf_writer.hpp>

#include <map>

namespace mailroom::render {

using LoadedLetterhead = Result<std::shared_ptr<const LetterheadArt>>;

struct Renderer::State {
  Typesetter typesetter;
  LetterheadStamping stamping = LetterheadStamping::WhenPossible;
  // Failures are kept too, so a broken letterhead is read once, not once per invoice.
  std::map<std::filesystem::path, LoadedLetterhead> letterheads;

  LoadedLetterhead letterhead(const std::filesystem::path& path) {
    auto found = letterheads.find(path);
    if (found == letterheads.end()) {
      found = letterheads.emplace(path, LetterheadArt::load(path, stamping)).first;
    }
    return found->second;
  }

  // The creditor's letterhead when asked for, null when not; an error when it is asked for and
  // cannot be had.
  LoadedLetterhead letterhead_for(const job::Creditor& creditor, Letterhead wanted,
                                  const Location& source) {
    if (wanted == Letterhead::Omit) {
      return std::shared_ptr<const LetterheadArt>();
    }
    if (creditor.letterhead.empty()) {
      return make_error("creditor '" + creditor.id + "' has no letterhead to print on", source);
    }
    return letterhead(creditor.letterhead);
  }
};

namespace {

// Paints a document with `painter` (an InvoicePainter or a ReminderPainter) on the letterhead
// `art`, if any. The letterhead is stamped under the finished pages when it can be, and painted
// into them by cairo otherwise. FIXME: a stamp that keeps failing (or a letterhead that could not
// be made into one) shows only as slower rendering; the run could say so once per letterhead.
template<typename Painter>
Result<std::string> paint_on_letterhead(Painter& painter, const pdf::DocumentInfo& info,
                                        const LetterheadArt* art) {
  // Documents are drawn in parallel; Poppler's own work (opening a letterhead, comparing with
  // samples, printing) waits until none is being drawn (pdf/fonts_lock.hpp).
  const auto draw = [&](LetterheadDrawing drawing) {
    pdf::SharedFontsLock together;
    pdf::PdfWriter writer(info);
    painter.paint(writer, drawing);
    return writer.finish();
  };
  const pdf::LetterheadStamp* stamp = art ? art->stamp() : nullptr;
  Result<std::string> bytes =
    draw(stamp ? LetterheadDrawing::LeaveToStamp : LetterheadDrawing::Paint);
  if (bytes && stamp != nullptr) {
    bytes = stamp->apply(*bytes);
    if (!bytes) {
      bytes = draw(LetterheadDrawing::Paint);
    }
  }
  return bytes;
}

} // namespace

Status verify_letterhead(const std::filesystem::path& path) {
  return check_letterhead(path);
}

Renderer::Renderer(LetterheadMethod method)
  : m_state(std::make_unique<State>()) {
  m_state->stamping = method == LetterheadMethod::AlwaysPaint ? LetterheadStamping::Never
                                                              : LetterheadStamping::WhenPossible;
}

Renderer::~Renderer() = default;

Result<RenderedPdf> Renderer::render(const job::Invoice& invoice, const job::Creditor& creditor,
                                     Letterhead letterhead) {
  const job::Language language = job::effective_language(invoice, creditor);
  const std::shared_ptr<const LetterheadArt> art =
    TRY(m_state->letterhead_for(creditor, letterhead, invoice.source));

  InvoicePainter painter(m_state->typesetter, invoice, creditor, language, art.get());

  const Labels& labels = labels_for(language);
  const std::string title = document_title(invoice, language);
  const pdf::DocumentInfo info{
    .title = title,
    .author = creditor.name,
    .subject = title + " " + labels.subject_for + " " + invoice.debtor.name,
    .created = invoice.date,
  };
  Result<std::string> bytes = paint_on_letterhead(painter, info, art.get());
  if (!bytes) {
    return make_error("invoice " + invoice.number + ": " + bytes.error().message, invoice.source);
  }
  return RenderedPdf{std::move(*bytes), painter.page_count()};
}

Result<RenderedPdf> Renderer::render_reminder(const job::Invoice& invoice,
                                              const job::Reminder& reminder,
                                              const job::Creditor& creditor,
                                              Letterhead letterhead) {
  const job::Language language = job::effective_language(invoice, creditor);
  const std::string what =
    "reminder " + std::to_string(reminder.level) + " of invoice " + invoice.number;
  const std::shared_ptr<const LetterheadArt> art =
    TRY(m_state->letterhead_for(creditor, letterhead, invoice.source));

  ReminderPainter painter(m_state->typesetter, invoice, reminder, creditor, language, art.get());
  if (!painter.fits_on_one_page()) {
    return make_error(what + ": the letter does not fit on one page (is the debtor's address "
                             "that long?)",
                      invoice.source);
  }

  const Labels& labels = labels_for(language);
  const pdf::DocumentInfo info{
    .title = reminder_heading(reminder, invoice, language),
    .author = creditor.name,
    .subject =
      reminder_title(reminder, language) + " " + labels.subject_for + " " + invoice.debtor.name,
    .created = reminder.date,
  };
  Result<std::string> bytes = paint_on_letterhead(painter, info, art.get());
  if (!bytes) {
    return make_error(what + ": " + bytes.error().message, invoice.source);
  }
  return RenderedPdf{std::move(*bytes), painter.page_count()};
}

} // namespace mailroom::render
