#include "list_query.hpp"
#include "pages.hpp"

#include <engine/receivables/invoice_list.hpp>
#include <engine/receivables/list_writer.hpp>

#include <set>
#include <sstream>
#include <utility>

// GET /export.csv?<the list's filters>: every invoice the filters match, in the list's order, as
// (POST, from the list's selection: the invoices ticked)
// the same CSV as `mailroom invoices --format csv` (RFC 4180, the columns invoice_list.hpp
// promises).

namespace mailroom::console {

Response export_csv(const PageInput& input) {
  const auto& viewer = input.viewer;
  auto query = read_list_query(input.request);
  if (!query) {
    return message_page(viewer, 400, text(viewer.language, "bad_request"), query.error().message);
  }
  // The rows ticked in the list, when the list's form sent them; else every row of the filter.
  std::set<std::pair<std::string, std::string>> ticked;
  for (const auto& value : input.request.parameters_named("invoice")) {
    const auto key = parse_invoice_key(value);
    if (!key) {
      return message_page(viewer, 400, text(viewer.language, "bad_request"),
                          "\"" + value + "\" is not an invoice of this console");
    }
    ticked.emplace(key->creditor, key->number);
  }
  std::ostringstream csv;
  const auto writer = receivables::make_list_writer(receivables::ListFormat::Csv, csv,
                                                    receivables::invoice_columns());
  auto listed = receivables::each_matching_row(
    *input.context.ledger, query->filter,
    [&](const ledger::RegisterRow& row,
        const receivables::Standing& standing) -> Result<ledger::Reading> {
      const auto& facts = row.invoice.facts;
      if (ticked.empty() || ticked.count({facts.creditor, facts.number}) > 0) {
        TRY(writer->add(receivables::invoice_values(row, standing)));
      }
      return ledger::Reading::GoOn;
    });
  if (listed) {
    listed = writer->finish();
  }
  if (!listed) {
    return message_page(viewer, 500, text(viewer.language, "error"), listed.error().to_string());
  }
  return file_response(csv.str(), "text/csv; charset=utf-8", "invoices.csv",
                       Disposition::Attachment);
}

} // namespace mailroom::console
