#pragma once

#include <ctime>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

// Reads a PDF back with Poppler, so tests can check what a reader would see. Test code: it
// throws std::runtime_error when the PDF cannot be read.

namespace mailroom::testing {

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

private:
  struct Document;
  explicit PdfReader(std::unique_ptr<Document> document);
  std::unique_ptr<Document> m_document;
};

// Occurrences of `needle` in `haystack`, for counting labels in extracted text.
int count_occurrences(const std::string& haystack, const std::string& needle);

} // namespace mailroom::testing
