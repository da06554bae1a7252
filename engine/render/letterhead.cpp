#include "letterhead.hpp"

#include "page_geometry.hpp"

#include <engine/pdf/fonts_lock.hpp>
#include <engine/pdf/pdf_writer.hpp>
#include <engine/pdf/poppler_document.hpp>
#include <engine/util/files.hpp>

#include <poppler.h>

#include <algorithm>
#include <string>

namespace mailroom::render {

namespace {

Error letterhead_error(const std::filesystem::path& path, std::string message) {
  return make_error(std::move(message), Location{path.string()});
}

bool looks_like_pdf(const std::string& bytes) {
  // The header may follow some junk, but only within the first kilobyte.
  return bytes.substr(0, 1024).find("%PDF-") != std::string::npos;
}

struct OpenedDocument {
  pdf::PopplerDocumentPointer document;
  int page_count = 0;
};

// Call with the fonts lock held exclusively.
Result<OpenedDocument> open_document(const std::filesystem::path& path) {
  auto bytes = files::read_file(path);
  if (!bytes) {
    return letterhead_error(path, "cannot read the letterhead: " + bytes.error().message);
  }
  if (!looks_like_pdf(*bytes)) {
    return letterhead_error(path, "the letterhead is not a PDF file");
  }
  auto document = pdf::open_poppler_document(std::move(*bytes));
  if (!document) {
    return letterhead_error(path, "cannot open the letterhead PDF: " + document.error().message);
  }
  const int page_count = poppler_document_get_n_pages(document->get());
  if (page_count < 1 || page_count > 2) {
    return letterhead_error(path, "a letterhead must have one or two pages, this one has " +
                                    std::to_string(page_count));
  }
  return OpenedDocument{std::move(*document), page_count};
}

// Call with the fonts lock held exclusively.
Result<CairoSurface> record_page(PopplerDocument* document, int index,
                                 const std::filesystem::path& path) {
  pdf::PopplerPagePointer page(poppler_document_get_page(document, index));
  if (!page) {
    return letterhead_error(path,
                            "cannot read page " + std::to_string(index + 1) + " of the letterhead");
  }
  double width = 0;
  double height = 0;
  poppler_page_get_size(page.get(), &width, &height);
  if (!(width > 0 && height > 0)) {
    return letterhead_error(path,
                            "page " + std::to_string(index + 1) + " of the letterhead has no size");
  }
  cairo_rectangle_t extents{0, 0, geometry::k_page_width, geometry::k_page_height};
  CairoSurface surface(cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &extents));
  CairoContext context(cairo_create(surface.get()));
  // Poppler's fonts made under the PDF surface's options are drawn as they are (font_pins.hpp).
  cairo_set_font_options(context.get(), pdf::pdf_font_options());
  // A letterhead of another paper size is scaled to fit A4 rather than cut off.
  const double scale = std::min(geometry::k_page_width / width, geometry::k_page_height / height);
  cairo_scale(context.get(), scale, scale);
  poppler_page_render(page.get(), context.get());
  const cairo_status_t status = cairo_status(context.get());
  if (status != CAIRO_STATUS_SUCCESS) {
    return letterhead_error(path, std::string("cannot draw the letterhead: ") +
                                    cairo_status_to_string(status));
  }
  return surface;
}

// A PDF surface that has drawn each page of the letterhead once and is kept open: it holds the
// fonts cairo makes to embed the letterhead's faces, so that they are not released and made
// again for every invoice (font_pins.hpp). Call with the fonts lock held exclusively.
CairoSurface hold_embedding_fonts(cairo_surface_t* first, cairo_surface_t* continuation) {
  CairoSurface holder =
    pdf::discarding_pdf_surface(geometry::k_page_width, geometry::k_page_height);
  CairoContext context(cairo_create(holder.get()));
  for (cairo_surface_t* page : {first, continuation}) {
    if (page != nullptr) {
      cairo_set_source_surface(context.get(), page, 0, 0);
      cairo_paint(context.get());
      cairo_show_page(context.get());
    }
  }
  return holder;
}

} // namespace

Result<std::shared_ptr<const LetterheadArt>> LetterheadArt::load(const std::filesystem::path& path,
                                                                 LetterheadStamping stamping) {
  std::shared_ptr<LetterheadArt> art;
  size_t pages = 0;
  {
    pdf::ExclusiveFontsLock guard;
    auto opened = TRY(open_document(path));
    auto first = TRY(record_page(opened.document.get(), 0, path));
    CairoSurface continuation;
    if (opened.page_count > 1) {
      continuation = TRY(record_page(opened.document.get(), 1, path));
    }
    CairoSurface fonts = hold_embedding_fonts(first.get(), continuation.get());
    art =
      std::make_shared<LetterheadArt>(std::move(first), std::move(continuation), std::move(fonts));
    pages = static_cast<size_t>(opened.page_count);
  }
  // The stamp is made with qpdf, which needs no lock. Should it not be made, invoices are still
  // right: the recordings are then painted into each.
  if (stamping == LetterheadStamping::WhenPossible) {
    if (auto stamp = pdf::LetterheadStamp::make(path, pages)) {
      art->m_stamp = std::move(*stamp);
    }
  }
  return std::shared_ptr<const LetterheadArt>(std::move(art));
}

LetterheadArt::LetterheadArt(CairoSurface first, CairoSurface continuation,
                             CairoSurface embedding_fonts)
  : m_first(std::move(first))
  , m_continuation(std::move(continuation))
  , m_embedding_fonts(std::move(embedding_fonts)) {}

LetterheadArt::~LetterheadArt() {
  // The recordings hold the fonts Poppler made; releasing them may release FreeType faces.
  pdf::ExclusiveFontsLock guard;
  m_embedding_fonts.reset();
  m_first.reset();
  m_continuation.reset();
}

void LetterheadArt::paint(cairo_t* context, PageKind kind) const {
  cairo_surface_t* art =
    kind == PageKind::Continuation && m_continuation ? m_continuation.get() : m_first.get();
  cairo_save(context);
  cairo_set_source_surface(context, art, 0, 0);
  cairo_paint(context);
  cairo_restore(context);
}

Status check_letterhead(const std::filesystem::path& path) {
  pdf::ExclusiveFontsLock guard;
  TRY(open_document(path));
  return Ok{};
}

} // namespace mailroom::render
