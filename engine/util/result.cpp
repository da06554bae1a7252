#include "result.hpp"

namespace mailroom {

std::string Error::to_string() const {
  std::string text;
  if (!location.file.empty()) {
    text += location.file;
    if (location.line > 0) {
      text += ':' + std::to_string(location.line);
    }
    text += ": ";
  }
  if (!location.field.empty()) {
    text += location.field + ": ";
  }
  text += message;
  return text;
}

Error make_error(std::string message, Location location) {
  return Error{std::move(message), std::move(location)};
}

} // namespace mailroom
