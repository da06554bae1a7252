#include "text.hpp"

namespace mailroom::text {

std::string_view trim(std::string_view text) {
  const auto is_space = [](char character) {
    return character == ' ' || character == '\t' || character == '\r' || character == '\n';
  };
  while (!text.empty() && is_space(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && is_space(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t end = text.find(separator, start);
    if (end == std::string_view::npos) {
      parts.push_back(text.substr(start));
      return parts;
    }
    parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string joined;
  for (const auto& part : parts) {
    if (!joined.empty() || &part != &parts.front()) {
      joined += separator;
    }
    joined += part;
  }
  return joined;
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

std::string replace_all(std::string_view text, std::string_view from, std::string_view to) {
  std::string result;
  size_t start = 0;
  while (true) {
    const size_t found = text.find(from, start);
    if (found == std::string_view::npos) {
      result.append(text.substr(start));
      return result;
    }
    result.append(text.substr(start, found - start));
    result.append(to);
    start = found + from.size();
  }
}

bool is_valid_utf8(std::string_view text) {
  size_t index = 0;
  while (index < text.size()) {
    const auto lead = static_cast<unsigned char>(text[index]);
    size_t continuation_count = 0;
    unsigned int code_point = 0;
    if (lead < 0x80) {
      index += 1;
      continue;
    } else if ((lead & 0xE0) == 0xC0) {
      continuation_count = 1;
      code_point = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      continuation_count = 2;
      code_point = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      continuation_count = 3;
      code_point = lead & 0x07;
    } else {
      return false;
    }
    if (index + continuation_count >= text.size()) {
      return false;
    }
    for (size_t offset = 1; offset <= continuation_count; ++offset) {
      const auto next = static_cast<unsigned char>(text[index + offset]);
      if ((next & 0xC0) != 0x80) {
        return false;
      }
      code_point = (code_point << 6) | (next & 0x3F);
    }
    // Overlong encodings, surrogates and values past U+10FFFF are not UTF-8.
    static constexpr unsigned int minimum_for_length[] = {0, 0x80, 0x800, 0x10000};
    if (code_point < minimum_for_length[continuation_count] || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      return false;
    }
    index += continuation_count + 1;
  }
  return true;
}

bool has_control_character(std::string_view text) {
  for (const char character : text) {
    const auto byte = static_cast<unsigned char>(character);
    if (byte < 0x20 || byte == 0x7F) {
      return true;
    }
  }
  return false;
}

std::string group_thousands(long long number) {
  const bool negative = number < 0;
  // Negating through unsigned arithmetic is defined even for the smallest long long.
  const unsigned long long magnitude = negative ? 0ULL - static_cast<unsigned long long>(number)
                                                : static_cast<unsigned long long>(number);
  const std::string grouped = group_digits(std::to_string(magnitude), ',');
  return negative ? "-" + grouped : grouped;
}

std::string group_digits(std::string_view digits, char separator) {
  std::string grouped;
  for (size_t index = 0; index < digits.size(); ++index) {
    if (index > 0 && (digits.size() - index) % 3 == 0) {
      grouped += separator;
    }
    grouped += digits[index];
  }
  return grouped;
}

} // namespace mailroom::text
