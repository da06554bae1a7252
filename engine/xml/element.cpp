#include "element.hpp"

#include <engine/xml/node_line.hpp>

#include <libxml/tree.h>

namespace mailroom::xml {

namespace {

std::string_view view(const xmlChar* text) {
  if (text == nullptr) {
    return {};
  }
  return std::string_view(reinterpret_cast<const char*>(text));
}

std::string_view namespace_of(const xmlNode* node) {
  return node->ns == nullptr ? std::string_view() : view(node->ns->href);
}

bool is_named(const xmlNode* node, std::string_view namespace_uri, std::string_view local_name) {
  return node->type == XML_ELEMENT_NODE && view(node->name) == local_name &&
         namespace_of(node) == namespace_uri;
}

} // namespace

std::string_view Element::local_name() const {
  return view(m_node->name);
}

std::string_view Element::namespace_uri() const {
  return namespace_of(m_node);
}

long Element::line() const {
  return node_line(m_node, xmlGetLineNo(m_node));
}

std::optional<Element> Element::child(std::string_view local_name) const {
  const auto own_namespace = namespace_uri();
  for (const xmlNode* node = m_node->children; node != nullptr; node = node->next) {
    if (is_named(node, own_namespace, local_name)) {
      return Element(node);
    }
  }
  return std::nullopt;
}

std::vector<Element> Element::children(std::string_view local_name) const {
  const auto own_namespace = namespace_uri();
  std::vector<Element> found;
  for (const xmlNode* node = m_node->children; node != nullptr; node = node->next) {
    if (is_named(node, own_namespace, local_name)) {
      found.emplace_back(node);
    }
  }
  return found;
}

std::string Element::text() const {
  std::string text;
  for (const xmlNode* node = m_node->children; node != nullptr; node = node->next) {
    // Entity references are left out on purpose: the Reader refuses documents that declare any,
    // so none can carry text in.
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
      text += view(node->content);
    }
  }
  return text;
}

std::optional<std::string> Element::attribute(std::string_view name) const {
  for (const xmlAttr* attribute = m_node->properties; attribute != nullptr;
       attribute = attribute->next) {
    if (attribute->ns != nullptr || view(attribute->name) != name) {
      continue;
    }
    std::string value;
    for (const xmlNode* node = attribute->children; node != nullptr; node = node->next) {
      if (node->type == XML_TEXT_NODE) {
        value += view(node->content);
      }
    }
    return value;
  }
  return std::nullopt;
}

} // namespace mailroom::xml
