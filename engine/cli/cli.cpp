#include "cli.hpp"

#include <engine/pipeline/run.hpp>

#include <boost/program_options.hpp>

#include <cstdio>
#include <exception>
#include <iostream>

namespace mailroom::cli {

namespace options = boost::program_options;

namespace {

constexpr const char* k_version = "mailroom 0.1.0";

constexpr const char* k_overview = R"(mailroom: renders invoices to PDF on each company's letterhead and emails them
to debtors through each company's mailbox, recording when each one was sent.

Usage:
  mailroom run JOB [options]        send the invoices of a job
  mailroom validate JOB             read everything, report every problem, send nothing
  mailroom render JOB --out DIR     write the PDFs only
  mailroom help COMMAND             options of a command
  mailroom --version

JOB is a TOML job file naming the creditors file, the invoice files (JSON Lines),
the ledger (SQLite) and the archive folder. See README.md for the formats.

Exit codes:
  0  every invoice was sent (or had been sent by an earlier run of the job)
  1  some invoices were not sent: bad data, no valid address, or a delivery failure;
     each is listed on standard error, in the ledger and in the --report file
  2  the job was refused and nothing was sent: bad configuration, a missing
     template or letterhead, an unreachable mailbox, or wrong usage
)";

options::options_description run_options() {
  options::options_description description("Options of `mailroom run`");
  description.add_options()
    ("threads", options::value<unsigned>()->default_value(0),
     "worker threads; 0 uses one per core")
    ("limit", options::value<size_t>(), "send only the first N invoices of the job")
    ("dry-run", "render and build every mail, but send and record nothing")
    ("resend", "send again invoices the ledger already records as sent (or as interrupted "
               "while sending)")
    ("report", options::value<std::string>(), "write a JSON report of every invoice to FILE")
    ("progress", options::value<std::string>()->default_value("auto"),
     "auto (a bar on a terminal, else plain), bar, plain (a line every 5 seconds, for logs), "
     "json (one object per line), none")
    ("help,h", "show this help");
  return description;
}

options::options_description render_options() {
  options::options_description description("Options of `mailroom render`");
  description.add_options()
    ("out", options::value<std::string>(), "folder to write <number>.pdf files into (required)")
    ("threads", options::value<unsigned>()->default_value(0), "worker threads; 0 uses one per core")
    ("limit", options::value<size_t>(), "render only the first N invoices")
    ("progress", options::value<std::string>()->default_value("auto"),
     "auto, bar, plain, json or none")
    ("help,h", "show this help");
  return description;
}

options::options_description validate_options() {
  options::options_description description("Options of `mailroom validate`");
  description.add_options()("help,h", "show this help");
  return description;
}

int usage_error(const std::string& message) {
  std::fprintf(stderr, "mailroom: %s\nTry `mailroom --help`.\n", message.c_str());
  return pipeline::exit_code::k_refused;
}

pipeline::ProgressStyle parse_progress(const std::string& text, bool& ok) {
  ok = true;
  if (text == "auto") {
    return pipeline::ProgressStyle::Automatic;
  }
  if (text == "bar") {
    return pipeline::ProgressStyle::Bar;
  }
  if (text == "plain") {
    return pipeline::ProgressStyle::Plain;
  }
  if (text == "json") {
    return pipeline::ProgressStyle::Json;
  }
  if (text == "none") {
    return pipeline::ProgressStyle::None;
  }
  ok = false;
  return pipeline::ProgressStyle::Automatic;
}

// Parses the arguments after the command name: one positional JOB plus the command's options.
bool parse(const std::vector<std::string>& arguments, const options::options_description& named,
           options::variables_map& values) {
  options::options_description all;
  all.add(named);
  all.add_options()("job", options::value<std::string>());
  options::positional_options_description positional;
  positional.add("job", 1);
  options::store(options::command_line_parser(arguments).options(all).positional(positional).run(),
                 values);
  options::notify(values);
  return true;
}

int command(const std::string& name, const std::vector<std::string>& arguments) {
  const auto named = name == "run"      ? run_options()
                     : name == "render" ? render_options()
                                        : validate_options();
  options::variables_map values;
  parse(arguments, named, values);
  if (values.count("help")) {
    std::cout << "Usage: mailroom " << name << " JOB"
              << (name == "render" ? " --out DIR" : "") << (name == "validate" ? "" : " [options]")
              << "\n\n"
              << named << "\n";
    return pipeline::exit_code::k_success;
  }
  if (!values.count("job")) {
    return usage_error(name + ": which job? Give the path of a job file (TOML)");
  }
  const std::filesystem::path job = values["job"].as<std::string>();
  if (name == "validate") {
    return pipeline::validate_job(job);
  }
  pipeline::RunOptions run;
  run.threads = values["threads"].as<unsigned>();
  if (values.count("limit")) {
    run.limit = values["limit"].as<size_t>();
  }
  bool ok = false;
  run.progress = parse_progress(values["progress"].as<std::string>(), ok);
  if (!ok) {
    return usage_error("--progress takes auto, bar, plain, json or none");
  }
  if (name == "render") {
    if (!values.count("out")) {
      return usage_error("render: --out DIR is required");
    }
    return pipeline::render_job(job, values["out"].as<std::string>(), run);
  }
  if (values.count("dry-run")) {
    run.sending = pipeline::Sending::DryRun;
  }
  if (values.count("resend")) {
    run.resending = pipeline::Resending::ResendSent;
  }
  if (values.count("report")) {
    run.report = values["report"].as<std::string>();
  }
  return pipeline::run_job(job, run);
}

} // namespace

int run(const std::vector<std::string>& arguments) {
  // The one place where anything thrown below turns into a message and an exit code.
  try {
    if (arguments.empty() || arguments[0] == "--help" || arguments[0] == "-h") {
      std::cout << k_overview;
      return arguments.empty() ? pipeline::exit_code::k_refused : pipeline::exit_code::k_success;
    }
    if (arguments[0] == "--version") {
      std::cout << k_version << "\n";
      return pipeline::exit_code::k_success;
    }
    const std::string& name = arguments[0];
    std::vector<std::string> rest(arguments.begin() + 1, arguments.end());
    if (name == "help") {
      if (rest.empty()) {
        std::cout << k_overview;
        return pipeline::exit_code::k_success;
      }
      return command(rest[0], {"--help"});
    }
    if (name == "run" || name == "validate" || name == "render") {
      return command(name, rest);
    }
    return usage_error("unknown command \"" + name + "\"; expected run, validate or render");
  } catch (const options::error& error) {
    return usage_error(error.what());
  } catch (const std::exception& error) {
    std::fprintf(stderr, "mailroom: internal error: %s\n", error.what());
    return pipeline::exit_code::k_refused;
  }
}

} // namespace mailroom::cli
