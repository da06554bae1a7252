#include "http.hpp"

#include <engine/util/text.hpp>

namespace mailroom::console {

std::string Request::parameter(std::string_view name) const {
  const auto found = parameters.find(std::string(name));
  return found == parameters.end() ? std::string() : found->second;
}

std::vector<std::string> Request::parameters_named(std::string_view name) const {
  std::vector<std::string> values;
  const auto [first, last] = parameters.equal_range(std::string(name));
  for (auto each = first; each != last; ++each) {
    values.push_back(each->second);
  }
  return values;
}

bool Request::has(std::string_view name) const {
  return parameters.count(std::string(name)) > 0;
}

std::string Response::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) {
      return value;
    }
  }
  return {};
}

std::map<std::string, std::string> parse_cookies(std::string_view header) {
  std::map<std::string, std::string> cookies;
  while (!header.empty()) {
    const auto end = header.find(';');
    auto pair = header.substr(0, end);
    header = end == std::string_view::npos ? std::string_view() : header.substr(end + 1);
    const auto equals = pair.find('=');
    if (equals == std::string_view::npos) {
      continue;
    }
    const auto name = text::trim(pair.substr(0, equals));
    const auto value = text::trim(pair.substr(equals + 1));
    if (!name.empty()) {
      cookies.emplace(std::string(name), std::string(value));
    }
  }
  return cookies;
}

} // namespace mailroom::console
