#include "pdf_index.hpp"

#include <limits>

namespace mailroom::pdf {

namespace {

Error malformed(const std::string& what) {
  return make_error("cannot read the PDF cairo wrote: " + what);
}

} // namespace

Result<PdfIndex> PdfIndex::read(std::string_view pdf) {
  PdfIndex index;
  index.m_pdf = pdf;
  const size_t tail = pdf.size() > 1024 ? pdf.size() - 1024 : 0;
  const size_t start_keyword = pdf.rfind("startxref");
  if (start_keyword == std::string_view::npos || start_keyword < tail) {
    return malformed("no startxref at its end");
  }
  Lexer after_keyword(pdf, start_keyword + 9);
  const Token offset_token = after_keyword.next();
  const auto table = whole_number(text_of(pdf, offset_token));
  if (offset_token.kind != TokenKind::Number || !table || *table >= pdf.size()) {
    return malformed("startxref gives no offset within the file");
  }
  index.m_table_offset = *table;

  // The table: "xref", then subsections of "first count" and count entries "offset gen n|f".
  Lexer lexer(pdf, *table);
  if (text_of(pdf, lexer.next()) != "xref") {
    return malformed("no cross-reference table where startxref points");
  }
  std::vector<std::pair<unsigned, size_t>> entries;
  Token token = lexer.next();
  while (token.kind == TokenKind::Number) {
    const auto first = whole_number(text_of(pdf, token));
    const auto count = whole_number(text_of(pdf, lexer.next()));
    if (!first || !count || *count > pdf.size() / 20 ||
        *first > std::numeric_limits<unsigned>::max() - *count) {
      return malformed("a damaged cross-reference subsection");
    }
    for (size_t entry = 0; entry < *count; ++entry) {
      const auto offset = whole_number(text_of(pdf, lexer.next()));
      lexer.next(); // The generation.
      const std::string_view kind = text_of(pdf, lexer.next());
      if (!offset || (kind != "n" && kind != "f")) {
        return malformed("a damaged cross-reference entry");
      }
      if (kind == "n") {
        entries.emplace_back(static_cast<unsigned>(*first + entry), *offset);
      }
    }
    token = lexer.next();
  }
  if (text_of(pdf, token) != "trailer") {
    return malformed("no trailer after the cross-reference table");
  }
  const std::string_view trailer = pdf.substr(lexer.position());
  const auto size = dictionary_value(trailer, "/Size");
  const auto root = dictionary_value(trailer, "/Root");
  const auto info = dictionary_value(trailer, "/Info");
  const auto size_value = size ? whole_number(text_of(trailer, *size)) : std::nullopt;
  if (!size_value || !root || *size_value > entries.size() + pdf.size() / 20) {
    return malformed("a trailer without /Size or /Root");
  }
  if (dictionary_value(trailer, "/Prev") || dictionary_value(trailer, "/XRefStm")) {
    return malformed("it was updated before");
  }
  // An update must repeat every key of the trailer before it; only those cairo writes are
  // known to be safe to repeat.
  for (const std::string_view key : dictionary_keys(trailer)) {
    if (key != "/Size" && key != "/Root" && key != "/Info") {
      return malformed("its trailer has " + std::string(key) + ", which cairo does not write");
    }
  }
  index.m_root = text_of(trailer, *root);
  index.m_info = info ? text_of(trailer, *info) : std::string_view();
  index.m_offsets.assign(*size_value, 0);
  for (const auto& [number, offset] : entries) {
    if (number >= index.m_offsets.size() || offset >= pdf.size()) {
      return malformed("object " + std::to_string(number) + " lies outside the file");
    }
    index.m_offsets[number] = offset;
  }
  return index;
}

Result<PdfIndex::Located> PdfIndex::locate(unsigned number) const {
  const std::string name = "object " + std::to_string(number);
  if (number >= m_offsets.size() || m_offsets[number] == 0) {
    return malformed(name + " is not in the cross-reference table");
  }
  Lexer lexer(m_pdf, m_offsets[number]);
  const Token object_number = lexer.next();
  const Token generation = lexer.next();
  const Token keyword = lexer.next();
  if (whole_number(text_of(m_pdf, object_number)) != number ||
      generation.kind != TokenKind::Number || text_of(m_pdf, keyword) != "obj") {
    return malformed(name + " is not where the table says");
  }
  Lexer at_value = lexer;
  const Token first = at_value.next();
  const auto value_end = end_of_object(m_pdf, first.begin);
  if (!value_end) {
    return malformed(name + " has no value");
  }
  return Located{m_pdf.substr(first.begin, *value_end - first.begin), *value_end};
}

Result<IndirectObject> PdfIndex::object(unsigned number) const {
  const std::string name = "object " + std::to_string(number);
  const Located located = TRY(locate(number));
  IndirectObject object;
  object.value = located.value;
  Lexer after_value(m_pdf, located.end);
  const Token next = after_value.next();
  const std::string_view word = text_of(m_pdf, next);
  if (word == "endobj") {
    return object;
  }
  if (word != "stream") {
    return malformed(name + " ends neither in a stream nor in endobj");
  }
  size_t data = next.end;
  if (m_pdf.substr(data, 2) == "\r\n") {
    data += 2;
  } else if (m_pdf.substr(data, 1) == "\n") {
    data += 1;
  } else {
    return malformed(name + ": no end of line after \"stream\"");
  }
  const size_t length = TRY(number_value(object.value, "/Length"));
  if (length > m_pdf.size() - data) {
    return malformed(name + ": its stream runs past the end of the file");
  }
  Lexer after_data(m_pdf, data + length);
  if (text_of(m_pdf, after_data.next()) != "endstream") {
    return malformed(name + ": its stream is not as long as /Length says");
  }
  object.stream = m_pdf.substr(data, length);
  return object;
}

Result<size_t> PdfIndex::number_value(std::string_view dictionary, std::string_view key) const {
  const auto span = dictionary_value(dictionary, key);
  if (!span) {
    return malformed("a dictionary without " + std::string(key));
  }
  const std::string_view value = text_of(dictionary, *span);
  if (const auto number = whole_number(value)) {
    return *number;
  }
  if (const auto reference = sole_reference(value)) {
    // Only the value of the object referred to: a stream whose /Length refers to itself (or to
    // another stream) must not send the reading round in circles.
    const Located object = TRY(locate(*reference));
    if (const auto number = whole_number(object.value)) {
      return *number;
    }
  }
  return malformed(std::string(key) + " is not a number");
}

Result<std::vector<unsigned>> PdfIndex::pages() const {
  const auto root = sole_reference(m_root);
  if (!root) {
    return malformed("/Root is not a reference");
  }
  const IndirectObject catalog = TRY(object(*root));
  const auto pages_value = dictionary_value(catalog.value, "/Pages");
  const auto tree =
    pages_value ? sole_reference(text_of(catalog.value, *pages_value)) : std::nullopt;
  if (!tree) {
    return malformed("the catalog has no /Pages");
  }
  // Cairo writes one flat list of pages; nested page trees are followed all the same, each node
  // once, so that a loop cannot hang the walk.
  std::vector<unsigned> pages;
  std::vector<bool> visited(m_offsets.size(), false);
  const auto walk = [&](const auto& self, unsigned node, int depth) -> Status {
    if (depth > 16) {
      return malformed("its page tree is too deep");
    }
    if (node >= visited.size() || visited[node]) {
      return malformed("its page tree names object " + std::to_string(node) + " twice");
    }
    visited[node] = true;
    const IndirectObject object = TRY(this->object(node));
    const auto type = dictionary_value(object.value, "/Type");
    const std::string_view kind = type ? text_of(object.value, *type) : std::string_view();
    if (kind == "/Page") {
      pages.push_back(node);
      return Ok{};
    }
    const auto kids = dictionary_value(object.value, "/Kids");
    if (kind != "/Pages" || !kids) {
      return malformed("object " + std::to_string(node) + " is neither a page nor pages");
    }
    for (const Reference& kid : references_in(text_of(object.value, *kids))) {
      TRY(self(self, kid.number, depth + 1));
    }
    return Ok{};
  };
  TRY(walk(walk, *tree, 0));
  return pages;
}

} // namespace mailroom::pdf
