#include "toml_fields.hpp"

#include <engine/util/files.hpp>

#include <algorithm>

namespace mailroom::job {

namespace {

std::string join_field(const std::string& prefix, std::string_view key) {
  return prefix.empty() ? std::string(key) : prefix + "." + std::string(key);
}

std::string_view type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a number";
    case toml::node_type::boolean:
      return "true/false";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    default:
      return "a date or time";
  }
}

} // namespace

std::optional<toml::table> TomlFields::parse() {
  auto contents = files::read_file(m_file);
  if (!contents) {
    m_problems.push_back(contents.error());
    return std::nullopt;
  }
  try {
    return toml::parse(*contents, m_file.string());
  } catch (const toml::parse_error& error) {
    m_problems.push_back(
      make_error("not valid TOML: " + std::string(error.description()),
                 Location{m_file.string(), static_cast<long>(error.source().begin.line), {}}));
    return std::nullopt;
  }
}

void TomlFields::problem(std::string message, const toml::source_region& where, std::string field) {
  m_problems.push_back(
    make_error(std::move(message),
               Location{m_file.string(), static_cast<long>(where.begin.line), std::move(field)}));
}

std::optional<std::string> TomlFields::string(const toml::table& table, std::string_view key,
                                              const std::string& field, Presence presence) {
  const auto full = join_field(field, key);
  const toml::node* node = table.get(key);
  if (node == nullptr) {
    if (presence == Presence::Required) {
      problem("missing; expected a string", table.source(), full);
    }
    return std::nullopt;
  }
  if (!node->is_string()) {
    problem("expected a string, got " + std::string(type_name(*node)), node->source(), full);
    return std::nullopt;
  }
  return std::string(node->as_string()->get());
}

std::optional<bool> TomlFields::boolean(const toml::table& table, std::string_view key,
                                        const std::string& field, Presence presence) {
  const auto full = join_field(field, key);
  const toml::node* node = table.get(key);
  if (node == nullptr) {
    if (presence == Presence::Required) {
      problem("missing; expected true or false", table.source(), full);
    }
    return std::nullopt;
  }
  if (!node->is_boolean()) {
    problem("expected true or false, got " + std::string(type_name(*node)), node->source(), full);
    return std::nullopt;
  }
  return node->as_boolean()->get();
}

std::optional<long long> TomlFields::integer(const toml::table& table, std::string_view key,
                                             const std::string& field, Presence presence) {
  const auto full = join_field(field, key);
  const toml::node* node = table.get(key);
  if (node == nullptr) {
    if (presence == Presence::Required) {
      problem("missing; expected a whole number", table.source(), full);
    }
    return std::nullopt;
  }
  if (!node->is_integer()) {
    problem("expected a whole number, got " + std::string(type_name(*node)), node->source(), full);
    return std::nullopt;
  }
  return node->as_integer()->get();
}

std::optional<std::vector<std::string>> TomlFields::strings(const toml::table& table,
                                                            std::string_view key,
                                                            const std::string& field,
                                                            Presence presence) {
  const auto full = join_field(field, key);
  const toml::node* node = table.get(key);
  if (node == nullptr) {
    if (presence == Presence::Required) {
      problem("missing; expected an array of strings", table.source(), full);
    }
    return std::nullopt;
  }
  if (node->is_string()) {
    return std::vector<std::string>{std::string(node->as_string()->get())};
  }
  if (!node->is_array()) {
    problem("expected an array of strings, got " + std::string(type_name(*node)), node->source(),
            full);
    return std::nullopt;
  }
  std::vector<std::string> values;
  const auto& array = *node->as_array();
  for (size_t index = 0; index < array.size(); ++index) {
    const auto& element = array[index];
    if (!element.is_string()) {
      problem("expected a string, got " + std::string(type_name(element)), element.source(),
              full + "[" + std::to_string(index) + "]");
      return std::nullopt;
    }
    values.emplace_back(element.as_string()->get());
  }
  return values;
}

void TomlFields::refuse_unknown_keys(const toml::table& table,
                                     std::initializer_list<std::string_view> known,
                                     const std::string& prefix) {
  for (const auto& [key, node] : table) {
    if (std::find(known.begin(), known.end(), key.str()) == known.end()) {
      std::string expected;
      for (const auto name : known) {
        expected += (expected.empty() ? "" : ", ") + std::string(name);
      }
      problem("unknown key; expected one of: " + expected, node.source(),
              join_field(prefix, key.str()));
    }
  }
}

} // namespace mailroom::job
