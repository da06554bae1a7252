#include <engine/steps/journey.hpp>

// A reminder carries the invoice it reminds of exactly as it was sent: the archive's copy, whose
// SHA-256 must be the one the register recorded when the invoice went out. A copy that is missing
// or changed fails the reminder, and nothing of it is sent.

namespace mailroom::steps {

Next attach_invoice(Journey& journey) {
  const auto& invoice = journey.invoice;
  const auto& expected = journey.reminder->invoice_pdf_sha256;
  if (expected.empty()) {
    return journey.fail_and_record("the register has no SHA-256 of the PDF of invoice " +
                                   invoice.number +
                                   " (sent before mailroom kept it): the "
                                   "invoice cannot be attached as it was sent");
  }
  const pipeline::Archive archive(journey.context.job.archive);
  auto found = archive.find(invoice.creditor, invoice.number, expected);
  if (!found) {
    return journey.fail_and_record("archive: " + found.error().to_string());
  }
  using Content = pipeline::Archive::Found::Content;
  if (found->content == Content::Missing) {
    return journey.fail_and_record("the archived PDF of invoice " + invoice.number +
                                   " is missing from " + journey.context.job.archive.string() +
                                   ": a reminder goes out only with the invoice as it was sent");
  }
  // The bytes the archive checked against the SHA-256 are the bytes attached.
  if (found->content == Content::Differs) {
    return journey.fail_and_record("the archived PDF of invoice " + invoice.number + " (" +
                                   found->path.string() +
                                   ") is not the one sent: its SHA-256 differs from the "
                                   "register's " +
                                   expected + "; nothing was sent");
  }
  journey.invoice_pdf = std::move(found->bytes);
  return Next::GoOn;
}

} // namespace mailroom::steps
