#include "commands.hpp"
#include "load.hpp"

#include <engine/job/invoice_reader.hpp>
#include <engine/job/job_file.hpp>
#include <engine/ledger/ledger.hpp>
#include <engine/pipeline/report.hpp>
#include <engine/steps/ledger_book.hpp>

#include <cstdio>

namespace mailroom::commands {

namespace {

// A delivery's state as the run's report says it: `sending` and `unknown` as a run judges an
// earlier record of them (interrupted, unknown), the others as they are.
pipeline::InvoiceStatus status_of(ledger::State state) {
  if (const auto maybe_delivered = steps::LedgerBook::maybe_delivered(state)) {
    return *maybe_delivered;
  }
  switch (state) {
    case ledger::State::Sent:
      return pipeline::InvoiceStatus::Sent;
    case ledger::State::InvalidAddress:
      return pipeline::InvoiceStatus::InvalidAddress;
    case ledger::State::Failed:
    case ledger::State::Sending: // Judged above, as is Unknown.
    case ledger::State::Unknown:
      break;
  }
  return pipeline::InvoiceStatus::Failed;
}

// Reminders are deliveries of their own ("<number>#reminder-<level>@<creditor>"): `mailroom
// remind` reports them.
bool is_reminder(const ledger::Entry& entry) {
  return entry.number.find("#reminder-") != std::string::npos;
}

pipeline::ReportEntry report_entry(const ledger::Entry& entry) {
  pipeline::ReportEntry line;
  line.number = entry.number;
  line.creditor = entry.creditor;
  line.status = status_of(entry.state);
  line.recipients = entry.recipients;
  line.sent_at = entry.sent_at;
  line.message_id = entry.message_id;
  line.error = entry.error;
  return line;
}

} // namespace

CommandResult job_report(const std::filesystem::path& job_file,
                         const std::optional<std::filesystem::path>& report) {
  // 1. The job: its name, its ledger and how many records its files hold.
  auto job = job::load_job(job_file);
  if (!job) {
    print_errors(job.problems());
    return refuse(make_error("the job could not be read"));
  }
  if (!ledger::exists(job->ledger)) {
    return refuse(make_error("no ledger at " + job->ledger.shown() +
                             ": no run of this job has recorded anything yet"));
  }
  const auto records = job::survey_job(job->invoice_files, std::nullopt, job::SurveyCreditors::No);

  // 2. What the ledger records of it.
  auto ledger = ledger::Ledger::open(job->ledger);
  if (!ledger) {
    return refuse(ledger.error());
  }
  auto entries = (*ledger)->entries(job->name);
  if (!entries) {
    return refuse(entries.error());
  }

  // 3. Count, list what was not sent, write the JSON report.
  std::optional<pipeline::ReportWriter> writer;
  if (report) {
    auto opened = pipeline::ReportWriter::open(*report);
    if (!opened) {
      return refuse(opened.error());
    }
    writer.emplace(std::move(*opened));
  }
  pipeline::Counters counters;
  size_t recorded = 0;
  for (const auto& entry : *entries) {
    if (is_reminder(entry)) {
      continue;
    }
    ++recorded;
    const auto line = report_entry(entry);
    counters.count(line.status);
    if (line.status != pipeline::InvoiceStatus::Sent) {
      std::printf("%s (%s): %s%s%s\n", line.number.c_str(), line.creditor.c_str(),
                  std::string(pipeline::status_name(line.status)).c_str(),
                  line.error.empty() ? "" : ": ", line.error.c_str());
    }
    if (writer) {
      if (auto added = writer->add(line); !added) {
        return refuse(added.error());
      }
    }
  }
  const size_t never_recorded = records.records > recorded ? records.records - recorded : 0;
  counters.total = recorded + never_recorded;
  if (writer) {
    if (auto finished = writer->finish(job->name, counters); !finished) {
      return refuse(finished.error());
    }
  }
  std::printf("%s: %s\n", job->name.c_str(), pipeline::summary_line(counters).c_str());
  if (never_recorded > 0) {
    std::printf("%zu of the job's %zu records are not in the ledger yet: no run (or no shard) "
                "has taken them\n",
                never_recorded, records.records);
  }
  return pipeline::all_done(counters) && never_recorded == 0 ? CommandResult::Completed
                                                             : CommandResult::Incomplete;
}

} // namespace mailroom::commands
