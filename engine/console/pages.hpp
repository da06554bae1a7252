#pragma once

#include <engine/console/http.hpp>
#include <engine/console/page.hpp>
#include <engine/pipeline/context.hpp>

// The console's pages, one file each; each is a function of the request, who asks, and the job's
// context (its ledger open).

namespace mailroom::console {

struct PageInput {
  const Request& request;
  const Viewer& viewer;
  pipeline::RunContext& context;
};

Response list_page(const PageInput& input);    // GET /: the invoice list (list_page.cpp)
Response invoice_page(const PageInput& input); // GET /invoice: one invoice (invoice_page.cpp)
Response invoice_pdf(const PageInput& input);  // GET /invoice/pdf: its PDF (invoice_pdf.cpp)
Response export_csv(const PageInput& input);   // GET /export.csv: the list as CSV (export_csv.cpp)
Response asset_file(const PageInput& input);   // GET /assets/...: stylesheet, script

// "acme" and "2026-0001" from the key "2026-0001/acme" (invoice numbers never hold a '/').
struct InvoiceKey {
  std::string creditor;
  std::string number;
};
std::string invoice_key(const std::string& creditor, const std::string& number);
std::optional<InvoiceKey> parse_invoice_key(std::string_view key);

// The creditor of the invoice a request names: its "creditor" parameter, or the only creditor
// with an invoice of its "number".
std::optional<std::string> creditor_of_request(ledger::Ledger& ledger, const Request& request);

} // namespace mailroom::console
