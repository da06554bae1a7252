#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

// libxml2's own name for its node, declared here so that this header needs no libxml2 header.
struct _xmlNode; // NOLINT(bugprone-reserved-identifier)

namespace mailroom::xml {

// A view of one element of a subtree the Reader has read into memory (Reader::expand). It owns
// nothing: it is valid until the Reader moves on. Every lookup is namespace-aware: a child is
// found by its local name in the namespace of this element, whatever prefix the file gives it.
class Element {
public:
  explicit Element(const _xmlNode* node)
    : m_node(node) {}

  std::string_view local_name() const;
  // Empty for an element in no namespace.
  std::string_view namespace_uri() const;
  // The 1-based line of the start tag in the file.
  long line() const;

  // The first child element with this local name in this element's namespace.
  std::optional<Element> child(std::string_view local_name) const;
  // Every child element with this local name in this element's namespace, in document order.
  std::vector<Element> children(std::string_view local_name) const;

  // The text directly inside this element (text and CDATA sections, not that of child elements),
  // exactly as written after XML's own decoding of character references.
  std::string text() const;

  // The value of an attribute in no namespace (such as Ccy="EUR"), if the element has it.
  std::optional<std::string> attribute(std::string_view name) const;

private:
  const _xmlNode* m_node;
};

} // namespace mailroom::xml
