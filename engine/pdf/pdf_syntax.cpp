#include "pdf_syntax.hpp"

#include <charconv>
#include <limits>

namespace mailroom::pdf {

namespace {

bool is_whitespace(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

bool is_delimiter(char c) {
  switch (c) {
    case '(':
    case ')':
    case '<':
    case '>':
    case '[':
    case ']':
    case '{':
    case '}':
    case '/':
    case '%':
      return true;
    default:
      return false;
  }
}

bool is_regular(char c) {
  return !is_whitespace(c) && !is_delimiter(c);
}

bool looks_numeric(std::string_view text) {
  bool digit = false;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (c != '+' && c != '-' && c != '.') {
      return false;
    }
  }
  return digit;
}

} // namespace

Token Lexer::next() {
  const size_t size = m_text.size();
  while (m_position < size) {
    const char c = m_text[m_position];
    if (is_whitespace(c)) {
      ++m_position;
    } else if (c == '%') {
      while (m_position < size && m_text[m_position] != '\n' && m_text[m_position] != '\r') {
        ++m_position;
      }
    } else {
      break;
    }
  }
  Token token;
  token.begin = m_position;
  const auto finish = [&](TokenKind kind, size_t end) {
    m_position = end;
    token.kind = kind;
    token.end = end;
    return token;
  };
  const auto give_up = [&] {
    m_position = size;
    token.begin = size;
    token.end = size;
    return token;
  };
  if (m_position >= size) {
    return give_up();
  }
  const char c = m_text[m_position];
  const bool doubled = m_position + 1 < size && m_text[m_position + 1] == c;
  switch (c) {
    case '<': {
      if (doubled) {
        return finish(TokenKind::DictionaryOpen, m_position + 2);
      }
      const size_t close = m_text.find('>', m_position);
      return close == std::string_view::npos ? give_up() : finish(TokenKind::String, close + 1);
    }
    case '>':
      return doubled ? finish(TokenKind::DictionaryClose, m_position + 2) : give_up();
    case '[':
      return finish(TokenKind::ArrayOpen, m_position + 1);
    case ']':
      return finish(TokenKind::ArrayClose, m_position + 1);
    case '{':
    case '}':
      return finish(TokenKind::Keyword, m_position + 1);
    case ')':
      return give_up();
    case '(': {
      int depth = 0;
      for (size_t at = m_position; at < size; ++at) {
        const char in = m_text[at];
        if (in == '\\') {
          ++at;
        } else if (in == '(') {
          ++depth;
        } else if (in == ')' && --depth == 0) {
          return finish(TokenKind::String, at + 1);
        }
      }
      return give_up();
    }
    case '/': {
      size_t end = m_position + 1;
      while (end < size && is_regular(m_text[end])) {
        ++end;
      }
      return finish(TokenKind::Name, end);
    }
    default: {
      size_t end = m_position;
      while (end < size && is_regular(m_text[end])) {
        ++end;
      }
      const bool numeric = looks_numeric(m_text.substr(m_position, end - m_position));
      return finish(numeric ? TokenKind::Number : TokenKind::Keyword, end);
    }
  }
}

std::optional<size_t> whole_number(std::string_view text) {
  while (!text.empty() && is_whitespace(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && is_whitespace(text.back())) {
    text.remove_suffix(1);
  }
  size_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
    return std::nullopt;
  }
  return value;
}

std::vector<Reference> references_in(std::string_view text) {
  std::vector<Reference> found;
  Lexer lexer(text);
  Token before_last;
  Token last;
  for (Token token = lexer.next(); token.kind != TokenKind::End; token = lexer.next()) {
    if (token.kind == TokenKind::Keyword && text_of(text, token) == "R" &&
        before_last.kind == TokenKind::Number && last.kind == TokenKind::Number) {
      const auto number = whole_number(text_of(text, before_last));
      if (number && *number <= std::numeric_limits<unsigned>::max() &&
          whole_number(text_of(text, last))) {
        found.push_back(Reference{static_cast<unsigned>(*number), before_last.begin, token.end});
      }
    }
    before_last = last;
    last = token;
  }
  return found;
}

std::optional<unsigned> sole_reference(std::string_view value) {
  const auto references = references_in(value);
  if (references.size() != 1 || references[0].begin != 0 || references[0].end != value.size()) {
    return std::nullopt;
  }
  return references[0].number;
}

std::optional<size_t> end_of_object(std::string_view text, size_t begin) {
  Lexer lexer(text, begin);
  const Token first = lexer.next();
  switch (first.kind) {
    case TokenKind::DictionaryOpen:
    case TokenKind::ArrayOpen: {
      int depth = 1;
      while (depth > 0) {
        const Token token = lexer.next();
        switch (token.kind) {
          case TokenKind::DictionaryOpen:
          case TokenKind::ArrayOpen:
            ++depth;
            break;
          case TokenKind::DictionaryClose:
          case TokenKind::ArrayClose:
            --depth;
            break;
          case TokenKind::End:
            return std::nullopt;
          default:
            break;
        }
        if (depth == 0) {
          return token.end;
        }
      }
      return std::nullopt;
    }
    case TokenKind::Number: {
      Lexer ahead = lexer;
      const Token generation = ahead.next();
      const Token keyword = ahead.next();
      if (generation.kind == TokenKind::Number && keyword.kind == TokenKind::Keyword &&
          text_of(text, keyword) == "R") {
        return keyword.end;
      }
      return first.end;
    }
    case TokenKind::DictionaryClose:
    case TokenKind::ArrayClose:
    case TokenKind::End:
      return std::nullopt;
    default:
      return first.end;
  }
}

namespace {

// Calls `visit(key, value)` for each entry of the dictionary `text` starts with, until it
// returns true; false if none did or the text is no dictionary.
template<typename Visit>
bool for_each_entry(std::string_view text, const Visit& visit) {
  Lexer lexer(text);
  if (lexer.next().kind != TokenKind::DictionaryOpen) {
    return false;
  }
  while (true) {
    const Token name = lexer.next();
    if (name.kind != TokenKind::Name) {
      return false; // The end of the dictionary, or not a dictionary after all.
    }
    Lexer ahead = lexer;
    const Token value = ahead.next();
    const auto end = end_of_object(text, value.begin);
    if (!end) {
      return false;
    }
    if (visit(text_of(text, name), Span{value.begin, *end})) {
      return true;
    }
    lexer = Lexer(text, *end);
  }
}

} // namespace

std::optional<Span> dictionary_value(std::string_view text, std::string_view key) {
  std::optional<Span> found;
  for_each_entry(text, [&](std::string_view name, Span value) {
    if (name == key) {
      found = value;
    }
    return found.has_value();
  });
  return found;
}

std::vector<std::string_view> dictionary_keys(std::string_view text) {
  std::vector<std::string_view> keys;
  for_each_entry(text, [&](std::string_view name, Span) {
    keys.push_back(name);
    return false;
  });
  return keys;
}

} // namespace mailroom::pdf
