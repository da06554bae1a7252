#include "mail_text.hpp"

#include <engine/util/text.hpp>

namespace mailroom::mail {

namespace {

bool is_control(unsigned char character) {
  return character < 0x20 || character == 0x7F;
}

} // namespace

std::string collapse_to_single_line(std::string_view text) {
  std::string line;
  line.reserve(text.size());
  bool in_control_run = false;
  for (const char character : text) {
    if (is_control(static_cast<unsigned char>(character))) {
      if (!in_control_run) {
        line += ' ';
      }
      in_control_run = true;
      continue;
    }
    in_control_run = false;
    line += character;
  }
  return std::string(text::trim(line));
}

std::string with_crlf_line_ends(std::string_view text) {
  std::string result;
  result.reserve(text.size() + text.size() / 32 + 2);
  for (size_t index = 0; index < text.size(); ++index) {
    const char character = text[index];
    if (character == '\r') {
      result += "\r\n";
      if (index + 1 < text.size() && text[index + 1] == '\n') {
        ++index;
      }
    } else if (character == '\n') {
      result += "\r\n";
    } else {
      result += character;
    }
  }
  return result;
}

bool is_ascii(std::string_view text) {
  for (const char character : text) {
    if (static_cast<unsigned char>(character) >= 0x80) {
      return false;
    }
  }
  return true;
}

} // namespace mailroom::mail
