#include "text_difference.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace mailroom::check {

namespace {

// Longer snippets are cut: a report line should stay readable.
constexpr size_t k_maximum_snippet_bytes = 80;

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= text.size()) {
    const auto end = text.find('\n', start);
    const auto line =
      text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    lines.push_back(line);
    if (end == std::string_view::npos) {
      break;
    }
    start = end + 1;
  }
  // A final line end does not start another line.
  while (!lines.empty() && lines.back().empty()) {
    lines.pop_back();
  }
  return lines;
}

bool is_space(char character) {
  return character == ' ' || character == '\t' || character == '\r' || character == '\f';
}

std::vector<std::string_view> split_words(std::string_view line) {
  std::vector<std::string_view> words;
  size_t index = 0;
  while (index < line.size()) {
    while (index < line.size() && is_space(line[index])) {
      ++index;
    }
    const size_t start = index;
    while (index < line.size() && !is_space(line[index])) {
      ++index;
    }
    if (index > start) {
      words.push_back(line.substr(start, index - start));
    }
  }
  return words;
}

// A single character that is not a letter or digit, such as "€" or "-": it belongs with the
// amount after it.
bool is_symbol(std::string_view word) {
  if (word.empty()) {
    return false;
  }
  const auto first = static_cast<unsigned char>(word[0]);
  if (first < 0x80) {
    return word.size() == 1 && !std::isalnum(first);
  }
  // One UTF-8 sequence: a lead byte followed only by continuation bytes. Letters outside ASCII
  // (é, ß) come as whole words with others, so a lone one is rare enough to show as context.
  return std::all_of(word.begin() + 1, word.end(), [](char character) {
    return (static_cast<unsigned char>(character) & 0xc0) == 0x80;
  });
}

std::string cut(std::string text) {
  if (text.size() <= k_maximum_snippet_bytes) {
    return text;
  }
  size_t end = k_maximum_snippet_bytes;
  // Never cut inside a UTF-8 sequence.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xc0) == 0x80) {
    --end;
  }
  return text.substr(0, end) + "…";
}

std::string join(const std::vector<std::string_view>& words, size_t begin, size_t end) {
  std::string result;
  for (size_t index = begin; index < end; ++index) {
    if (!result.empty()) {
      result += ' ';
    }
    result += words[index];
  }
  return cut(std::move(result));
}

TextDifference narrow(std::string_view expected_line, std::string_view got_line) {
  const auto expected = split_words(expected_line);
  const auto got = split_words(got_line);
  size_t prefix = 0;
  while (prefix < expected.size() && prefix < got.size() && expected[prefix] == got[prefix]) {
    ++prefix;
  }
  size_t suffix = 0;
  while (suffix < expected.size() - prefix && suffix < got.size() - prefix &&
         expected[expected.size() - 1 - suffix] == got[got.size() - 1 - suffix]) {
    ++suffix;
  }
  size_t begin = prefix;
  size_t expected_end = expected.size() - suffix;
  size_t got_end = got.size() - suffix;
  if (begin == expected_end || begin == got_end) {
    // A word was added or removed: show a neighbour on each side so the reader can place it.
    begin = begin > 0 ? begin - 1 : begin;
    expected_end = std::min(expected.size(), expected_end + 1);
    got_end = std::min(got.size(), got_end + 1);
  } else if (begin > 0 && is_symbol(expected[begin - 1])) {
    --begin;
  }
  return TextDifference{join(expected, begin, expected_end), join(got, begin, got_end)};
}

} // namespace

std::optional<TextDifference> first_text_difference(std::string_view expected,
                                                    std::string_view got) {
  if (expected == got) {
    return std::nullopt;
  }
  const auto expected_lines = split_lines(expected);
  const auto got_lines = split_lines(got);
  const size_t common = std::min(expected_lines.size(), got_lines.size());
  for (size_t index = 0; index < common; ++index) {
    if (split_words(expected_lines[index]) != split_words(got_lines[index])) {
      return narrow(expected_lines[index], got_lines[index]);
    }
  }
  if (expected_lines.size() > common) {
    return TextDifference{cut(std::string(expected_lines[common])), {}};
  }
  if (got_lines.size() > common) {
    return TextDifference{{}, cut(std::string(got_lines[common]))};
  }
  // The texts differ only in spacing, which the layout comparison of pixels judges.
  return std::nullopt;
}

} // namespace mailroom::check
