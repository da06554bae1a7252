#pragma once

#include <engine/util/result.hpp>
#include <engine/xml/element.hpp>

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace mailroom::xml {

// A start tag met while streaming through a document.
struct StartTag {
  std::string namespace_uri; // Empty for an element in no namespace.
  std::string local_name;
  long line = 0;
  int depth = 0; // 0 for the root element.
};

// The one way into libxml2: a streaming reader (xmlTextReader) that walks a document start tag
// by start tag and reads into memory only the subtrees it is asked for (`expand`), so a 50 MB
// bank statement never becomes a 50 MB tree. It is safe on files from anywhere:
// - no DTD is loaded, no entity is expanded or fetched, no network is touched, and a document
//   with a DOCTYPE is refused outright (bank statements and e-invoices never have one);
// - elements nesting deeper than k_maximum_depth are refused before anything recurses on them;
// - libxml2's size limits stay on (no XML_PARSE_HUGE);
// - every error carries the file, the line and libxml2's own words, collected by a handler of
//   this reader alone (and, for the few errors libxml2 raises without a parser context, by the
//   calling thread's handlers, which are this reader's while it parses), so readers on several
//   threads never mix their errors and nothing is printed.
// The first error ends the reading: every later call returns it again.
class Reader {
public:
  static constexpr int k_maximum_depth = 64;

  // Streams the file from disk; errors name it by its path as given.
  [[nodiscard]] static Result<Reader> open_file(const std::filesystem::path& file);
  // Reads bytes the caller keeps alive for the reader's life.
  [[nodiscard]] static Result<Reader> open_memory(std::string_view bytes, std::string name);
  // A temporary string would be gone before the reader reads it.
  static Result<Reader> open_memory(std::string&& bytes, std::string name) = delete;

  Reader(Reader&& other) noexcept;
  Reader& operator=(Reader&& other) noexcept;
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;
  ~Reader();

  // The name errors give the document.
  const std::string& name() const;

  // The next start tag in document order, going into the current element unless it was expanded
  // or skipped; std::nullopt at the end of the document.
  [[nodiscard]] Result<std::optional<StartTag>> next_element();

  // Reads the current element and everything inside it into memory. The view is valid until the
  // next call of next_element, which then goes on after this element.
  [[nodiscard]] Result<Element> expand();

  // Leaves out everything inside the current element: next_element goes on after it.
  void skip();

  // A Location in this document, for the errors of a reader of some XML format.
  Location location(long line, std::string field = {}) const;

  // What a reader holds (libxml2's reader, the file, the first error); defined in reader.cpp,
  // named here for libxml2's callbacks there.
  struct State;

private:
  explicit Reader(std::unique_ptr<State> state);

  std::unique_ptr<State> m_state;
};

} // namespace mailroom::xml
