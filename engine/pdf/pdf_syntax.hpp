#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

// The tokens of PDF's object syntax (ISO 32000-1, 7.2 and 7.3), enough to find the keys,
// values and indirect references in the dictionaries cairo writes. Stream data is never lexed:
// the caller cuts it out by its length first.

namespace mailroom::pdf {

enum class TokenKind {
  Number,
  Name,
  String, // (literal) or <hex>.
  DictionaryOpen,
  DictionaryClose,
  ArrayOpen,
  ArrayClose,
  Keyword, // true, false, null, R, obj, stream, …
  End,
};

struct Token {
  TokenKind kind = TokenKind::End;
  size_t begin = 0; // Offsets into the lexed text.
  size_t end = 0;
};

class Lexer {
public:
  explicit Lexer(std::string_view text, size_t position = 0)
    : m_text(text)
    , m_position(position) {}

  // The next token; whitespace and comments are skipped. An unterminated string or a stray
  // delimiter ends the text (TokenKind::End).
  Token next();
  size_t position() const { return m_position; }

private:
  std::string_view m_text;
  size_t m_position;
};

// An indirect reference "12 0 R" within a text.
struct Reference {
  unsigned number = 0;
  size_t begin = 0; // Where "12" starts.
  size_t end = 0;   // Just after "R".
};

// Every indirect reference in `text`, in order. A number too large for an object number is
// not a reference.
std::vector<Reference> references_in(std::string_view text);

// The object a value refers to, when the value is exactly one reference.
std::optional<unsigned> sole_reference(std::string_view value);

// Where the value of `key` (a name such as "/Resources") lies in the dictionary that `text`
// starts with: a whole reference, dictionary, array or single token. Keys of nested dictionaries
// are not matched.
struct Span {
  size_t begin = 0;
  size_t end = 0;
};
std::optional<Span> dictionary_value(std::string_view text, std::string_view key);

// The keys of the dictionary that `text` starts with, in order (empty if it is none).
std::vector<std::string_view> dictionary_keys(std::string_view text);

// The part of `text` a token or a span covers.
inline std::string_view text_of(std::string_view text, const Token& token) {
  return text.substr(token.begin, token.end - token.begin);
}
inline std::string_view text_of(std::string_view text, const Span& span) {
  return text.substr(span.begin, span.end - span.begin);
}

// Where the object that starts at `begin` ends: a dictionary or array with all it holds, a
// reference, or one token. Nothing for an unbalanced or missing object.
std::optional<size_t> end_of_object(std::string_view text, size_t begin);

// The number a text holds, if it is a whole non-negative integer (whitespace around allowed).
std::optional<size_t> whole_number(std::string_view text);

} // namespace mailroom::pdf
