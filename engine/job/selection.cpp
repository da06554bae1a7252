#include "selection.hpp"

#include <engine/job/invoice_reader.hpp>

namespace mailroom::job {

std::string SelectionKey::description() const {
  return "invoice " + number + (creditor.empty() ? "" : " of " + creditor);
}

void Selection::add(SelectionKey key) {
  m_keys.insert(std::move(key));
}

bool Selection::contains(std::string_view creditor, std::string_view number) const {
  return !keys_of(creditor, number).empty();
}

std::set<SelectionKey> Selection::keys_of(std::string_view creditor,
                                          std::string_view number) const {
  std::set<SelectionKey> found;
  if (number.empty()) {
    return found;
  }
  for (SelectionKey key : {SelectionKey{std::string(creditor), std::string(number)},
                           SelectionKey{{}, std::string(number)}}) {
    if (m_keys.contains(key)) {
      found.insert(std::move(key));
    }
  }
  return found;
}

Result<SelectionKey> parse_selection_key(std::string_view text) {
  SelectionKey key;
  const size_t separator = text.find(Selection::k_separator);
  if (separator == std::string_view::npos) {
    key.number = std::string(text);
  } else {
    key.creditor = std::string(text.substr(0, separator));
    key.number = std::string(text.substr(separator + 1));
    if (key.creditor.empty()) {
      return make_error("\"" + std::string(text) +
                        "\": the creditor before '/' is missing; give CREDITOR/NUMBER or NUMBER");
    }
    if (auto problem = plain_name_problem(key.creditor); !problem.empty()) {
      return make_error("\"" + std::string(text) + "\": creditor \"" + key.creditor +
                        "\": " + problem);
    }
  }
  if (key.number.empty()) {
    return make_error("\"" + std::string(text) +
                      "\": the invoice number is missing; give CREDITOR/NUMBER or NUMBER");
  }
  if (auto problem = plain_name_problem(key.number); !problem.empty()) {
    return make_error("\"" + std::string(text) + "\": invoice number \"" + key.number +
                      "\": " + problem);
  }
  return key;
}

} // namespace mailroom::job
