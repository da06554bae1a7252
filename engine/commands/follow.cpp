#include "follow.hpp"

#include <engine/commands/load.hpp>
#include <engine/pipeline/progress.hpp>
#include <engine/pipeline/report.hpp>
#include <engine/util/log.hpp>

#include <cstdio>

namespace mailroom::commands {

using pipeline::InvoiceStatus;

namespace {

// "mailroom: 2026-7: failed: <why>": an invoice the run did not send, said as it happens.
log::Line problem_line(const pipeline::ReportEntry& entry) {
  const auto status = pipeline::status_name(entry.status);
  const bool data_or_earlier_run =
    entry.status == InvoiceStatus::InvalidAddress || entry.status == InvoiceStatus::Interrupted;
  auto line = log::note("problem",
                        std::string(entry.number.empty() ? entry.source : entry.number) + ": " +
                          std::string(status) + ": " + entry.error,
                        data_or_earlier_run ? log::Level::Warning : log::Level::Error);
  line.invoice = entry.number.empty() ? entry.source : entry.number;
  line.creditor = entry.creditor;
  line.status = std::string(status);
  return line;
}

} // namespace

void follow_journeys(pipeline::RunContext& context, std::span<const steps::Step> steps,
                     const pipeline::StreamOptions& stream, pipeline::ReportWriter* report,
                     const steps::DocumentSource& source, const EntryListener& listener) {
  pipeline::ProgressDisplay progress(context.options.progress, context.counters);
  // The documents held back for a paced mailbox go out at its pace: the ETA says so.
  progress.set_paced_estimate([&context]() -> std::optional<double> {
    std::optional<double> longest;
    for (const auto& [name, transport] : context.transports) {
      if (const auto* pacer = transport->pacer()) {
        if (const auto seconds = pacer->seconds_left()) {
          longest = std::max(longest.value_or(0.0), *seconds);
        }
      }
    }
    return longest;
  });
  context.notice = [&progress](const std::string& message) { progress.note(message); };
  progress.start(context.job.name);
  bool report_failed = false;
  const auto follow = [&](const pipeline::ReportEntry& entry) {
    if (entry.status == InvoiceStatus::Failed || entry.status == InvoiceStatus::InvalidAddress ||
        entry.status == InvoiceStatus::Interrupted || entry.status == InvoiceStatus::Unknown) {
      progress.note(problem_line(entry));
    }
    if (report != nullptr && !report_failed) {
      // Said once, as it happens; the run goes on, and ends saying the report is not whole.
      if (auto added = report->add(entry); !added) {
        report_failed = true;
        progress.note(
          log::note("report", "error: " + added.error().to_string(), log::Level::Error));
      }
    }
    context.counters.count(entry.status);
    if (listener) {
      listener(entry);
    }
  };
  const auto unmatched = steps::stream_journeys(
    context, stream, steps, [&](const pipeline::WorkItem& item) { follow(item.entry); }, source);
  // An invoice asked for that the job does not have is not passed over in silence: it failed, and
  // the run says so. The ledger records nothing of it: it is not an invoice of the job.
  for (const auto& key : unmatched) {
    pipeline::ReportEntry entry;
    entry.number = key.number;
    entry.creditor = key.creditor;
    entry.status = InvoiceStatus::Failed;
    entry.error = key.description() + " is not in this job's invoice files" +
                  (stream.limit ? " (among the first " + std::to_string(*stream.limit) + ")" : "");
    follow(entry);
  }
  context.notice = nullptr;
  progress.finish();
}

bool sync_archive(pipeline::RunContext& context) {
  if (!context.archive_sync) {
    return true;
  }
  if (auto synced = context.archive_sync->finish(); !synced) {
    log::write(log::error("archive", synced.error().to_string()));
    return false;
  }
  return true;
}

bool sync_ledger(pipeline::RunContext& context) {
  if (!context.ledger) {
    return true;
  }
  if (auto synced = context.ledger->sync(); !synced) {
    log::write(log::error("ledger", synced.error().to_string()));
    log::write(log::note("ledger",
                         "the ledger's last records may be lost if this machine stops now; its "
                         "documents would then show as interrupted",
                         log::Level::Error));
    return false;
  }
  return true;
}

void print_summary(const pipeline::Counters& counters, pipeline::Documents documents,
                   std::string_view suffix) {
  log::Line line;
  line.event = "summary";
  line.message = pipeline::summary_line(counters, documents) + std::string(suffix);
  line.text = line.message;
  line.details = pipeline::count_fields(counters);
  log::write(line, stdout);
}

size_t note_not_started(const pipeline::Counters& counters, std::string_view what) {
  const size_t total = counters.total;
  const size_t done = counters.done;
  const size_t not_started = pipeline::stop_requested() && total > done ? total - done : 0;
  if (not_started > 0) {
    auto line = log::note("stopped",
                          "stopped by a signal: " + std::to_string(not_started) + " " +
                            std::string(what) + (not_started == 1 ? "" : "s") + " not started; " +
                            (what == "invoice" ? "run the job again to send them"
                                               : "run the command again to send them"),
                          log::Level::Warning);
    line.details = {{"not_started", not_started}};
    log::write(line);
  }
  return not_started;
}

Result<std::optional<pipeline::ReportWriter>> open_report(const pipeline::RunOptions& options) {
  if (!options.report) {
    return std::optional<pipeline::ReportWriter>();
  }
  return std::optional<pipeline::ReportWriter>(TRY(pipeline::ReportWriter::open(*options.report)));
}

bool finish_report(std::optional<pipeline::ReportWriter>& report,
                   const pipeline::RunContext& context) {
  if (!report) {
    return true;
  }
  if (auto finished = report->finish(context.job.name, context.counters); !finished) {
    print_errors({finished.error()});
    return false;
  }
  return true;
}

} // namespace mailroom::commands
