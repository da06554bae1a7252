#include "list_query.hpp"
#include "pages.hpp"
#include "shown.hpp"

// GET /: the invoice list. Its filters, search, order and page are the query string's (a link to
// a filtered list can be bookmarked and shared); only one page of the register is read, so a
// register of a million invoices opens as fast as one of forty.

namespace mailroom::console {

namespace {

using kainjow::mustache::data;

// The filter form's choices, the one in force marked.
data choices(const std::vector<std::string>& values, const std::string& chosen,
             const std::function<std::string(const std::string&)>& label) {
  data list{data::type::list};
  for (const auto& value : values) {
    data choice;
    choice.set("value", value);
    choice.set("label", label(value));
    choice.set("selected", value == chosen);
    list.push_back(choice);
  }
  return list;
}

std::string first_given(const ListQuery& query, const std::string& name) {
  const auto found = query.given.find(name);
  return found == query.given.end() || found->second.empty() ? std::string()
                                                             : found->second.front();
}

data filter_form(const PageInput& input, const ListQuery& query) {
  const auto language = input.viewer.language;
  data form;
  form.set("q", first_given(query, "q"));
  form.set("issued_from", first_given(query, "issued_from"));
  form.set("issued_to", first_given(query, "issued_to"));
  for (const auto* name : {"sent_from", "sent_to", "paid_from", "paid_to"}) {
    form.set(name, first_given(query, name));
  }
  form.set("reverse_charge", first_given(query, "reverse_charge") == "1");
  form.set("sort", query.sort);
  form.set("order", query.direction == ledger::SortDirection::Descending ? "desc" : "asc");
  form.set("statuses",
           choices({"not_sent", "sent", "failed", "unknown", "invalid_address", "sending"},
                   first_given(query, "status"),
                   [&](const std::string& name) { return delivery_label(language, name); }));
  form.set("payments",
           choices({"unpaid", "partially_paid", "paid", "overpaid", "overdue", "credited"},
                   first_given(query, "payment"),
                   [&](const std::string& name) { return text(language, "payment_" + name); }));
  std::vector<std::string> creditors;
  for (const auto& [id, creditor] : input.context.creditors.by_id) {
    creditors.push_back(id);
  }
  const auto& by_id = input.context.creditors.by_id;
  form.set("creditors", choices(creditors, first_given(query, "creditor"),
                                [&](const std::string& id) { return by_id.at(id).name; }));
  return form;
}

// The column headings; a sortable one links to the list in its order, the other way round when
// it is the order already.
data headings(const PageInput& input, const ListQuery& query) {
  const auto language = input.viewer.language;
  struct Heading {
    const char* text_key;
    const char* sort; // Empty: not sortable.
    const char* kind;
  };
  static constexpr Heading k_headings[] = {
    {"number", "number", ""},      {"creditor", "creditor", ""}, {"issued", "issued", ""},
    {"debtor", "debtor", ""},      {"recipients", "", ""},       {"total", "total", "amount"},
    {"delivery", "", ""},          {"sent_at", "", ""},          {"payment", "", ""},
    {"outstanding", "", "amount"}, {"reminders", "", "amount"},
  };
  data list{data::type::list};
  for (const auto& heading : k_headings) {
    data column;
    column.set("label", text(language, heading.text_key));
    column.set("amount", std::string_view(heading.kind) == "amount");
    if (*heading.sort != '\0') {
      const bool current = query.sort == heading.sort;
      const bool ascending = query.direction == ledger::SortDirection::Ascending;
      column.set("sortable", true);
      column.set("link", list_link(query, {{"sort", heading.sort},
                                           {"order", current && ascending ? "desc" : "asc"},
                                           {"page", ""}}));
      column.set("aria_sort", !current ? "none" : ascending ? "ascending" : "descending");
      column.set("arrow", !current ? "" : ascending ? "▲" : "▼");
    }
    list.push_back(column);
  }
  return list;
}

data invoice_rows(const PageInput& input, const InvoicePage& page) {
  const auto language = input.viewer.language;
  data rows{data::type::list};
  for (const auto& listed : page.invoices) {
    rows.push_back(shown_invoice(language, listed.row, listed.standing));
  }
  return rows;
}

data paging(const PageInput& input, const ListQuery& query, const InvoicePage& page) {
  const auto language = input.viewer.language;
  data values;
  const size_t first = (query.page - 1) * query.per_page + 1;
  values.set("page", std::to_string(query.page));
  if (query.page > 1) {
    values.set("previous", list_link(query, {{"page", std::to_string(query.page - 1)}}));
  }
  if (page.has_next) {
    values.set("next", list_link(query, {{"page", std::to_string(query.page + 1)}}));
  }
  std::string summary;
  if (!page.invoices.empty()) {
    summary = text(language, "showing") + " " + std::to_string(first) + "–" +
              std::to_string(first + page.invoices.size() - 1) + "; ";
  }
  summary += (page.counted_all ? "" : text(language, "more_than") + " ") +
             std::to_string(page.matching) + " " + text(language, "matching");
  values.set("summary", summary);
  return values;
}

// The filters in force, as hidden fields of the selection form: "all that match the filter" sends
// what this list shows, on every page.
data given_parameters(const ListQuery& query) {
  data list{data::type::list};
  for (const auto& [name, values] : query.given) {
    if (name == "sort" || name == "order" || name == "per_page") {
      continue;
    }
    for (const auto& value : values) {
      data field;
      field.set("name", name);
      field.set("value", value);
      list.push_back(field);
    }
  }
  return list;
}

// A send running or finished, above the list, so that whoever opens the console sees it.
std::optional<data> send_banner(const PageInput& input) {
  const auto language = input.viewer.language;
  const auto snapshot = input.sends.snapshot();
  if (snapshot.state == SendState::Idle) {
    return std::nullopt;
  }
  data banner;
  const bool running = snapshot.state == SendState::Running;
  banner.set("state", running ? "running" : "finished");
  banner.set("label", text(language, running ? "send_banner_running" : "send_banner_finished"));
  std::string summary;
  if (!snapshot.refusal.empty()) {
    summary = text(language, "send_refused") + ": " + snapshot.refusal;
  } else if (running) {
    summary = std::to_string(snapshot.done) + " / " + std::to_string(snapshot.total);
  } else {
    summary = send_summary(language, snapshot) + " (" +
              local_time_text(language, snapshot.finished_at) + ")";
  }
  banner.set("summary", summary);
  return banner;
}

} // namespace

Response list_page(const PageInput& input) {
  const auto& viewer = input.viewer;
  const auto language = viewer.language;
  // Read the query; a bad one is said, with the parameter and what it expects.
  auto query = read_list_query(input.request);
  if (!query) {
    return message_page(viewer, 400, text(language, "bad_request"), query.error().message);
  }
  // Read the page of the register it asks for.
  auto page = read_invoice_page(*input.context.ledger, *query);
  if (!page) {
    return message_page(viewer, 500, text(language, "error"), page.error().to_string());
  }
  // Show it.
  data values;
  values.set("filters", filter_form(input, *query));
  values.set("headings", headings(input, *query));
  values.set("invoices", invoice_rows(input, *page));
  values.set("no_invoices", page->invoices.empty());
  values.set("paging", paging(input, *query, *page));
  values.set("export_link", "/export.csv" + list_link(*query, {{"page", ""}}));
  values.set("given_parameters", given_parameters(*query));
  if (auto banner = send_banner(input)) {
    values.set("send_banner", *banner);
  }
  const auto back = "/" + list_link(*query, {});
  values.set("back", back);
  values.set("back_escaped", query_escape(back));
  return render_page(viewer, "list", text(language, "invoices"), std::move(values));
}

} // namespace mailroom::console
