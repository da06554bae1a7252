#pragma once

#include "pdf_pieces.hpp"

#include <engine/util/result.hpp>

#include <array>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <vector>

class QPDF;

// A PDF from any producer, read with libqpdf: object streams, cross-reference streams, damaged
// cross-reference tables qpdf can repair. This is the one place that uses qpdf; it reports
// errors by throwing (QPDFExc, std::exception), and they are caught here and returned as errors
// naming the file, so nothing else sees its error style.
//
// Its one use is the letterhead stamp (letterhead_stamp.hpp): the letterhead's pages are taken as
// they are, as form XObjects with their own content streams, fonts, colour spaces and images,
// written out once as pieces that each invoice then appends with its own object numbers.

namespace mailroom::pdf {

// The part of a page a reader shows: its crop box within its media box, in the page's own space,
// and how far the page is turned clockwise when shown.
struct PageFrame {
  double left = 0;
  double bottom = 0;
  double right = 0;
  double top = 0;
  int rotation = 0; // 0, 90, 180 or 270.

  double width() const { return right - left; }
  double height() const { return top - bottom; }
};

// A transformation matrix [a b c d e f] (ISO 32000-1, 8.3.3).
using Matrix = std::array<double, 6>;

// Objects to add to another PDF, numbered from 0, each written whole ("N 0 obj … endobj") with
// the numbers of the set's objects left to the pieces, and which of them are the pages' forms.
struct PortableObjects {
  std::vector<Pieces> objects;
  std::vector<int> forms;
};

class QpdfDocument {
public:
  static Result<QpdfDocument> open(const std::filesystem::path& path);

  QpdfDocument(QpdfDocument&& other) noexcept;
  QpdfDocument& operator=(QpdfDocument&& other) noexcept;
  ~QpdfDocument();

  size_t page_count() const { return m_page_count; }
  Result<PageFrame> page_frame(size_t index);

  // Pages 0 to placements.size() - 1 as form XObjects clipped to their frames and drawn through
  // their placements, with everything they use. Their own content streams, fonts, colour spaces
  // and images are kept byte for byte, still compressed as they are; only the pages' contents,
  // joined into the form's one stream, are compressed again.
  Result<PortableObjects> page_forms(const std::vector<Matrix>& placements);

private:
  QpdfDocument(std::filesystem::path path, std::unique_ptr<QPDF> pdf, size_t page_count);

  std::filesystem::path m_path;
  std::unique_ptr<QPDF> m_pdf;
  size_t m_page_count = 0;
};

} // namespace mailroom::pdf
