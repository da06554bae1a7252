#include "run.hpp"

#include <engine/job/addresses.hpp>
#include <engine/job/invoice_reader.hpp>
#include <engine/ledger/run_lock.hpp>
#include <engine/mail/message.hpp>
#include <engine/pipeline/context.hpp>
#include <engine/pipeline/deliver.hpp>
#include <engine/pipeline/invoice_stream.hpp>
#include <engine/pipeline/progress.hpp>
#include <engine/pipeline/report.hpp>
#include <engine/pipeline/stop.hpp>
#include <engine/pipeline/work_item.hpp>
#include <engine/util/text.hpp>
#include <engine/util/text_set.hpp>

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <thread>

namespace mailroom::pipeline {

namespace {

// SIGINT and SIGTERM: the first asks the run to stop taking new invoices and finish the ones
// under way; a second one ends the process at once. Either way the ledger stays consistent: its
// commits are atomic, and an invoice caught between `sending` and `sent` stays `sending`, which
// the next run reports as interrupted. No I/O, no lock.
extern "C" void on_stop_signal(int) {
  if (stop_requested()) {
    ::_exit(exit_code::k_some_not_sent);
  }
  request_stop();
}

// Takes SIGINT and SIGTERM for the duration of a run, on a thread of its own that waits for them
// (sigwait) while every other thread the run starts blocks them. A handler would run on whichever
// thread the kernel picks, and under ThreadSanitizer only once that thread next enters
// instrumented code: a worker asleep in oneTBB's futex could hold a second signal until a reply
// half a second off had come in. The handler stays installed for any thread that was started
// before the run and does not block them. Everything is put back at the end.
class StopSignals {
public:
  StopSignals() {
    clear_stop_request();
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    // Restart interrupted system calls: the flag is read where it matters.
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, &m_previous_interrupt);
    ::sigaction(SIGTERM, &action, &m_previous_terminate);

    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    ::pthread_sigmask(SIG_BLOCK, &signals, &m_previous_mask);
    m_watcher = std::thread([this, signals] { watch(signals); });
  }
  ~StopSignals() {
    m_finished.store(true);
    ::pthread_kill(m_watcher.native_handle(), SIGTERM);
    m_watcher.join();
    ::pthread_sigmask(SIG_SETMASK, &m_previous_mask, nullptr);
    ::sigaction(SIGINT, &m_previous_interrupt, nullptr);
    ::sigaction(SIGTERM, &m_previous_terminate, nullptr);
  }
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

private:
  void watch(sigset_t signals) {
    while (true) {
      int signal = 0;
      if (::sigwait(&signals, &signal) != 0) {
        continue;
      }
      if (m_finished.load()) {
        return;
      }
      on_stop_signal(signal);
    }
  }

  struct sigaction m_previous_interrupt {};
  struct sigaction m_previous_terminate {};
  sigset_t m_previous_mask{};
  std::atomic<bool> m_finished{false};
  std::thread m_watcher;
};

void print_problems(const std::vector<Error>& problems) {
  for (const auto& problem : problems) {
    std::fprintf(stderr, "error: %s\n", problem.to_string().c_str());
  }
}

// Streams every invoice of the job through the stages. Memory stays bounded by the number of
// invoices in flight (a few per thread), however long the job is.
void stream_invoices(RunContext& context, Delivery delivery, ReportWriter* report,
                     ProgressDisplay& progress) {
  StreamOptions options;
  options.threads = context.options.threads;
  // Sending waits for the disk's syncs (the archive, the ledger) and the mail server's replies;
  // with two threads per core the cores render the next invoices meanwhile (bench/README.md:
  // 10-20% more invoices per second to a server or a maildir on disk, none in memory, and each
  // thread's renderer holds about 5 MB).
  options.threads_per_core = delivery == Delivery::Send ? 2 : 1;
  options.limit = context.options.limit;
  // A stop request ends the reading; the invoices already read go on to the end.
  options.on_stop = OnStopRequest::StopReading;
  if (delivery != Delivery::RenderOnly) {
    mail::prepare_message_building();
  }
  stream_records<WorkItem>(
    context, options,
    [&](WorkItem& item) {
      if (item.usable()) {
        deliver(context, item, delivery);
      } else {
        record_unusable(context, item, delivery);
      }
    },
    [&](std::unique_ptr<WorkItem> item) {
      const auto& entry = item->entry;
      if (entry.status == InvoiceStatus::Failed || entry.status == InvoiceStatus::InvalidAddress ||
          entry.status == InvoiceStatus::Interrupted || entry.status == InvoiceStatus::Unknown) {
        progress.note(std::string(entry.number.empty() ? entry.source : entry.number) + ": " +
                      std::string(status_name(entry.status)) + ": " + entry.error);
      }
      if (report) {
        report->add(entry);
      }
      context.counters.count(entry.status);
    });
}

std::unique_ptr<RunContext> load_or_report(const std::filesystem::path& job_file,
                                           const RunOptions& options) {
  std::vector<Error> problems;
  auto context = load_context(job_file, options, problems);
  if (!problems.empty()) {
    print_problems(problems);
    std::fprintf(stderr, "mailroom: job refused: %zu problem%s in its configuration\n",
                 problems.size(), problems.size() == 1 ? "" : "s");
    return nullptr;
  }
  return context;
}

// Opens the JSON report when the options ask for one. Returns false, having said why, when it
// cannot be written: the command then refuses the job.
bool open_report(const RunOptions& options, std::optional<ReportWriter>& report) {
  if (!options.report) {
    return true;
  }
  auto opened = ReportWriter::open(*options.report);
  if (!opened) {
    std::fprintf(stderr, "error: %s\nmailroom: job refused\n", opened.error().to_string().c_str());
    return false;
  }
  report.emplace(std::move(*opened));
  return true;
}

// Completes the JSON report, if there is one; false (having said why) if it could not be.
bool finish_report(std::optional<ReportWriter>& report, const RunContext& context) {
  if (!report) {
    return true;
  }
  if (auto finished = report->finish(context.job.name, context.counters); !finished) {
    std::fprintf(stderr, "error: %s\n", finished.error().to_string().c_str());
    return false;
  }
  return true;
}

} // namespace

int run_job(const std::filesystem::path& job_file, const RunOptions& options) {
  // 1. Read the job, its creditors, templates and letterheads; refuse the job on any problem.
  auto context = load_or_report(job_file, options);
  if (!context) {
    return exit_code::k_refused;
  }
  const bool dry_run = options.sending == Sending::DryRun;
  const StopSignals stop_signals;
  // 2. Take a first look at the job: how many invoices, which creditors. Open the ledger, lock it
  //    against a second run, and open the mailboxes those creditors use (an unreachable one
  //    refuses the job; one no invoice of this job uses is left alone).
  const auto survey =
    job::survey_job(context->job.invoice_files, options.limit,
                    dry_run ? job::SurveyCreditors::No : job::SurveyCreditors::Yes);
  std::optional<ledger::RunLock> run_lock;
  if (!dry_run) {
    if (auto opened = open_ledger(*context); !opened) {
      std::fprintf(stderr, "error: %s\nmailroom: job refused\n",
                   opened.error().to_string().c_str());
      return exit_code::k_refused;
    }
    auto locked = ledger::RunLock::acquire(context->job.ledger, context->job.name);
    if (!locked) {
      std::fprintf(stderr, "error: %s\nmailroom: job refused\n",
                   locked.error().to_string().c_str());
      return exit_code::k_refused;
    }
    run_lock.emplace(std::move(*locked));
    if (auto opened = open_transports(*context, survey.creditors); !opened) {
      std::fprintf(stderr, "error: %s\nmailroom: job refused: nothing was sent\n",
                   opened.error().to_string().c_str());
      close_transports(*context);
      return exit_code::k_refused;
    }
  }
  std::optional<ReportWriter> report;
  if (!open_report(options, report)) {
    return exit_code::k_refused;
  }

  // 3. Stream the invoices: read → validate → render → build mail → send → record.
  context->counters.total = survey.records;
  ProgressDisplay progress(options.progress, context->counters);
  progress.start(context->job.name);
  stream_invoices(*context, dry_run ? Delivery::BuildOnly : Delivery::Send,
                  report ? &*report : nullptr, progress);
  progress.finish();
  close_transports(*context);
  // The last marks (sent, failed) are committed but not yet synced to disk: sync them before the
  // report says they happened.
  bool ledger_synced = true;
  if (context->ledger) {
    if (auto synced = context->ledger->sync(); !synced) {
      ledger_synced = false;
      std::fprintf(stderr,
                   "error: %s\nmailroom: the ledger's last records may be lost if this machine "
                   "stops now; its invoices would then show as interrupted\n",
                   synced.error().to_string().c_str());
    }
  }

  // 4. Report: the summary line always, the JSON report when asked.
  std::printf("%s%s\n", summary_line(context->counters).c_str(),
              dry_run ? " (dry run: nothing sent or recorded)" : "");
  const size_t total = context->counters.total;
  const size_t done = context->counters.done;
  const size_t not_started = total > done ? total - done : 0;
  if (stop_requested() && not_started > 0) {
    std::fprintf(stderr,
                 "mailroom: stopped by a signal: %zu invoice%s not started; run the job "
                 "again to send them\n",
                 not_started, not_started == 1 ? "" : "s");
  }
  if (!finish_report(report, *context)) {
    return exit_code::k_some_not_sent;
  }
  if ((stop_requested() && not_started > 0) || !ledger_synced) {
    return exit_code::k_some_not_sent;
  }
  return exit_code_for(context->counters);
}

int render_job(const std::filesystem::path& job_file, const std::filesystem::path& out,
               const RunOptions& options) {
  auto context = load_or_report(job_file, options);
  if (!context) {
    return exit_code::k_refused;
  }
  std::error_code error;
  std::filesystem::create_directories(out, error);
  if (error) {
    std::fprintf(stderr, "error: %s: cannot create the folder: %s\n", out.c_str(),
                 error.message().c_str());
    return exit_code::k_refused;
  }
  std::optional<ReportWriter> report;
  if (!open_report(options, report)) {
    return exit_code::k_refused;
  }
  context->counters.total =
    job::survey_job(context->job.invoice_files, options.limit, job::SurveyCreditors::No).records;
  ProgressDisplay progress(options.progress, context->counters);
  progress.start(context->job.name);
  context->render_folder = out;
  stream_invoices(*context, Delivery::RenderOnly, report ? &*report : nullptr, progress);
  progress.finish();
  std::printf("%s; PDFs are in %s\n", summary_line(context->counters).c_str(), out.c_str());
  if (!finish_report(report, *context)) {
    return exit_code::k_some_not_sent;
  }
  return context->counters.failed == 0 ? exit_code::k_success : exit_code::k_some_not_sent;
}

int validate_job(const std::filesystem::path& job_file) {
  RunOptions options;
  std::vector<Error> problems;
  auto context = load_context(job_file, options, problems);
  print_problems(problems);
  if (!context || !problems.empty()) {
    std::fprintf(stderr, "mailroom: job refused: %zu problem%s in its configuration\n",
                 problems.size(), problems.size() == 1 ? "" : "s");
    return exit_code::k_refused;
  }
  job::InvoiceReader reader(context->job.invoice_files);
  util::TextSet numbers_seen;
  size_t invoices = 0;
  size_t bad_invoices = 0;
  size_t without_address = 0;
  while (auto next = reader.next()) {
    ++invoices;
    if (!*next) {
      ++bad_invoices;
      std::fprintf(stderr, "error: %s\n", next->error().to_string().c_str());
      continue;
    }
    auto parsed = job::parse_invoice(**next, context->creditors);
    if (!parsed.ok()) {
      ++bad_invoices;
      print_problems(parsed.problems);
      continue;
    }
    const auto& invoice = parsed.invoice;
    if (!numbers_seen.insert(invoice.number)) {
      ++bad_invoices;
      std::fprintf(stderr, "error: %s:%ld: number: %s appears more than once in this job\n",
                   invoice.source.file.c_str(), invoice.source.line, invoice.number.c_str());
      continue;
    }
    const auto addresses = job::split_addresses(invoice.debtor.emails);
    for (const auto& rejected : addresses.rejected) {
      std::fprintf(stderr, "warning: %s:%ld: debtor.emails: \"%s\": %s\n",
                   invoice.source.file.c_str(), invoice.source.line, rejected.address.c_str(),
                   rejected.reason.c_str());
    }
    if (addresses.valid.empty()) {
      ++without_address;
      std::fprintf(stderr,
                   "warning: %s:%ld: debtor.emails: invoice %s has no valid address and "
                   "will not be sent\n",
                   invoice.source.file.c_str(), invoice.source.line, invoice.number.c_str());
    }
  }
  std::printf("%s invoices read: %s with errors, %s without a valid address\n",
              text::group_thousands(static_cast<long long>(invoices)).c_str(),
              text::group_thousands(static_cast<long long>(bad_invoices)).c_str(),
              text::group_thousands(static_cast<long long>(without_address)).c_str());
  return bad_invoices == 0 && without_address == 0 ? exit_code::k_success
                                                   : exit_code::k_some_not_sent;
}

} // namespace mailroom::pipeline
