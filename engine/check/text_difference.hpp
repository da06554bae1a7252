#pragma once

#include <optional>
#include <string>
#include <string_view>

// Where two extracted page texts part: the first line that differs, narrowed to the words that
// differ in it, so a report reads `expected "€ 246,25", got "€ 246,26"` rather than two pages.

namespace mailroom::check {

struct TextDifference {
  std::string expected; // Empty when the sample has nothing there (the candidate added text).
  std::string got;      // Empty when the candidate has nothing there.
};

std::optional<TextDifference> first_text_difference(std::string_view expected,
                                                    std::string_view got);

} // namespace mailroom::check
