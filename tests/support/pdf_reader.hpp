#pragma once

#include <cstdint>
#include <ctime>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

// Reads a PDF back with Poppler, so tests can check what a reader would see. Test code: it
// throws std::runtime_error when the PDF cannot be read.

namespace mailroom::testing {

// A page drawn by Poppler on white: one 0xRRGGBB value per pixel, row after row.
struct PageImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint32_t> pixels;

  // The share (0 to 1) of the pixels of rows [top, bottom) (in points of an A4 page drawn at the
  // same resolution) that differ from `other` by more than `tolerance` in any channel.
  double difference_in_band(const PageImage& other, double top, double bottom,
                            int tolerance = 48) const;
};

struct PdfFont {
  std::string name;
  bool embedded = false;
};

class PdfReader {
public:
  static PdfReader from_bytes(std::string bytes);
  static PdfReader from_file(const std::filesystem::path& path);

  PdfReader(PdfReader&& other) noexcept;
  PdfReader& operator=(PdfReader&& other) noexcept;
  ~PdfReader();

  int page_count() const;
  // The text of one page (0-based), in Poppler's reading order.
  std::string page_text(int index) const;
  // The text of all pages, separated by form feeds.
  std::string text() const;
  // Page size in points.
  double page_width(int index) const;
  double page_height(int index) const;

  std::string metadata_title() const;
  std::string metadata_author() const;
  std::string metadata_subject() const;
  std::string metadata_creator() const;
  // Seconds since the epoch; -1 when the PDF has no creation date.
  std::time_t creation_date() const;

  std::vector<PdfFont> fonts() const;

  // Page `index` drawn at `dpi`.
  PageImage page_image(int index, double dpi) const;

private:
  struct Document;
  explicit PdfReader(std::unique_ptr<Document> document);
  std::unique_ptr<Document> m_document;
};

// How much the letterhead's bands (the top 130 and bottom 60 points) of page `page` differ from
// page `letterhead_page` of the letterhead PDF itself, both drawn by Poppler: the share of
// differing pixels in the worse band: a check that the letterhead's art is there, on the right
// page, that extracted text cannot give.
double letterhead_difference(const PdfReader& pdf, int page,
                             const std::filesystem::path& letterhead, int letterhead_page);
// Drawn through our PDF, the letterhead differs from itself by under 2% of the bands' pixels (at
// the edges of letters); two different letterhead pages differ by 5% and more.
constexpr double k_same_letterhead = 0.03;
constexpr double k_other_letterhead = 0.04;

// Occurrences of `needle` in `haystack`, for counting labels in extracted text.
int count_occurrences(const std::string& haystack, const std::string& needle);

} // namespace mailroom::testing
