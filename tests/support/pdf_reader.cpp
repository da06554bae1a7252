#include "pdf_reader.hpp"

#include <engine/pdf/handles.hpp>
#include <engine/pdf/poppler_document.hpp>
#include <engine/util/files.hpp>

#include <poppler.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

// Poppler's objects are held by the PDF layer's handles (engine/pdf/handles.hpp) and opened
// through it. PdfFile is not used: these tests read the text as Poppler gives it, the metadata
// and the fonts, and they read without the fonts lock, as they always have.

namespace mailroom::testing {

namespace {

std::string take_string(gchar* text) {
  const pdf::GlibText owned(text);
  return owned ? std::string(owned.get()) : std::string();
}

} // namespace

struct PdfReader::Document {
  pdf::PopplerDocumentPointer document;

  pdf::PopplerPagePointer page(int index) const {
    if (index < 0 || index >= poppler_document_get_n_pages(document.get())) {
      throw std::runtime_error("the PDF has no page " + std::to_string(index));
    }
    return pdf::PopplerPagePointer(poppler_document_get_page(document.get(), index));
  }
};

PdfReader::PdfReader(std::unique_ptr<Document> document)
  : m_document(std::move(document)) {}
PdfReader::PdfReader(PdfReader&& other) noexcept = default;
PdfReader& PdfReader::operator=(PdfReader&& other) noexcept = default;
PdfReader::~PdfReader() = default;

PdfReader PdfReader::from_bytes(std::string bytes) {
  auto document = pdf::open_poppler_document(std::move(bytes));
  if (!document) {
    throw std::runtime_error("cannot read PDF: " + document.error().message);
  }
  auto holder = std::make_unique<Document>();
  holder->document = std::move(*document);
  return PdfReader(std::move(holder));
}

PdfReader PdfReader::from_file(const std::filesystem::path& path) {
  auto bytes = files::read_file(path);
  if (!bytes) {
    throw std::runtime_error("cannot read PDF " + path.string() + ": " + bytes.error().message);
  }
  auto document = pdf::open_poppler_document(std::move(*bytes));
  if (!document) {
    throw std::runtime_error("cannot read PDF " + path.string() + ": " + document.error().message);
  }
  auto holder = std::make_unique<Document>();
  holder->document = std::move(*document);
  return PdfReader(std::move(holder));
}

int PdfReader::page_count() const {
  return poppler_document_get_n_pages(m_document->document.get());
}

std::string PdfReader::page_text(int index) const {
  const auto page = m_document->page(index);
  return take_string(poppler_page_get_text(page.get()));
}

PageImage PdfReader::page_image(int index, double dpi) const {
  const auto page = m_document->page(index);
  double width = 0;
  double height = 0;
  poppler_page_get_size(page.get(), &width, &height);
  const double scale = dpi / 72.0;
  PageImage image;
  image.width = static_cast<int>(std::ceil(width * scale));
  image.height = static_cast<int>(std::ceil(height * scale));
  const pdf::CairoSurface surface(
    cairo_image_surface_create(CAIRO_FORMAT_RGB24, image.width, image.height));
  pdf::CairoContext context(cairo_create(surface.get()));
  cairo_set_source_rgb(context.get(), 1, 1, 1);
  cairo_paint(context.get());
  cairo_scale(context.get(), scale, scale);
  poppler_page_render(page.get(), context.get());
  context.reset();
  cairo_surface_flush(surface.get());
  const unsigned char* data = cairo_image_surface_get_data(surface.get());
  const int stride = cairo_image_surface_get_stride(surface.get());
  image.pixels.reserve(static_cast<std::size_t>(image.width) * image.height);
  for (int row = 0; row < image.height; ++row) {
    const auto* line = reinterpret_cast<const std::uint32_t*>(data + row * stride);
    for (int column = 0; column < image.width; ++column) {
      image.pixels.push_back(line[column] & 0xFFFFFF);
    }
  }
  return image;
}

double PageImage::difference_in_band(const PageImage& other, double top, double bottom,
                                     int tolerance) const {
  if (width != other.width || height != other.height) {
    throw std::runtime_error("pages of different sizes cannot be compared");
  }
  const double pixels_per_point = static_cast<double>(height) / 841.89;
  const int first = std::clamp(static_cast<int>(top * pixels_per_point), 0, height);
  const int end = std::clamp(static_cast<int>(bottom * pixels_per_point), 0, height);
  std::size_t differing = 0;
  std::size_t total = 0;
  for (int row = first; row < end; ++row) {
    for (int column = 0; column < width; ++column) {
      const std::size_t at = static_cast<std::size_t>(row) * width + column;
      const std::uint32_t mine = pixels[at];
      const std::uint32_t theirs = other.pixels[at];
      for (int shift : {0, 8, 16}) {
        const int a = static_cast<int>((mine >> shift) & 0xFF);
        const int b = static_cast<int>((theirs >> shift) & 0xFF);
        if (std::abs(a - b) > tolerance) {
          ++differing;
          break;
        }
      }
      ++total;
    }
  }
  return total == 0 ? 0.0 : static_cast<double>(differing) / static_cast<double>(total);
}

double letterhead_difference(const PdfReader& pdf, int page,
                             const std::filesystem::path& letterhead, int letterhead_page) {
  constexpr double dpi = 60;
  constexpr double top_band = 130;
  constexpr double bottom_band = 60;
  constexpr double page_height = 841.89;
  const auto drawn = pdf.page_image(page, dpi);
  const auto art = PdfReader::from_file(letterhead).page_image(letterhead_page, dpi);
  return std::max(drawn.difference_in_band(art, 0, top_band),
                  drawn.difference_in_band(art, page_height - bottom_band, page_height));
}

std::string PdfReader::text() const {
  std::string all;
  for (int index = 0; index < page_count(); ++index) {
    if (index > 0) {
      all += '\f';
    }
    all += page_text(index);
  }
  return all;
}

double PdfReader::page_width(int index) const {
  const auto page = m_document->page(index);
  double width = 0;
  double height = 0;
  poppler_page_get_size(page.get(), &width, &height);
  return width;
}

double PdfReader::page_height(int index) const {
  const auto page = m_document->page(index);
  double width = 0;
  double height = 0;
  poppler_page_get_size(page.get(), &width, &height);
  return height;
}

std::string PdfReader::metadata_title() const {
  return take_string(poppler_document_get_title(m_document->document.get()));
}

std::string PdfReader::metadata_author() const {
  return take_string(poppler_document_get_author(m_document->document.get()));
}

std::string PdfReader::metadata_subject() const {
  return take_string(poppler_document_get_subject(m_document->document.get()));
}

std::string PdfReader::metadata_creator() const {
  return take_string(poppler_document_get_creator(m_document->document.get()));
}

std::time_t PdfReader::creation_date() const {
  return poppler_document_get_creation_date(m_document->document.get());
}

std::vector<PdfFont> PdfReader::fonts() const {
  std::vector<PdfFont> fonts;
  const pdf::GObjectPointer<PopplerFontInfo> info(
    poppler_font_info_new(m_document->document.get()));
  PopplerFontsIter* iterator = nullptr;
  while (poppler_font_info_scan(info.get(), 1, &iterator)) {
    if (iterator == nullptr) {
      continue;
    }
    do {
      const char* name = poppler_fonts_iter_get_name(iterator);
      fonts.push_back(
        PdfFont{name != nullptr ? name : "", poppler_fonts_iter_is_embedded(iterator) != 0});
    } while (poppler_fonts_iter_next(iterator));
    poppler_fonts_iter_free(iterator);
    iterator = nullptr;
  }
  return fonts;
}

int count_occurrences(const std::string& haystack, const std::string& needle) {
  int count = 0;
  for (auto position = haystack.find(needle); position != std::string::npos;
       position = haystack.find(needle, position + needle.size())) {
    ++count;
  }
  return count;
}

} // namespace mailroom::testing
