#include "node_line.hpp"

#include <libxml/tree.h>

#include <algorithm>
#include <cstddef>
#include <string_view>

namespace mailroom::xml {

namespace {

constexpr long k_largest_short_line = 65535;

// The line a text node of a big document starts on: libxml2 records the line its text ends on.
long text_start_line(const xmlNode* text) {
  const auto end_line = static_cast<long>(reinterpret_cast<std::ptrdiff_t>(text->psvi));
  const std::string_view content =
    text->content == nullptr ? std::string_view() : reinterpret_cast<const char*>(text->content);
  return end_line - static_cast<long>(std::count(content.begin(), content.end(), '\n'));
}

bool has_big_line(const xmlNode* node) {
  return node != nullptr && node->type == XML_TEXT_NODE && node->psvi != nullptr;
}

} // namespace

long node_line(const _xmlNode* node, long line_if_unknown) {
  if (node->line < k_largest_short_line) {
    return node->line;
  }
  // Down the first children to the first text, which follows the start tag on its line.
  const xmlNode* inner = node;
  while (inner->type == XML_ELEMENT_NODE && inner->children != nullptr &&
         inner->line >= k_largest_short_line) {
    inner = inner->children;
  }
  if (has_big_line(inner)) {
    return text_start_line(inner);
  }
  // An empty element: the text after it starts on the line its tag ends.
  if (has_big_line(node->next)) {
    return text_start_line(node->next);
  }
  return line_if_unknown;
}

} // namespace mailroom::xml
