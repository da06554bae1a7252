#include "load.hpp"

#include <cstdio>
#include <string>

namespace mailroom::commands {

void print_errors(const std::vector<Error>& problems) {
  for (const auto& problem : problems) {
    std::fprintf(stderr, "error: %s\n", problem.to_string().c_str());
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
  std::fprintf(stderr, "mailroom: job refused: %zu problem%s in its configuration\n",
               problems.size(), problems.size() == 1 ? "" : "s");
  return nullptr;
}

std::unique_ptr<ledger::Ledger> open_ledger_to_read(pipeline::RunContext& context) {
  if (!ledger::exists(context.job.ledger)) {
    return nullptr;
  }
  auto opened = ledger::Ledger::open(context.job.ledger);
  if (!opened) {
    std::fprintf(stderr,
                 "warning: %s\nmailroom: the invoices are not checked against the register\n",
                 opened.error().to_string().c_str());
    return nullptr;
  }
  context.read_only_ledger = opened->get();
  return std::move(*opened);
}

CommandResult refuse(const Error& problem, std::string_view consequence) {
  std::fprintf(stderr, "error: %s\nmailroom: job refused%s\n", problem.to_string().c_str(),
               std::string(consequence).c_str());
  return CommandResult::Refused;
}

} // namespace mailroom::commands
