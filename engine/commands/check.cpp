#include <engine/check/samples.hpp>
#include <engine/commands/commands.hpp>
#include <engine/commands/load.hpp>
#include <engine/pipeline/context.hpp>
#include <engine/pipeline/invoice_stream.hpp>
#include <engine/util/text.hpp>

#include <set>
#include <string>
#include <system_error>

// `mailroom check`: every invoice of the job rendered afresh and compared with its approved
// sample, so testers see any change of layout before a run goes out.

namespace mailroom::commands {

using pipeline::JobRecord;
using pipeline::RunContext;

namespace {

struct CheckCounts {
  size_t invoices = 0;
  size_t matching = 0;
  size_t differing = 0;
  size_t missing = 0;
  size_t updated = 0;
  size_t unchanged = 0;
  size_t errors = 0;
  size_t unused = 0; // Samples of invoices the job no longer has.

  void count(check::SampleVerdict verdict) {
    switch (verdict) {
      case check::SampleVerdict::Match:
        ++matching;
        break;
      case check::SampleVerdict::Differs:
        ++differing;
        break;
      case check::SampleVerdict::MissingSample:
        ++missing;
        break;
      case check::SampleVerdict::Updated:
        ++updated;
        break;
      case check::SampleVerdict::Unchanged:
        ++unchanged;
        break;
    }
  }
};

void append_count(std::string& line, size_t count, const char* what) {
  if (count == 0) {
    return;
  }
  line += line.back() == ':' ? " " : ", ";
  line += text::group_thousands(static_cast<long long>(count)) + " " + what;
}

// "36 invoices: 34 match, 1 differs, 1 missing sample".
std::string summary(const CheckCounts& counts) {
  std::string line = text::group_thousands(static_cast<long long>(counts.invoices)) +
                     (counts.invoices == 1 ? " invoice:" : " invoices:");
  append_count(line, counts.matching, "match");
  append_count(line, counts.differing, counts.differing == 1 ? "differs" : "differ");
  append_count(line, counts.missing, counts.missing == 1 ? "missing sample" : "missing samples");
  append_count(line, counts.updated, "updated");
  append_count(line, counts.unchanged, "unchanged");
  append_count(line, counts.errors, counts.errors == 1 ? "error" : "errors");
  append_count(line, counts.unused,
               counts.unused == 1 ? "sample not in the job" : "samples not in the job");
  if (line.back() == ':') {
    line.pop_back();
  }
  return line;
}

void report_error(const std::string& label, const std::vector<Error>& problems) {
  print_errors(problems);
  std::string first = problems.empty() ? std::string("unknown problem") : problems[0].message;
  if (problems.size() > 1) {
    first += " (and " + std::to_string(problems.size() - 1) + " more)";
  }
  std::printf("%s  error: %s\n", label.c_str(), first.c_str());
}

Result<check::SampleOutcome> check_invoice(const RunContext& context,
                                           const check::SampleFolder& samples,
                                           const CheckOptions& options,
                                           const job::Invoice& invoice) {
  const auto& creditor = *context.creditors.find(invoice.creditor);
  auto rendered =
    TRY(pipeline::stream_renderer().render(invoice, creditor, context.letterhead_for(creditor)));
  if (options.mode == SampleMode::Update) {
    return samples.update(invoice.number, rendered.bytes);
  }
  check::CompareOptions comparison;
  comparison.dpi = options.dpi;
  comparison.tolerance_percent = options.tolerance_percent;
  // Poppler reads and rasterises both PDFs alone: PdfFile holds the fonts lock while they are
  // open (pdf/fonts_lock.hpp).
  return samples.check(invoice.number, rendered.bytes, comparison, options.diff_folder);
}

} // namespace

CommandResult check(const std::filesystem::path& job_file, const CheckOptions& options) {
  // 1. Read the job, its creditors and letterheads; refuse it on any problem.
  auto context = load_or_refuse(job_file);
  if (!context) {
    return CommandResult::Refused;
  }
  std::error_code error;
  if (options.mode == SampleMode::Compare &&
      !std::filesystem::is_directory(options.samples, error)) {
    std::fprintf(stderr,
                 "error: %s: the samples folder does not exist (create the samples with "
                 "`mailroom check JOB --samples DIR --update`)\n",
                 options.samples.c_str());
    return CommandResult::Refused;
  }

  // 2. Render each invoice and compare it with its sample (or update the sample), in parallel;
  //    report in job order.
  const check::SampleFolder samples(options.samples);
  CheckCounts counts;
  std::set<std::string> numbers_in_job;
  pipeline::stream_job_records<Result<check::SampleOutcome>>(
    *context, options.threads,
    [&](const job::Invoice& invoice) { return check_invoice(*context, samples, options, invoice); },
    [&](const JobRecord& record, Result<check::SampleOutcome>* outcome) {
      ++counts.invoices;
      numbers_in_job.insert(record.invoice ? record.invoice->number : record.label);
      if (outcome == nullptr) {
        ++counts.errors;
        report_error(record.label, record.problems);
      } else if (!*outcome) {
        ++counts.errors;
        report_error(record.label, {outcome->error()});
      } else {
        counts.count((*outcome)->verdict);
        std::printf("%s  %s\n", record.label.c_str(), (*outcome)->to_string().c_str());
      }
      std::fflush(stdout);
    });

  // 3. Samples the job no longer uses are named, never deleted: the job may be a selection of
  //    the invoices the samples were made for. They do not make the check fail.
  for (const std::string& number : samples.sample_numbers()) {
    if (!numbers_in_job.contains(number)) {
      ++counts.unused;
      std::printf("%s  not in the job: sample kept (delete it if it is obsolete)\n",
                  number.c_str());
    }
  }

  // 4. The summary, and an exit code a test script can rely on.
  std::printf("%s\n", summary(counts).c_str());
  const bool all_good = counts.errors == 0 && counts.differing == 0 && counts.missing == 0;
  return all_good ? CommandResult::Completed : CommandResult::Incomplete;
}

} // namespace mailroom::commands
