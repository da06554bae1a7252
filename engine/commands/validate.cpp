#include <engine/commands/commands.hpp>
#include <engine/commands/load.hpp>
#include <engine/steps/routes.hpp>
#include <engine/util/text.hpp>

#include <cstdio>

// `mailroom validate`: every record of the job read, parsed and checked by the same stream and
// the same rules as `run` (a number that came earlier, the debtor's addresses), with nothing
// rendered, sent or written: its verdicts cannot drift from what `run` would do.

namespace mailroom::commands {

namespace {

std::string number_text(size_t count) {
  return text::group_thousands(static_cast<long long>(count));
}

// What the records of the job have wrong with them, said on standard error as each comes by.
struct Findings {
  size_t invoices = 0;
  size_t bad_invoices = 0;
  size_t without_address = 0;

  void take(const pipeline::WorkItem& item) {
    ++invoices;
    for (const auto& warning : item.warnings) {
      std::fprintf(stderr, "warning: %s\n", warning.to_string().c_str());
    }
    const auto& entry = item.entry;
    if (!item.usable()) {
      ++bad_invoices;
      if (item.read_error || item.duplicate) {
        std::fprintf(stderr, "error: %s\n", entry.error.c_str());
      } else {
        print_errors(item.parsed.problems);
      }
    } else if (entry.status == pipeline::InvoiceStatus::Failed) {
      ++bad_invoices;
      std::fprintf(stderr, "error: %s: %s\n", entry.source.c_str(), entry.error.c_str());
    } else if (entry.status == pipeline::InvoiceStatus::InvalidAddress) {
      ++without_address;
      // The addresses are the invoice data's, or those of a recipient override in the ledger:
      // the warnings about them say which.
      const std::string field =
        item.warnings.empty() ? "debtor.emails" : item.warnings.back().location.field;
      std::fprintf(stderr,
                   "warning: %s: %s: invoice %s has no valid address and will not be sent\n",
                   entry.source.c_str(), field.c_str(), entry.number.c_str());
    }
  }
};

} // namespace

CommandResult validate(const std::filesystem::path& job_file) {
  // 1. Read the job, its creditors, templates and letterheads; refuse it on any problem.
  auto context = load_or_refuse(job_file);
  if (!context) {
    return CommandResult::Refused;
  }

  // 2. Stream every record through the rules (a changed reissue against the register, if the job
  //    has a ledger yet); say what is wrong with each, in job order.
  const auto register_reader = open_ledger_to_read(*context);
  Findings findings;
  steps::stream_journeys(*context, pipeline::StreamOptions{}, steps::k_validate_route,
                         [&](const pipeline::WorkItem& item) { findings.take(item); });

  // 3. The summary.
  std::printf("%s invoices read: %s with errors, %s without a valid address\n",
              number_text(findings.invoices).c_str(), number_text(findings.bad_invoices).c_str(),
              number_text(findings.without_address).c_str());
  return findings.bad_invoices == 0 && findings.without_address == 0 ? CommandResult::Completed
                                                                     : CommandResult::Incomplete;
}

} // namespace mailroom::commands
