#include <engine/steps/journey.hpp>
#include <engine/util/hash.hpp>

// The archive keeps every PDF that goes out, under <archive>/<creditor>/<number>.pdf. Keeping it
// takes two steps around building the mail, so that the disk writes the PDF meanwhile: it is on
// disk before anything of the invoice goes out (pipeline/archive.hpp).

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
  pipeline::Archive archive(journey.context.job.archive);
  if (auto archived = archive.finish(*journey.archiving); !archived) {
    return journey.fail_and_record("archive: " + archived.error().to_string());
  }
  return Next::GoOn;
}

} // namespace mailroom::steps
