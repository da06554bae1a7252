#include "pages.hpp"

namespace mailroom::console {

std::string invoice_key(const std::string& creditor, const std::string& number) {
  return number + "/" + creditor;
}

std::optional<InvoiceKey> parse_invoice_key(std::string_view key) {
  const auto slash = key.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == key.size()) {
    return std::nullopt;
  }
  return InvoiceKey{std::string(key.substr(slash + 1)), std::string(key.substr(0, slash))};
}

} // namespace mailroom::console
