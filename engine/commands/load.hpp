#pragma once

#include <engine/commands/commands.hpp>
#include <engine/pipeline/context.hpp>
#include <engine/util/result.hpp>

#include <functional>
#include <memory>
#include <string_view>
#include <vector>

// What every command does first, and how each refuses a job: one wording for all.

namespace mailroom::commands {

// Checks a command makes of the loaded job beyond those of loading it; problems are appended.
using FurtherChecks = std::function<void(const pipeline::RunContext&, std::vector<Error>&)>;

// Reads the job, its creditors, templates and the letterheads `letterheads` has the run draw on
// (pipeline::load_context). On any problem, prints each one and "job refused", and returns null;
// the problems also go to `problems`, when given.
std::unique_ptr<pipeline::RunContext> load_or_refuse(
  const std::filesystem::path& job_file, const FurtherChecks& further_checks = {},
  pipeline::LetterheadChoice letterheads = pipeline::LetterheadChoice::JobDefault,
  std::vector<Error>* problems = nullptr);

// The job's ledger, opened to be read by a command that records nothing (`run --dry-run`,
// `validate`) so that it says what `run` would refuse (a changed reissue): set as the context's
// read-only ledger. None when the job has no ledger yet, or when it cannot be opened (said as a
// warning: the other checks go on).
std::unique_ptr<ledger::Ledger> open_ledger_to_read(pipeline::RunContext& context);

// "error: <problem>" on standard error, one line each.
void print_errors(const std::vector<Error>& problems);

// Prints the problem that refuses the job ("mailroom: job refused<consequence>") and says so.
CommandResult refuse(const Error& problem, std::string_view consequence = {});

} // namespace mailroom::commands
