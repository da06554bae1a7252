#pragma once

#include "pdf_syntax.hpp"

#include <engine/util/result.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The objects of a PDF that cairo wrote: found through its cross-reference table, the classic
// kind cairo 1.16 writes (no object streams, no cross-reference streams, no earlier updates).
// Anything else is refused with an error, never guessed at.

namespace mailroom::pdf {

struct IndirectObject {
  std::string_view value;                 // The dictionary, array, number… between "obj" and
                                          // "stream" or "endobj".
  std::optional<std::string_view> stream; // The stream's bytes as stored (still encoded).
};

class PdfIndex {
public:
  // `pdf` must outlive the index.
  static Result<PdfIndex> read(std::string_view pdf);

  Result<IndirectObject> object(unsigned number) const;
  // The object numbers of the pages, in order.
  Result<std::vector<unsigned>> pages() const;
  // The value of `key` in a dictionary, with a reference to a number followed.
  Result<size_t> number_value(std::string_view dictionary, std::string_view key) const;

  // One more than the highest object number (the trailer's /Size).
  unsigned size() const { return static_cast<unsigned>(m_offsets.size()); }
  // Where the cross-reference table starts (for the /Prev of an update).
  size_t table_offset() const { return m_table_offset; }
  // The trailer's /Root and /Info values, as written ("38 0 R").
  std::string_view root() const { return m_root; }
  std::string_view info() const { return m_info; }

private:
  // An object's value, and where the value ends.
  struct Located {
    std::string_view value;
    size_t end = 0;
  };
  Result<Located> locate(unsigned number) const;

  std::string_view m_pdf;
  std::vector<size_t> m_offsets; // Of each object, by number; 0 for a free entry.
  size_t m_table_offset = 0;
  std::string_view m_root;
  std::string_view m_info;
};

} // namespace mailroom::pdf
