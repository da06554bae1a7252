#include "cli_support.hpp"

#include <engine/commands/commands.hpp>

#include <iostream>

// The command line of `mailroom report JOB` and `mailroom ledger copy FROM TO`.

namespace mailroom::cli {

namespace options = boost::program_options;

namespace {

constexpr int k_success = exit_code(commands::CommandResult::Completed);

int ledger_copy(const std::vector<std::string>& arguments) {
  options::options_description named("Options of `mailroom ledger copy`");
  named.add_options()("help,h", "show this help");
  options::variables_map values;
  parse(arguments, named, values, {"from", "to"});
  if (values.count("help")) {
    std::cout << "Usage: mailroom ledger copy FROM TO\n\n"
              << "Copies every row of the ledger FROM into the new, empty ledger TO, in one\n"
              << "transaction, then reads both again and compares them row by row. Either may be\n"
              << "an SQLite file or a PostgreSQL database (postgresql://user@host/database; the\n"
              << "password from PGPASSWORD or ~/.pgpass). Moves a ledger from one machine to a\n"
              << "database several workers share, and back. Stop the runs of both first.\n\n"
              << named << "\n";
    return k_success;
  }
  if (!values.count("from") || !values.count("to")) {
    return usage_error("ledger copy: expected `mailroom ledger copy FROM TO`");
  }
  return exit_code(
    commands::ledger_copy(values["from"].as<std::string>(), values["to"].as<std::string>()));
}

} // namespace

int report_command(const std::vector<std::string>& arguments) {
  options::options_description named("Options of `mailroom report`");
  named.add_options()("report", options::value<std::string>(),
                      "also write the JSON report, as `run --report` writes it, to FILE")(
    "help,h", "show this help");
  options::variables_map values;
  parse(arguments, named, values);
  if (values.count("help")) {
    std::cout << "Usage: mailroom report JOB [--report FILE]\n\n"
              << "What the ledger records of the job, whatever ran it: one run, or the shards of\n"
              << "several workers (`run --shard`). Prints each invoice that was not sent, with\n"
              << "why, and the summary; exit code 0 only when every invoice of the job is sent.\n\n"
              << named << "\n";
    return k_success;
  }
  if (!values.count("job")) {
    return usage_error("report: expected `mailroom report JOB`");
  }
  std::optional<std::filesystem::path> report;
  if (values.count("report")) {
    report = values["report"].as<std::string>();
  }
  return exit_code(commands::job_report(values["job"].as<std::string>(), report));
}

int ledger_command(const std::vector<std::string>& arguments) {
  if (!arguments.empty() && arguments[0] == "copy") {
    return ledger_copy({arguments.begin() + 1, arguments.end()});
  }
  if (!arguments.empty() && (arguments[0] == "--help" || arguments[0] == "-h")) {
    return ledger_copy({"--help"});
  }
  return usage_error("ledger: expected `mailroom ledger copy FROM TO`");
}

} // namespace mailroom::cli
