#include "commands.hpp"

#include <engine/ledger/ledger_copy.hpp>

#include <cstdio>

namespace mailroom::commands {

namespace {

CommandResult copy_refused(const Error& problem) {
  std::fprintf(stderr, "error: %s\nmailroom: ledger copy refused\n", problem.to_string().c_str());
  return CommandResult::Refused;
}

} // namespace

CommandResult ledger_copy(const std::string& from, const std::string& to) {
  const auto source = ledger::address_from_command_line(from);
  const auto target = ledger::address_from_command_line(to);
  if (!ledger::exists(source)) {
    return copy_refused(make_error("no ledger at " + source.shown()));
  }
  auto copied = ledger::copy_ledger(source, target);
  if (!copied) {
    return copy_refused(copied.error());
  }
  std::int64_t rows = 0;
  for (const auto& table : *copied) {
    std::printf("%-20s %10lld rows\n", table.name.c_str(), static_cast<long long>(table.rows));
    rows += table.rows;
  }
  std::printf("copied %lld rows from %s to %s, and checked each\n", static_cast<long long>(rows),
              source.shown().c_str(), target.shown().c_str());
  return CommandResult::Completed;
}

} // namespace mailroom::commands
