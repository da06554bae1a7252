#pragma once

#include <engine/util/result.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace mailroom::bank {

// The problems of one CAMT file, each with the file, line and field, up to a maximum: once it is
// reached, one last problem says that reading stopped there, and the reader stops.
class Problems {
public:
  Problems(std::string file, std::size_t maximum);

  void add(long line, std::string field, std::string message);
  // A problem already located, such as an XML error.
  void add(Error error);

  bool empty() const { return m_errors.empty(); }
  // True once the maximum is reached: reading should stop.
  bool full() const { return m_errors.size() >= m_maximum; }
  const std::string& file() const { return m_file; }

  std::vector<Error> take() { return std::move(m_errors); }

private:
  std::string m_file;
  std::size_t m_maximum;
  std::vector<Error> m_errors;
};

} // namespace mailroom::bank
