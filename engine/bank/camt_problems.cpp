#include "camt_problems.hpp"

namespace mailroom::bank {

Problems::Problems(std::string file, std::size_t maximum)
  : m_file(std::move(file))
  , m_maximum(maximum) {}

void Problems::add(long line, std::string field, std::string message) {
  add(make_error(std::move(message), Location{m_file, line, std::move(field)}));
}

void Problems::add(Error error) {
  if (full()) {
    return;
  }
  m_errors.push_back(std::move(error));
  if (full()) {
    m_errors.push_back(make_error("stopped reading after " + std::to_string(m_maximum) +
                                    " problems; there may be more",
                                  Location{m_file, 0, {}}));
  }
}

} // namespace mailroom::bank
