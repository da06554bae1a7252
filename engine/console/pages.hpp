#pragma once

#include <engine/console/http.hpp>
#include <engine/console/page.hpp>
#include <engine/console/send_run.hpp>
#include <engine/pipeline/context.hpp>

// The console's pages, one file each; each is a function of the request, who asks, and the job's
// context (its ledger open).

namespace mailroom::console {

struct PageInput {
  const Request& request;
  const Viewer& viewer;
  pipeline::RunContext& context;
  SendRuns& sends;
  const std::filesystem::path& job_file;
};

Response list_page(const PageInput& input);    // GET /: the invoice list (list_page.cpp)
Response invoice_page(const PageInput& input); // GET /invoice: one invoice (invoice_page.cpp)
Response invoice_pdf(const PageInput& input);  // GET /invoice/pdf: its PDF (invoice_pdf.cpp)
Response export_csv(const PageInput& input);   // GET /export.csv: the list as CSV (export_csv.cpp)
Response asset_file(const PageInput& input);   // GET /assets/...: stylesheet, script

// Sending a selection (send_pages.cpp): step 1 the letterhead, step 2 what will and will not go
// out, then the send itself, its progress page and its event stream (send_progress.cpp).
Response send_letterhead_page(const PageInput& input); // POST /send/letterhead
Response send_confirm_page(const PageInput& input);    // POST /send/confirm
Response send_start(const PageInput& input);           // POST /send/start
Response send_progress_page(const PageInput& input);   // GET /send
Response send_events(const PageInput& input);          // GET /send/events

// POST /recipient: the recipient of one invoice for its next send (recipient_form.cpp).
Response change_recipient(const PageInput& input);

// POST /payment: a payment of one invoice, registered by hand (payment_form.cpp).
Response register_payment(const PageInput& input);

// Printing a selection as one PDF (print_pages.cpp): POST /print asks for the letterhead, POST
// /print/pdf makes the PDF, as `mailroom print` makes it.
Response print_page(const PageInput& input);
Response print_pdf(const PageInput& input);

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

// The invoice a request names (creditor_of_request and its "number") as the register lists it,
// or the page that says why there is none, titled `title`: 404, or 500 when the register could
// not be read.
struct RequestedInvoice {
  std::optional<ledger::RegisterRow> row;
  Response refusal;
};
RequestedInvoice requested_invoice(const PageInput& input, const std::string& title);

// The invoices a form selected: its "invoice" keys, or every invoice its filter matches when it
// asks for all of them (send_pages.cpp); an error a person can act on when there are none or too
// many.
Result<std::vector<InvoiceKey>> selected_invoices(const PageInput& input);

} // namespace mailroom::console
