#pragma once

#include <engine/console/http.hpp>
#include <engine/ledger/ledger.hpp>
#include <engine/receivables/invoice_filter.hpp>
#include <engine/receivables/standing.hpp>
#include <engine/util/result.hpp>

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

// The invoice list's query: the filters of `mailroom invoices` (delivery status, payment status,
// creditor, reverse charge, dates), a search, an order and a page, read from a request's
// parameters, checked, and written back into the list's links.

namespace mailroom::console {

struct ListQuery {
  receivables::InvoiceFilter filter;
  // The parameters as given, to fill the form again and to build the links of other pages.
  std::map<std::string, std::vector<std::string>> given;
  std::string sort = "issued"; // issued, number, creditor, debtor, total, due
  ledger::SortDirection direction = ledger::SortDirection::Ascending;
  size_t page = 1;
  size_t per_page = 50;
};

// The query the request asks for, or what is wrong with it: the parameter, what it expected and
// what it got.
Result<ListQuery> read_list_query(const Request& request);

// "?status=sent&page=2": the query's parameters with those in `changed` replaced (an empty value
// drops one), escaped for a link.
std::string list_link(const ListQuery& query, const std::map<std::string, std::string>& changed);

// One invoice of the list and where it stands.
struct ListedInvoice {
  ledger::RegisterRow row;
  receivables::Standing standing;
};

struct InvoicePage {
  std::vector<ListedInvoice> invoices;
  size_t matching = 0;     // How many invoices match, counted up to...
  bool counted_all = true; // ...k_most_counted: false when there are more.
  bool has_next = false;
};

// Invoices counted beyond the page shown, at most: a page of a huge register costs its own rows
// and this many more, not the whole register.
inline constexpr size_t k_most_counted = 1000;

// The page of the register the query asks for.
Result<InvoicePage> read_invoice_page(ledger::Ledger& ledger, const ListQuery& query);

// Every invoice the query's filters match, in its order (for "all that match the filter").
Result<std::vector<ListedInvoice>> read_matching(ledger::Ledger& ledger, const ListQuery& query);

} // namespace mailroom::console
