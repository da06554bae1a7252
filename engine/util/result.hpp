#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

// Error-or-value results, in the spirit of tl::expected (std::expected is C++23).
// Lower layers return Result<T>; one place at the top turns errors into exit codes.

namespace mailroom {

// Where a problem was found: file, line and field, as far as they are known.
struct Location {
  std::string file;
  long line = 0;     // 1-based; 0 when the problem concerns the whole file.
  std::string field; // Dotted path such as "lines[2].unit_price"; empty if none.
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
template<typename T>
class [[nodiscard]] Result {
public:
  Result(T value)
    : m_value(std::in_place_index<0>, std::move(value)) {}
  Result(Error error)
    : m_value(std::in_place_index<1>, std::move(error)) {}

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

// What a reader of a file a person writes found in it: the value, or every problem it has, not
// only the first, so that one `mailroom validate` lists all of them.
template<typename T>
class [[nodiscard]] Checked {
public:
  Checked(T value)
    : m_value(std::move(value)) {}
  // At least one problem; none is taken as a reader's mistake and said so.
  Checked(std::vector<Error> problems)
    : m_problems(std::move(problems)) {
    if (m_problems.empty()) {
      m_problems.push_back(Error{"nothing was read, and no problem was found", {}});
    }
  }

  bool has_value() const { return m_value.has_value(); }
  explicit operator bool() const { return has_value(); }

  T& operator*() & { return *m_value; }
  const T& operator*() const& { return *m_value; }
  T* operator->() { return &*m_value; }
  const T* operator->() const { return &*m_value; }

  // Empty when there is a value.
  const std::vector<Error>& problems() const { return m_problems; }
  // The first problem.
  const Error& error() const { return m_problems.front(); }

private:
  std::optional<T> m_value;
  std::vector<Error> m_problems;
};

} // namespace mailroom

// Propagates the error of an expression returning Result<T>; otherwise yields its value.
#define TRY(expression) MAILROOM_TRY_NAMED(expression, MAILROOM_JOIN(try_result_, __COUNTER__))
// Each TRY has a variable of its own, so that one inside another's expression shadows nothing.
#define MAILROOM_JOIN(first, second) MAILROOM_JOIN_EXPANDED(first, second)
#define MAILROOM_JOIN_EXPANDED(first, second) first##second
// `result` names a variable, it is no expression: it takes no parentheses.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define MAILROOM_TRY_NAMED(expression, result)                                                     \
  ({                                                                                               \
    auto result = (expression);                                                                    \
    if (!result) {                                                                                 \
      return std::move(result).error();                                                            \
    }                                                                                              \
    std::move(result).value();                                                                     \
  })
// NOLINTEND(bugprone-macro-parentheses)
