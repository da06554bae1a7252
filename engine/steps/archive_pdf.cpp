#include <engine/steps/journey.hpp>
#include <engine/util/hash.hpp>

// The archive keeps every PDF that goes out, under <archive>/<creditor>/<number>.pdf. Keeping it
// takes two steps around building the mail, so that the disk writes the PDF meanwhile: it is in
// the archive before anything of the invoice goes out (pipeline/archive.hpp), and on disk then
// too, unless the run syncs the archive in groups (pipeline/archive_sync.hpp).

namespace mailroom::steps {

Next start_archiving(Journey& journey) {
  const auto& invoice = journey.invoice;
  journey.pdf_sha256 = hash::sha256_hex(journey.pdf->bytes);
  pipeline::Archive archive(journey.context.job.archive);
  auto begun =
    archive.begin(invoice.creditor, journey.document, journey.pdf->bytes, journey.pdf_sha256);
  if (!begun) {
    return journey.fail_and_record("archive: " + begun.error().to_string());
  }
  journey.archiving.emplace(std::move(*begun));
  return Next::GoOn;
}

Next finish_archiving(Journey& journey) {
  // With the run's group sync, the PDF gets its name now and reaches the disk with the next sync;
  // its `sending` mark notes that until then (send_mail).
  const auto* group_sync = journey.context.archive_sync.get();
  if (group_sync != nullptr) {
    if (auto failed = group_sync->failure()) {
      return journey.fail_and_record("archive: " + failed->to_string());
    }
    journey.archive_copy = ledger::ArchiveCopy::NotYetSynced;
  }
  pipeline::Archive archive(journey.context.job.archive);
  const auto syncing = group_sync != nullptr ? files::Syncing::Later : files::Syncing::Now;
  if (auto archived = archive.finish(*journey.archiving, syncing); !archived) {
    return journey.fail_and_record("archive: " + archived.error().to_string());
  }
  return Next::GoOn;
}

} // namespace mailroom::steps
