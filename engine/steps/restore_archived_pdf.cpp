#include <engine/steps/journey.hpp>
#include <engine/util/hash.hpp>
#include <engine/util/log.hpp>

// An invoice that went out while its archived PDF was not yet synced, and whose PDF the archive
// lost in a crash (missing, or torn): rendered again, and put back only if it is byte for byte the
// PDF that went out, as the ledger's SHA-256 of it says. A different one is never written: what
// went out can only come back from a backup (commands/verify_archive.cpp).

namespace mailroom::steps {

Next restore_archived_pdf(Journey& journey) {
  auto known = journey.book.find(journey.document);
  if (!known) {
    return journey.fail("ledger: " + known.error().to_string());
  }
  if (!*known || (*known)->pdf_sha256.empty()) {
    return journey.fail("ledger: no PDF is recorded for this invoice");
  }
  const auto& sent = (*known)->pdf_sha256;
  const auto rendered = hash::sha256_hex(journey.pdf->bytes);
  const auto& archive_folder = journey.context.job.archive;
  if (rendered != sent) {
    return journey.fail(
      "archive: the PDF that went out (SHA-256 " + sent + ") is missing or damaged in " +
      (archive_folder / journey.invoice.creditor).string() +
      ", and rendering it again gives another PDF (SHA-256 " + rendered +
      "): its data, templates, letterhead or fonts changed since it was sent. Nothing was "
      "written; put the PDF that went out back from a backup");
  }
  pipeline::Archive archive(archive_folder);
  auto kept = archive.keep(journey.invoice.creditor, journey.document, journey.pdf->bytes, sent);
  if (!kept) {
    return journey.fail("archive: " + kept.error().to_string());
  }
  if (auto forgotten = journey.context.ledger->forget_unsynced_archive_copies(
        journey.context.job.name, {journey.document});
      !forgotten) {
    return journey.fail("ledger: " + forgotten.error().to_string());
  }
  log::Line line = log::note("archive", "restored " + kept->string() +
                                          " (lost in a crash before the archive was synced) from "
                                          "a new rendering, identical to the PDF that went out");
  line.invoice = journey.document;
  line.creditor = journey.invoice.creditor;
  log::write(line);
  return Next::GoOn;
}

} // namespace mailroom::steps
