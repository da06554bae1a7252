#include "list_query.hpp"

#include "page.hpp"

#include <engine/ledger/state.hpp>
#include <engine/receivables/search_text.hpp>
#include <engine/util/time.hpp>

#include <charconv>

namespace mailroom::console {

namespace {

constexpr size_t k_largest_page = 500;

struct SortChoice {
  const char* name;
  ledger::RegisterOrder order;
};

constexpr SortChoice k_sorts[] = {
  {"issued", ledger::RegisterOrder::IssueDate},  {"number", ledger::RegisterOrder::Number},
  {"creditor", ledger::RegisterOrder::Creditor}, {"debtor", ledger::RegisterOrder::Debtor},
  {"total", ledger::RegisterOrder::Total},       {"due", ledger::RegisterOrder::DueDate},
};

Error parameter_error(std::string_view name, std::string_view expected, std::string_view got) {
  return make_error("the parameter \"" + std::string(name) + "\" expects " + std::string(expected) +
                    ", not \"" + std::string(got) + "\"");
}

// A date parameter: empty when not given.
Result<std::string> date_parameter(const Request& request, std::string_view name) {
  const auto given = request.parameter(name);
  if (given.empty()) {
    return std::string();
  }
  auto date = time::parse_date(given);
  if (!date) {
    return parameter_error(name, "a date YYYY-MM-DD", given);
  }
  return date->to_iso();
}

Result<size_t> whole_number(const Request& request, std::string_view name, size_t fallback,
                            size_t lowest, size_t highest) {
  const auto given = request.parameter(name);
  if (given.empty()) {
    return fallback;
  }
  size_t value = 0;
  const auto* end = given.data() + given.size();
  const auto [stopped, error] = std::from_chars(given.data(), end, value);
  if (error != std::errc() || stopped != end || value < lowest || value > highest) {
    return parameter_error(
      name, "a whole number from " + std::to_string(lowest) + " to " + std::to_string(highest),
      given);
  }
  return value;
}

Status read_filters(const Request& request, receivables::InvoiceFilter& filter) {
  filter.query.creditor = request.parameter("creditor");
  filter.query.issued_from = TRY(date_parameter(request, "issued_from"));
  filter.query.issued_to = TRY(date_parameter(request, "issued_to"));
  filter.sent_from = TRY(date_parameter(request, "sent_from"));
  filter.sent_to = TRY(date_parameter(request, "sent_to"));
  filter.paid_from = TRY(date_parameter(request, "paid_from"));
  filter.paid_to = TRY(date_parameter(request, "paid_to"));
  const auto as_of = TRY(date_parameter(request, "as_of"));
  filter.as_of = as_of.empty() ? time::today() : TRY(time::parse_date(as_of));
  filter.search = receivables::fold_for_search(request.parameter("q"));
  const auto reverse_charge = request.parameter("reverse_charge");
  if (!reverse_charge.empty() && reverse_charge != "1") {
    return parameter_error("reverse_charge", "1 or nothing", reverse_charge);
  }
  if (reverse_charge == "1") {
    filter.reverse_charge = receivables::ReverseChargeFilter::Only;
  }
  for (const auto& name : request.parameters_named("status")) {
    if (name.empty()) {
      continue; // "Any", as the form's first choice sends it.
    }
    if (name != "not_sent" && !ledger::parse_state(name)) {
      return parameter_error("status",
                             "not_sent, sent, failed, unknown, invalid_address or sending", name);
    }
    filter.deliveries.push_back(name);
  }
  for (const auto& name : request.parameters_named("payment")) {
    if (name.empty()) {
      continue;
    }
    const auto wanted = receivables::parse_payment_filter(name);
    if (!wanted) {
      return parameter_error("payment",
                             "unpaid, partially_paid, paid, overpaid, overdue, credited, "
                             "not_applicable or unknown",
                             name);
    }
    filter.payments.push_back(*wanted);
  }
  receivables::judge_in_the_register(filter);
  return Ok{};
}

} // namespace

Result<ListQuery> read_list_query(const Request& request) {
  ListQuery query;
  TRY(read_filters(request, query.filter));
  const auto sort = request.parameter("sort");
  if (!sort.empty()) {
    bool known = false;
    for (const auto& choice : k_sorts) {
      if (sort == choice.name) {
        query.sort = choice.name;
        query.filter.query.order = choice.order;
        known = true;
      }
    }
    if (!known) {
      return parameter_error("sort", "issued, number, creditor, debtor, total or due", sort);
    }
  }
  const auto direction = request.parameter("order");
  if (direction == "desc") {
    query.direction = ledger::SortDirection::Descending;
  } else if (!direction.empty() && direction != "asc") {
    return parameter_error("order", "asc or desc", direction);
  }
  query.filter.query.direction = query.direction;
  query.page = TRY(whole_number(request, "page", 1, 1, 1000000000));
  query.per_page = TRY(whole_number(request, "per_page", 50, 1, k_largest_page));
  for (const auto* name :
       {"q", "status", "payment", "creditor", "issued_from", "issued_to", "sent_from", "sent_to",
        "paid_from", "paid_to", "as_of", "reverse_charge", "sort", "order", "per_page"}) {
    for (auto& value : request.parameters_named(name)) {
      if (!value.empty()) {
        query.given[name].push_back(std::move(value));
      }
    }
  }
  return query;
}

std::string list_link(const ListQuery& query, const std::map<std::string, std::string>& changed) {
  auto parameters = query.given;
  for (const auto& [name, value] : changed) {
    parameters.erase(name);
    if (!value.empty()) {
      parameters[name] = {value};
    }
  }
  std::string link;
  for (const auto& [name, values] : parameters) {
    for (const auto& value : values) {
      link += (link.empty() ? "?" : "&") + name + "=" + query_escape(value);
    }
  }
  return link.empty() ? "?" : link;
}

Result<InvoicePage> read_invoice_page(ledger::Ledger& ledger, const ListQuery& query) {
  InvoicePage page;
  const size_t first = (query.page - 1) * query.per_page;
  TRY(receivables::each_matching_row(
    ledger, query.filter,
    [&](const ledger::RegisterRow& row,
        const receivables::Standing& standing) -> Result<ledger::Reading> {
      const size_t index = page.matching++;
      if (index >= first && index < first + query.per_page) {
        page.invoices.push_back({row, standing});
      } else if (index == first + query.per_page) {
        page.has_next = true;
      }
      if (page.matching >= std::max(k_most_counted, first + query.per_page + 1)) {
        page.counted_all = false;
        return ledger::Reading::Stop;
      }
      return ledger::Reading::GoOn;
    }));
  return page;
}

Result<std::vector<ListedInvoice>> read_matching(ledger::Ledger& ledger, const ListQuery& query) {
  std::vector<ListedInvoice> matching;
  TRY(receivables::each_matching_row(
    ledger, query.filter,
    [&](const ledger::RegisterRow& row,
        const receivables::Standing& standing) -> Result<ledger::Reading> {
      matching.push_back({row, standing});
      return ledger::Reading::GoOn;
    }));
  return matching;
}

} // namespace mailroom::console
