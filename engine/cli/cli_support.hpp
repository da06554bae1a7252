#pragma once

#include <engine/commands/commands.hpp>
#include <engine/pipeline/options.hpp>
#include <engine/util/time.hpp>

#include <boost/program_options.hpp>

#include <optional>
#include <string>
#include <vector>

// What every command's part of the command line shares: the exit codes (decided only here, in
// cli/), the wording of a usage error, and reading a command's arguments.

namespace mailroom::cli {

// The process's exit codes (commands.hpp).
using commands::exit_code;

// Prints the usage error and returns the exit code of a refusal.
int usage_error(const std::string& message);

// Parses the arguments after the command name: the command's options plus its positional
// arguments, which take the given names in order (each once).
void parse(const std::vector<std::string>& arguments,
           const boost::program_options::options_description& named,
           boost::program_options::variables_map& values,
           const std::vector<std::string>& positional_names = {"job"});

// The date of option `name` (YYYY-MM-DD); none when it is not given, or, with `problem` saying
// why, when it is not a date.
std::optional<time::Date> date_option(const boost::program_options::variables_map& values,
                                      const char* name, std::string& problem);

// The options of the commands that stream documents (`run`, `render`, `remind`), each where the
// command has it: --threads, --limit, --progress, --report, --dry-run, --resend-unknown, --resend,
// --only, --letterhead, --metrics, --log-format (which sets the process's log format,
// util/log.hpp). The settings, or none with the usage error said (and `refusal_code` its exit
// code).
std::optional<pipeline::RunOptions> read_run_options(
  const boost::program_options::variables_map& values, int& refusal_code);

// The commands of the register (register_commands.cpp): `invoices`, `invoice show`,
// `payment add`, `payment list`, `bank import`, `numbering`. Each returns the exit code.
int invoices_command(const std::vector<std::string>& arguments);
int invoice_command(const std::vector<std::string>& arguments);
int payment_command(const std::vector<std::string>& arguments);
int bank_command(const std::vector<std::string>& arguments);
int numbering_command(const std::vector<std::string>& arguments);
// `mailroom remind` (remind_command.cpp).
int remind_command(const std::vector<std::string>& arguments);
int console_command(const std::vector<std::string>& arguments);
// `mailroom report` and `mailroom ledger copy` (ledger_commands.cpp).
int report_command(const std::vector<std::string>& arguments);
int ledger_command(const std::vector<std::string>& arguments);

} // namespace mailroom::cli
