#include "load.hpp"

#include <engine/util/log.hpp>

#include <cstdio>
#include <string>

namespace mailroom::commands {

void print_errors(const std::vector<Error>& problems) {
  for (const auto& problem : problems) {
    log::write(log::error("problem", problem.to_string()));
  }
}

std::unique_ptr<pipeline::RunContext> load_or_refuse(const std::filesystem::path& job_file,
                                                     const FurtherChecks& further_checks,
                                                     pipeline::LetterheadChoice letterheads,
                                                     std::vector<Error>* problems_found) {
  auto loaded = pipeline::load_context(job_file, letterheads);
  std::vector<Error> problems = loaded.problems();
  if (loaded && further_checks) {
    further_checks(**loaded, problems);
  }
  if (problems.empty()) {
    return std::move(*loaded);
  }
  if (problems_found != nullptr) {
    *problems_found = problems;
  }
  print_errors(problems);
  log::write(log::note("refused",
                       "job refused: " + std::to_string(problems.size()) + " problem" +
                         (problems.size() == 1 ? "" : "s") + " in its configuration",
                       log::Level::Error));
  return nullptr;
}

std::unique_ptr<ledger::Ledger> open_ledger_to_read(pipeline::RunContext& context) {
  if (!ledger::exists(context.job.ledger)) {
    return nullptr;
  }
  auto opened = ledger::Ledger::open(context.job.ledger);
  if (!opened) {
    log::write(log::warning("warning", opened.error().to_string()));
    log::write(log::note("warning", "the invoices are not checked against the register",
                         log::Level::Warning));
    return nullptr;
  }
  context.read_only_ledger = opened->get();
  return std::move(*opened);
}

CommandResult refuse(const Error& problem, std::string_view consequence) {
  log::write(log::error("problem", problem.to_string()));
  log::write(log::note("refused", "job refused" + std::string(consequence), log::Level::Error));
  return CommandResult::Refused;
}

} // namespace mailroom::commands
