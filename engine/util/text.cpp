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

size_t first_invalid_utf8(std::string_view text) {
  size_t index = 0;
  while (index < text.size()) {
    const auto lead = static_cast<unsigned char>(text[index]);
    size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead < 0x80) {
      ++index;
      continue;
    }
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      low = lead == 0xE0 ? 0xA0 : 0x80;
      high = lead == 0xED ? 0x9F : 0xBF;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      low = lead == 0xF0 ? 0x90 : 0x80;
      high = lead == 0xF4 ? 0x8F : 0xBF;
    } else {
      return index;
    }
    if (index + length > text.size()) {
      return index;
    }
    for (size_t next = 1; next < length; ++next) {
      const auto byte = static_cast<unsigned char>(text[index + next]);
      const unsigned char minimum = next == 1 ? low : 0x80;
      const unsigned char maximum = next == 1 ? high : 0xBF;
      if (byte < minimum || byte > maximum) {
        return index;
      }
    }
    index += length;
  }
  return std::string_view::npos;
}

bool is_valid_utf8(std::string_view text) {
  return first_invalid_utf8(text) == std::string_view::npos;
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
