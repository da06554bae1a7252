#include "cli_support.hpp"

#include <engine/commands/receivables.hpp>

#include <iostream>

// `mailroom remind`: its options and help.

namespace mailroom::cli {

namespace options = boost::program_options;

namespace {

constexpr const char* k_usage = R"(Usage: mailroom remind JOB [options]

Sends the payment reminders due, as of today or --as-of DATE, for every invoice in
JOB's ledger of a creditor with reminder levels ([[creditor.reminder]] in the
creditors file). Level k goes out when the invoice is still open, the day is at
least its due date + after_days of level k, and level k-1 went out (and a server
accepted it) at least the days between the two levels before. One level per
invoice per run, never a level twice, never for an invoice paid, credited, never
sent or whose delivery is unknown. Each reminder is a PDF letter on the
creditor's letterhead, mailed with the invoice as it was sent (from the archive).
Run it daily or weekly: it catches up one level at a time.

Exit codes: 0 every reminder due was sent (all of them: --limit N sends at most
N), 1 some were not (each listed on standard error, in the ledger and in
--report) or were held for an old bank statement, 2 refused (nothing sent).

)";

options::options_description remind_options() {
  options::options_description description("Options of `mailroom remind`");
  // An option per line, as the help lists them.
  // clang-format off
  description.add_options()
    ("as-of", options::value<std::string>(),
     "the day the reminders are for, YYYY-MM-DD (default: today); the letter is dated it")
    ("dry-run", "build every reminder (letter and mail) that is due, but send and record nothing")
    ("limit", options::value<size_t>(), "send at most N reminders")
    ("threads", options::value<unsigned>()->default_value(0),
     "worker threads; 0 uses two per core (one per core with --dry-run)")
    ("resend-unknown", "send again reminders whose delivery is unknown: the server never "
                       "confirmed them, or an earlier run stopped while sending them")
    ("report", options::value<std::string>(), "write a JSON report of every reminder to FILE")
    ("progress", options::value<std::string>()->default_value("auto"),
     "auto (a bar on a terminal, else plain), bar, plain, json or none")
    ("log-format", options::value<std::string>()->default_value("text"),
     "text, or json for log shippers: every line becomes one JSON object (as for `mailroom run`)")
    ("help,h", "show this help");
  // clang-format on
  return description;
}

} // namespace

int remind_command(const std::vector<std::string>& arguments) {
  const auto named = remind_options();
  options::variables_map values;
  parse(arguments, named, values);
  if (values.count("help")) {
    std::cout << k_usage << named << "\n";
    return exit_code(commands::CommandResult::Completed);
  }
  if (!values.count("job")) {
    return usage_error("remind: which job? Give the path of a job file (TOML)");
  }
  commands::RemindOptions settings;
  std::string problem;
  settings.as_of = date_option(values, "as-of", problem).value_or(time::today());
  if (!problem.empty()) {
    return usage_error("remind: " + problem);
  }
  int refused = exit_code(commands::CommandResult::Refused);
  auto run = read_run_options(values, refused);
  if (!run) {
    return refused;
  }
  settings.run = std::move(*run);
  return exit_code(commands::remind(values["job"].as<std::string>(), settings));
}

} // namespace mailroom::cli
