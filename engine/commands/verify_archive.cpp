#include "verify_archive.hpp"

#include <engine/pipeline/archive.hpp>
#include <engine/steps/routes.hpp>
#include <engine/util/log.hpp>

#include <utility>

namespace mailroom::commands {

namespace {

// The noted deliveries of this run's shard whose archived PDF is missing or not the one that went
// out; those found intact are handed to the group sync, to be synced and forgotten.
Result<job::Selection> find_lost_pdfs(pipeline::RunContext& context) {
  const auto noted = TRY(context.ledger->unsynced_archive_copies(context.job.name));
  const pipeline::Archive archive(context.job.archive);
  job::Selection lost;
  for (const auto& entry : noted) {
    if (context.options.shard && !context.options.shard->takes(entry.creditor, entry.number)) {
      continue; // Another worker's: it checks its own.
    }
    const auto found = TRY(archive.find(entry.creditor, entry.number, entry.pdf_sha256));
    if (found.content == pipeline::Archive::Found::Content::Matches) {
      context.archive_sync->written(entry.number);
    } else {
      lost.add_invoice(entry.creditor, entry.number);
    }
  }
  return lost;
}

} // namespace

Result<size_t> verify_archive(pipeline::RunContext& context, unsigned threads) {
  // 1. The noted PDFs found intact reach the disk (they may only have been in memory when the
  //    earlier run was killed) and are forgotten.
  auto lost = TRY(find_lost_pdfs(context));
  TRY(context.archive_sync->sync_now());
  if (lost.empty()) {
    return size_t{0};
  }

  // 2. The lost ones are rendered again from the job and put back if identical.
  log::write(log::warning("archive", std::to_string(lost.size()) +
                                       " PDFs that went out were lost from the archive before it "
                                       "was synced (the last run stopped): rendering them again"));
  size_t problems = 0;
  const auto finish = [&problems](const pipeline::WorkItem& item) {
    if (item.entry.status == pipeline::InvoiceStatus::Prepared) {
      return;
    }
    ++problems;
    log::Line line = log::error("archive", item.entry.error);
    line.invoice = item.entry.number;
    line.creditor = item.entry.creditor;
    log::write(line);
  };
  auto everything = std::exchange(context.options.selection, std::move(lost));
  const auto not_in_job = steps::stream_journeys(
    context, pipeline::StreamOptions{threads, 1, {}, {}}, steps::k_restore_route, finish);
  context.options.selection = std::move(everything);
  for (const auto& key : not_in_job) {
    ++problems;
    log::write(log::error("archive", "the PDF of " + key.description() +
                                       " that went out is missing or damaged in " +
                                       context.job.archive.string() +
                                       ", and the invoice is no longer in the job to render it "
                                       "again: put it back from a backup"));
  }
  return problems;
}

} // namespace mailroom::commands
