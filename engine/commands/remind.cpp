#include <engine/commands/follow.hpp>
#include <engine/commands/load.hpp>
#include <engine/commands/receivables.hpp>
#include <engine/ledger/run_lock.hpp>
#include <engine/mail/message.hpp>
#include <engine/pipeline/stop_signals.hpp>
#include <engine/receivables/reminder_source.hpp>
#include <engine/steps/routes.hpp>
#include <engine/util/log.hpp>
#include <engine/util/text.hpp>

#include <algorithm>
#include <cstdio>
#include <set>

// `mailroom remind`: the payment reminders due as of a day, each sent exactly once per invoice and
// level, through the same pipeline, ledger marks and report as `run`.

namespace mailroom::commands {

namespace {

// What a first look at the register found: how many reminders are due, of which creditors.
struct ReminderSurvey {
  size_t due = 0;
  std::set<std::string> creditors;
  std::map<std::string, receivables::CreditorTally> tallies;
};

std::optional<ReminderSurvey> survey_reminders(ledger::Ledger& ledger,
                                               const job::Creditors& creditors,
                                               const time::Date& as_of) {
  receivables::ReminderSource source(ledger, creditors, as_of);
  ReminderSurvey survey;
  for (;;) {
    auto next = source.next();
    if (!next) {
      refuse(next.error(), ": nothing was sent");
      return std::nullopt;
    }
    if (!*next) {
      break;
    }
    ++survey.due;
    survey.creditors.insert((*next)->invoice.creditor);
  }
  survey.tallies = source.tallies();
  return survey;
}

// The ledger of the job, which must exist: reminders are of invoices it recorded.
bool open_existing_ledger(pipeline::RunContext& context) {
  if (!ledger::exists(context.job.ledger)) {
    refuse(make_error("the ledger " + context.job.ledger.shown() +
                      " does not exist yet: no invoice of this job was sent, so none is owed"));
    return false;
  }
  if (auto opened = pipeline::open_ledger(context); !opened) {
    refuse(opened.error());
    return false;
  }
  return true;
}

// Each reminder the source gives, as a document of the stream. A register that cannot be read
// ends the stream; `failed` says why.
steps::DocumentSource reminders_from(receivables::ReminderSource& source,
                                     std::optional<Error>& failed) {
  return [&source, &failed]() -> std::unique_ptr<pipeline::WorkItem> {
    auto next = source.next();
    if (!next) {
      failed = next.error();
      return nullptr;
    }
    if (!*next) {
      return nullptr;
    }
    auto item = std::make_unique<pipeline::WorkItem>();
    item->record.source = (*next)->invoice.source;
    item->parsed.invoice = std::move((*next)->invoice);
    item->reminder = std::move((*next)->reminder);
    return item;
  };
}

// A line of standard output about one creditor's reminders, in the process's log format.
void say_of(const std::string& creditor, std::string words) {
  log::Line line;
  line.event = "reminders";
  line.creditor = creditor;
  line.text = words;
  line.message = std::move(words);
  log::write(line, stdout);
}

// Per creditor: what was held and why, and what is not due yet.
void print_tallies(const std::map<std::string, receivables::CreditorTally>& tallies,
                   const time::Date& as_of) {
  for (const auto& [creditor, tally] : tallies) {
    if (tally.held > 0) {
      say_of(creditor, creditor + ": " + std::to_string(tally.held) + " reminder" +
                         (tally.held == 1 ? "" : "s") + " held: " + tally.held_because);
    }
    if (tally.not_yet > 0 || tally.all_sent > 0) {
      std::string line = creditor + ": " + std::to_string(tally.not_yet) + " open invoice" +
                         (tally.not_yet == 1 ? "" : "s") + " with no reminder due on " +
                         as_of.to_iso();
      if (tally.all_sent > 0) {
        line += ", " + std::to_string(tally.all_sent) + " with every level sent";
      }
      say_of(creditor, line);
    }
  }
}

} // namespace

CommandResult remind(const std::filesystem::path& job_file, const RemindOptions& options) {
  // 1. Read the job, its creditors, templates (the reminder levels' too) and letterheads.
  auto context = load_or_refuse(job_file);
  if (!context) {
    return CommandResult::Refused;
  }
  context->options = options.run;
  log::set_job(context->job.name);
  const bool dry_run = options.run.sending == pipeline::Sending::DryRun;
  const pipeline::StopSignals stop_signals;

  // 2. Open the ledger and lock it against a run or another `remind`; find what is due.
  if (!open_existing_ledger(*context)) {
    return CommandResult::Refused;
  }
  std::optional<ledger::RunLock> run_lock;
  if (!dry_run) {
    auto lock = ledger::RunLock::acquire(context->job.ledger, context->job.name);
    if (!lock) {
      return refuse(lock.error());
    }
    run_lock.emplace(std::move(*lock));
  }
  // A dry run reads the ledger through a handle of its own and records nothing: its journeys see
  // no ledger, as `run --dry-run`'s do.
  std::unique_ptr<ledger::Ledger> reading = dry_run ? std::move(context->ledger) : nullptr;
  ledger::Ledger& ledger = dry_run ? *reading : *context->ledger;
  context->read_only_ledger = reading.get();
  const auto survey = survey_reminders(ledger, context->creditors, options.as_of);
  if (!survey) {
    return CommandResult::Refused;
  }

  // 3. Open the mailboxes of the creditors with reminders due, and the report.
  if (!dry_run && survey->due > 0) {
    if (auto opened = pipeline::open_transports(*context, survey->creditors); !opened) {
      pipeline::close_transports(*context);
      return refuse(opened.error(), ": nothing was sent");
    }
  }
  auto report = open_report(options.run);
  if (!report) {
    return refuse(report.error());
  }

  // 4. Stream the reminders due through their journey, as `run` streams invoices.
  context->counters.total =
    options.run.limit ? std::min(survey->due, *options.run.limit) : survey->due;
  mail::prepare_message_building();
  receivables::ReminderSource source(ledger, context->creditors, options.as_of);
  std::optional<Error> source_failed;
  const pipeline::StreamOptions stream{options.run.threads, dry_run ? 1u : 2u, options.run.limit,
                                       pipeline::OnStopRequest::StopReading};
  using Route = std::span<const steps::Step>;
  const Route route = dry_run ? Route(steps::k_remind_dry_run_route) : Route(steps::k_remind_route);
  follow_journeys(*context, route, stream, report->has_value() ? &**report : nullptr,
                  reminders_from(source, source_failed));
  pipeline::close_transports(*context);

  // 5. Sync the ledger, then report: the summary, what was held or not due, the JSON report.
  const bool ledger_synced = sync_ledger(*context);
  print_summary(context->counters, pipeline::Documents::Reminders,
                dry_run ? " (dry run: nothing sent or recorded)" : "");
  print_tallies(survey->tallies, options.as_of);
  if (source_failed) {
    log::write(log::error("problem", source_failed->to_string()));
    log::write(log::note("problem",
                         "the register could not be read to its end: run `mailroom remind` again "
                         "once it can",
                         log::Level::Error));
  }
  const size_t not_started = note_not_started(context->counters, "reminder");
  // Held reminders are due but not sent: the run is not complete until the statement is imported.
  const bool held = std::any_of(survey->tallies.begin(), survey->tallies.end(),
                                [](const auto& tally) { return tally.second.held > 0; });
  if (!finish_report(*report, *context) || not_started > 0 || !ledger_synced || source_failed ||
      held) {
    return CommandResult::Incomplete;
  }
  return pipeline::all_done(context->counters) ? CommandResult::Completed
                                               : CommandResult::Incomplete;
}

} // namespace mailroom::commands
