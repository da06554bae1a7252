#include "pages.hpp"

#include <engine/job/invoice_reader.hpp>
#include <engine/pipeline/archive.hpp>
#include <engine/pipeline/invoice_stream.hpp>

// GET /invoice/pdf?creditor=ID&number=N[&download=1]: the PDF an invoice was sent with, read from
// the archive and checked against the SHA-256 the register keeps; for an invoice never sent, a
// preview rendered now from the job's invoice files, as a run would render it.

namespace mailroom::console {

namespace {

Response pdf_response(std::string bytes, const std::string& number, bool download) {
  return file_response(std::move(bytes), "application/pdf", number + ".pdf",
                       download ? Disposition::Attachment : Disposition::Inline);
}

// The invoice of the job's files with this creditor and number, rendered; an error when the files
// have no such valid invoice.
Result<std::string> render_preview(pipeline::RunContext& context, const std::string& creditor,
                                   const std::string& number) {
  job::InvoiceReader reader(context.job.invoice_files);
  while (auto next = reader.next()) {
    if (!*next) {
      continue;
    }
    auto parsed = job::parse_invoice(**next, context.creditors);
    if (!parsed.ok() || parsed.invoice.number != number || parsed.invoice.creditor != creditor) {
      continue;
    }
    const auto& of = context.creditors.by_id.at(creditor);
    auto pdf =
      TRY(pipeline::stream_renderer().render(parsed.invoice, of, context.letterhead_for(of)));
    return std::move(pdf.bytes);
  }
  return make_error("the job's invoice files have no valid invoice " + number + " of " + creditor);
}

} // namespace

Response invoice_pdf(const PageInput& input) {
  const auto& viewer = input.viewer;
  const auto language = viewer.language;
  auto found = requested_invoice(input, text(language, "not_found"));
  if (!found.row) {
    return found.refusal;
  }
  const auto& invoice = found.row->invoice;
  const auto& creditor = invoice.facts.creditor;
  const auto& number = invoice.facts.number;
  const bool download = input.request.parameter("download") == "1";
  if (invoice.pdf_sha256.empty()) {
    auto preview = render_preview(input.context, creditor, number);
    if (!preview) {
      return message_page(viewer, 404, text(language, "no_pdf"), preview.error().to_string());
    }
    return pdf_response(std::move(*preview), number, download);
  }
  const pipeline::Archive archive(input.context.job.archive);
  auto archived = archive.find(creditor, number, invoice.pdf_sha256);
  if (!archived || archived->content != pipeline::Archive::Found::Content::Matches) {
    return message_page(viewer, 404, text(language, "no_pdf"),
                        archived ? "the archive " + input.context.job.archive.string() +
                                     " does not hold the PDF this invoice was sent with (SHA-256 " +
                                     invoice.pdf_sha256 + ")"
                                 : archived.error().to_string());
  }
  return pdf_response(std::move(archived->bytes), number, download);
}

} // namespace mailroom::console
