#include "follow.hpp"

#include <engine/commands/load.hpp>
#include <engine/pipeline/progress.hpp>

namespace mailroom::commands {

using pipeline::InvoiceStatus;

void follow_journeys(pipeline::RunContext& context, std::span<const steps::Step> steps,
                     const pipeline::StreamOptions& stream, pipeline::ReportWriter* report) {
  pipeline::ProgressDisplay progress(context.options.progress, context.counters);
  progress.start(context.job.name);
  bool report_failed = false;
  steps::stream_journeys(context, stream, steps, [&](const pipeline::WorkItem& item) {
    const auto& entry = item.entry;
    if (entry.status == InvoiceStatus::Failed || entry.status == InvoiceStatus::InvalidAddress ||
        entry.status == InvoiceStatus::Interrupted || entry.status == InvoiceStatus::Unknown) {
      progress.note(std::string(entry.number.empty() ? entry.source : entry.number) + ": " +
                    std::string(pipeline::status_name(entry.status)) + ": " + entry.error);
    }
    if (report != nullptr && !report_failed) {
      // Said once, as it happens; the run goes on, and ends saying the report is not whole.
      if (auto added = report->add(entry); !added) {
        report_failed = true;
        progress.note("error: " + added.error().to_string());
      }
    }
    context.counters.count(entry.status);
  });
  progress.finish();
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
