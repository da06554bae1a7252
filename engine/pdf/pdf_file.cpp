#include "pdf_file.hpp"

#include "fonts_lock.hpp"
#include "handles.hpp"
#include "poppler_document.hpp"

#include <poppler.h>

#include <vector>

namespace mailroom::pdf {

struct PdfFile::State {
  // Held from before the document is opened until after it and its pages are released (members
  // go in reverse order): Poppler's fonts are made, drawn and released only under it.
  ExclusiveFontsLock fonts_lock;
  PopplerDocumentPointer document;
  // Pages are looked up once: Poppler hands out a new reference on every call.
  std::vector<GObjectPointer<PopplerPage>> pages;
};

PdfFile::PdfFile(std::unique_ptr<State> state)
  : m_state(std::move(state)) {}
PdfFile::PdfFile(PdfFile&& other) noexcept = default;
PdfFile& PdfFile::operator=(PdfFile&& other) noexcept = default;
PdfFile::~PdfFile() = default;

Result<PdfFile> PdfFile::open(std::string bytes, const std::string& name) {
  auto state = std::make_unique<State>();
  auto document = open_poppler_document(std::move(bytes));
  if (!document) {
    return make_error("cannot read the PDF: " + document.error().message, Location{name});
  }
  state->document = std::move(*document);
  PopplerDocument* raw_document = state->document.get();
  const int count = poppler_document_get_n_pages(raw_document);
  for (int index = 0; index < count; ++index) {
    PopplerPage* page = poppler_document_get_page(raw_document, index);
    if (page == nullptr) {
      return make_error("cannot read page " + std::to_string(index + 1) + " of the PDF",
                        Location{name});
    }
    state->pages.emplace_back(page);
  }
  return PdfFile(std::move(state));
}

int PdfFile::page_count() const {
  return static_cast<int>(m_state->pages.size());
}

PageSize PdfFile::page_size(int index) const {
  PageSize size;
  poppler_page_get_size(m_state->pages.at(index).get(), &size.width, &size.height);
  return size;
}

std::string PdfFile::page_text(int index) const {
  PopplerPage* page = m_state->pages.at(index).get();
  GlibText text(poppler_page_get_text(page));
  if (!text) {
    return {};
  }
  PopplerRectangle* raw_boxes = nullptr;
  guint box_count = 0;
  const bool have_layout = poppler_page_get_text_layout(page, &raw_boxes, &box_count);
  GlibText boxes_owner(reinterpret_cast<char*>(raw_boxes));
  const auto length = g_utf8_strlen(text.get(), -1);
  if (!have_layout || box_count != static_cast<guint>(length)) {
    return text.get();
  }
  // Poppler joins the cells of a table row without a space ("st1,109%1,10"); a gap wider than
  // a third of the letters' height between two characters is put back as a space, so a report
  // can show the words that changed.
  std::string result;
  const char* character = text.get();
  for (guint position = 0; position < box_count; ++position) {
    const char* next = g_utf8_next_char(character);
    if (position > 0 && *character != '\n' && character[-1] != '\n' &&
        !g_unichar_isspace(g_utf8_get_char(character)) && !result.empty() && result.back() != ' ') {
      const auto& previous = raw_boxes[position - 1];
      const auto& current = raw_boxes[position];
      const double height = current.y2 - current.y1;
      if (current.x1 - previous.x2 > height / 3) {
        result += ' ';
      }
    }
    result.append(character, next);
    character = next;
  }
  return result;
}

void PdfFile::draw_page(int index, cairo_t* context, DrawPurpose purpose) const {
  PopplerPage* page = m_state->pages.at(index).get();
  if (purpose == DrawPurpose::Printing) {
    poppler_page_render_for_printing(page, context);
  } else {
    poppler_page_render(page, context);
  }
}

} // namespace mailroom::pdf
