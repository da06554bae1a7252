#include <engine/commands/commands.hpp>
#include <engine/commands/follow.hpp>
#include <engine/commands/load.hpp>
#include <engine/commands/verify_archive.hpp>
#include <engine/job/invoice_reader.hpp>
#include <engine/ledger/run_lock.hpp>
#include <engine/mail/message.hpp>
#include <engine/metrics/metrics_file.hpp>
#include <engine/pipeline/stop.hpp>
#include <engine/pipeline/stop_signals.hpp>
#include <engine/steps/routes.hpp>
#include <engine/util/log.hpp>

#include <memory>

// `mailroom run`: sends the job's invoices, each exactly once, and records each in the ledger.

namespace mailroom::commands {

namespace {

// The ledger, locked against a second run of it, and the mailboxes of the creditors in use (an
// unreachable one refuses the job; one no invoice of the job uses is left alone). None, having
// refused the job, when one cannot be opened.
std::optional<ledger::RunLock> open_for_sending(pipeline::RunContext& context,
                                                const job::JobSurvey& survey,
                                                RunObserver* observer) {
  const auto refused = [observer](const Error& problem, std::string_view consequence = {}) {
    refuse(problem, consequence);
    if (observer != nullptr) {
      observer->refused(problem);
    }
    return std::nullopt;
  };
  if (auto opened = pipeline::open_ledger(context); !opened) {
    return refused(opened.error());
  }
  const auto shard = context.options.shard ? context.options.shard->text() : std::string();
  auto lock = ledger::RunLock::acquire(context.job.ledger, context.job.name, shard);
  if (!lock) {
    return refused(lock.error());
  }
  if (auto opened = pipeline::open_transports(context, survey.creditors); !opened) {
    pipeline::close_transports(context);
    return refused(opened.error(), ": nothing was sent");
  }
  auto archive_sync =
    pipeline::ArchiveSync::start(context.job.archive, *context.ledger, context.job.name);
  if (!archive_sync) {
    pipeline::close_transports(context);
    return refused(archive_sync.error(), ": nothing was sent");
  }
  context.archive_sync = std::move(*archive_sync);
  return std::move(*lock);
}

// The refusal of a job that could not be loaded, as one problem for an observer: the first, and
// how many more there are.
Error loading_refusal(const std::vector<Error>& problems) {
  if (problems.empty()) {
    return make_error("the job could not be read");
  }
  auto first = problems.front();
  if (problems.size() > 1) {
    first.message += " (and " + std::to_string(problems.size() - 1) + " more problems)";
  }
  return first;
}

// The metrics file the options ask for (--metrics), or none; an error refuses the job.
Result<std::unique_ptr<metrics::MetricsFile>> prepare_metrics(const std::filesystem::path& job_file,
                                                              const pipeline::RunOptions& options) {
  if (!options.metrics) {
    return std::unique_ptr<metrics::MetricsFile>();
  }
  // The job's own name labels the metrics once it is read; a job that cannot be read, its file's.
  return metrics::MetricsFile::prepare(*options.metrics, job_file.stem().string());
}

CommandResult send_job(const std::filesystem::path& job_file, const pipeline::RunOptions& options,
                       RunObserver* observer, metrics::MetricsFile* metrics_file) {
  // 1. Read the job, its creditors, templates and the letterheads the run draws on; refuse the job
  //    on any problem.
  std::vector<Error> problems;
  auto context = load_or_refuse(job_file, {}, options.letterhead, &problems);
  if (!context) {
    if (observer != nullptr) {
      observer->refused(loading_refusal(problems));
    }
    return CommandResult::Refused;
  }
  context->options = options;
  log::set_job(context->job.name);
  if (metrics_file != nullptr) {
    metrics_file->set_job(context->job.name);
  }
  const bool dry_run = options.sending == pipeline::Sending::DryRun;
  std::optional<pipeline::StopSignals> stop_signals;
  if (observer == nullptr) {
    stop_signals.emplace();
  }

  // 2. Count the invoices (those of the selection, if there is one) and find their creditors;
  //    open the ledger and the mailboxes in use.
  const auto survey =
    job::survey_job(context->job.invoice_files, options.limit,
                    dry_run ? job::SurveyCreditors::No : job::SurveyCreditors::Yes,
                    options.selection, options.shard);
  std::optional<ledger::RunLock> run_lock;
  if (!dry_run && !(run_lock = open_for_sending(*context, survey, observer))) {
    return CommandResult::Refused;
  }
  // The metrics begin once the run holds the job's run lock: a second run, refused, does not
  // write over the running one's file every few seconds.
  // FIXME: it still writes its refusal (exit code 2) over it once, until the running one's next
  // write; a lock of the metrics file, or a file per process, would keep it away.
  metrics::RunMetrics* metrics = metrics_file != nullptr ? &metrics_file->start() : nullptr;
  if (metrics != nullptr && dry_run) {
    metrics->mark_dry_run();
  }
  // A dry run reads the register, to say what a real run would refuse; it writes nothing.
  const auto register_reader = dry_run ? open_ledger_to_read(*context) : nullptr;
  auto report = open_report(options);
  if (!report) {
    if (observer != nullptr) {
      observer->refused(report.error());
    }
    return refuse(report.error());
  }

  // 3. Check the PDFs earlier runs sent but had not yet synced in the archive when they stopped;
  //    put back those a crash lost. One that cannot be put back is said, and the run goes on.
  size_t archive_problems = 0;
  if (!dry_run) {
    auto verified = verify_archive(*context, options.threads);
    if (!verified) {
      pipeline::close_transports(*context);
      if (observer != nullptr) {
        observer->refused(verified.error());
      }
      return refuse(verified.error(), ": nothing was sent");
    }
    archive_problems = *verified;
  }

  // 4. Stream the invoices through their journey; a stop signal ends the reading, and the
  //    invoices already read go on to the end. Sending waits for the disk's syncs and the mail
  //    server's replies: with two threads per core the cores render the next invoices meanwhile
  //    (bench/HISTORY.md, "night": 10-20% more invoices per second to a server or a maildir on
  //    disk).
  context->counters.total = survey.documents();
  if (metrics != nullptr) {
    metrics->expect(survey.documents());
  }
  mail::prepare_message_building();
  pipeline::StreamOptions stream{options.threads, dry_run ? 1u : 2u, options.limit,
                                 pipeline::OnStopRequest::StopReading};
  using Route = std::span<const steps::Step>;
  const Route route = dry_run ? Route(steps::k_dry_run_route) : Route(steps::k_send_route);
  if (observer != nullptr) {
    observer->started(context->counters);
  }
  const EntryListener listener = [observer, metrics](const pipeline::ReportEntry& entry) {
    if (metrics != nullptr) {
      metrics->settled(entry);
    }
    if (observer != nullptr) {
      observer->settled(entry);
    }
  };
  follow_journeys(*context, route, stream, report->has_value() ? &**report : nullptr, {}, listener);
  pipeline::close_transports(*context);

  // 5. Sync the archive, then the ledger (with the archive's notes forgotten), then report: the
  //    summary line always, the JSON report when asked.
  const bool archive_synced = sync_archive(*context);
  const bool ledger_synced = sync_ledger(*context);
  print_summary(context->counters, pipeline::Documents::Invoices,
                dry_run ? " (dry run: nothing sent or recorded)" : "");
  const size_t not_started = note_not_started(context->counters, "invoice");
  if (observer != nullptr) {
    observer->finished(context->counters);
  }
  if (!finish_report(*report, *context) || not_started > 0 || !ledger_synced || !archive_synced ||
      archive_problems > 0) {
    return CommandResult::Incomplete;
  }
  if (metrics != nullptr && !pipeline::stop_requested()) {
    metrics->went_through();
  }
  return pipeline::all_done(context->counters) ? CommandResult::Completed
                                               : CommandResult::Incomplete;
}

} // namespace

CommandResult run(const std::filesystem::path& job_file, const pipeline::RunOptions& options,
                  RunObserver* observer) {
  // 0. The metrics file, when asked for: a folder that is not there refuses the job before
  //    anything is read or sent.
  auto metrics_file = prepare_metrics(job_file, options);
  if (!metrics_file) {
    if (observer != nullptr) {
      observer->refused(metrics_file.error());
    }
    return refuse(metrics_file.error());
  }
  // 1-5. Send the job; then the metrics' last word, the exit code (a refused job's too).
  const auto result = send_job(job_file, options, observer, metrics_file->get());
  if (*metrics_file) {
    (*metrics_file)->finish(exit_code(result));
  }
  return result;
}

} // namespace mailroom::commands
