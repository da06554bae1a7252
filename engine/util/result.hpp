#pragma once

#include <string>
#include <utility>
#include <variant>

// Error-or-value results, in the spirit of tl::expected (std::expected is C++23).
// Lower layers return Result<T>; one place at the top turns errors into exit codes.

namespace mailroom {

// Where a problem was found: file, line and field, as far as they are known.
struct Location {
  std::string file;
  long line = 0;       // 1-based; 0 when the problem concerns the whole file.
  std::string field;   // Dotted path such as "lines[2].unit_price"; empty if none.
};

struct Error {
  std::string message;
  Location location;

  // "file:line: field: message", leaving out the parts that are unknown.
  std::string to_string() const;
};

Error make_error(std::string message, Location location = {});

// [[nodiscard]]: a Result dropped unread is an error nobody heard of; `static_cast<void>(...)` says
// on purpose.
template <typename T> class [[nodiscard]] Result {
public:
  Result(T value) : m_value(std::in_place_index<0>, std::move(value)) {}
  Result(Error error) : m_value(std::in_place_index<1>, std::move(error)) {}

  bool has_value() const { return m_value.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & { return std::get<0>(m_value); }
  const T& value() const& { return std::get<0>(m_value); }
  T&& value() && { return std::get<0>(std::move(m_value)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& { return std::get<1>(m_value); }
  Error&& error() && { return std::get<1>(std::move(m_value)); }

private:
  std::variant<T, Error> m_value;
};

struct Ok {};
using Status = Result<Ok>;

} // namespace mailroom

// Propagates the error of an expression returning Result<T>; otherwise yields its value.
#define TRY(expression)                                                                            \
  ({                                                                                               \
    auto try_result_ = (expression);                                                               \
    if (!try_result_) {                                                                            \
      return std::move(try_result_).error();                                                       \
    }                                                                                              \
    std::move(try_result_).value();                                                                \
  })
