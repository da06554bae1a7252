#pragma once

#include <engine/pipeline/context.hpp>
#include <engine/pipeline/invoice_stream.hpp>
#include <engine/pipeline/report.hpp>
#include <engine/steps/journey.hpp>
#include <engine/util/result.hpp>

#include <functional>
#include <optional>
#include <span>

// What `run` and `render` share around the invoices' journeys: the progress display, the JSON
// report, the counts.

namespace mailroom::commands {

// Streams the job's invoices (or the documents `source` gives) through `steps` with the run's
// progress display; each outcome is counted, a failure is also noted on the display, and every
// entry goes to `report` when there is one.
// `listener`, when given, sees each outcome too, after it is counted.
using EntryListener = std::function<void(const pipeline::ReportEntry&)>;
void follow_journeys(pipeline::RunContext& context, std::span<const steps::Step> steps,
                     const pipeline::StreamOptions& stream, pipeline::ReportWriter* report,
                     const steps::DocumentSource& source = {}, const EntryListener& listener = {});

// The PDFs written into the archive since its last group sync are synced (pipeline/
// archive_sync.hpp), when the run syncs it in groups. False, having said why, when they could not
// be: the ledger still notes them, for the next run to check.
bool sync_archive(pipeline::RunContext& context);

// The last marks (sent, failed) are committed but not yet synced to disk: synced before the
// report says they happened. False, having said why, when they could not be.
bool sync_ledger(pipeline::RunContext& context);

// The summary line on standard output ("12 invoices: 11 sent, 1 failed" and `suffix`), in the
// process's log format: as JSON, with each count.
void print_summary(const pipeline::Counters& counters, pipeline::Documents documents,
                   std::string_view suffix = {});

// The documents a stop request kept from starting, said on standard error; how many.
size_t note_not_started(const pipeline::Counters& counters, std::string_view what);

// The JSON report when the options ask for one (--report); an error when it cannot be written.
Result<std::optional<pipeline::ReportWriter>> open_report(const pipeline::RunOptions& options);

// Completes the JSON report, if there is one; false, having said why, if it could not be.
bool finish_report(std::optional<pipeline::ReportWriter>& report,
                   const pipeline::RunContext& context);

} // namespace mailroom::commands
