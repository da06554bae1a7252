#include "search_text.hpp"

#include <glib.h>

#include <cctype>
#include <memory>

namespace mailroom::receivables {

namespace {

struct GlibFree {
  void operator()(gchar* text) const { g_free(text); }
};
using GlibText = std::unique_ptr<gchar, GlibFree>;

std::string ascii_folded(std::string_view text) {
  std::string folded(text);
  for (auto& character : folded) {
    character = static_cast<char>(std::tolower(static_cast<unsigned char>(character)));
  }
  return folded;
}

} // namespace

std::string fold_for_search(std::string_view text) {
  const auto length = static_cast<gssize>(text.size());
  if (g_utf8_validate(text.data(), length, nullptr) == FALSE) {
    return ascii_folded(text);
  }
  // Case folding first (it may compose), then the canonical decomposition that splits "É" into
  // "E" and a combining acute accent, which is then left out.
  const GlibText case_folded(g_utf8_casefold(text.data(), length));
  const GlibText decomposed(g_utf8_normalize(case_folded.get(), -1, G_NORMALIZE_NFD));
  if (!decomposed) {
    return ascii_folded(text);
  }
  std::string folded;
  for (const gchar* at = decomposed.get(); *at != '\0'; at = g_utf8_next_char(at)) {
    const gunichar character = g_utf8_get_char(at);
    if (g_unichar_ismark(character) == FALSE) {
      folded.append(at, static_cast<std::size_t>(g_utf8_next_char(at) - at));
    }
  }
  return folded;
}

bool contains_folded(std::string_view haystack, std::string_view folded_needle) {
  return fold_for_search(haystack).find(folded_needle) != std::string::npos;
}

} // namespace mailroom::receivables
