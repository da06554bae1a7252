#include "cli.hpp"

#include "cli_support.hpp"

#include <engine/commands/commands.hpp>

#include <boost/program_options.hpp>

#include <cstdio>
#include <exception>
#include <iostream>
#include <optional>
#include <string_view>
#include <vector>

namespace mailroom::cli {

namespace options = boost::program_options;

namespace {

constexpr int k_success = exit_code(commands::CommandResult::Completed);
constexpr int k_refused = exit_code(commands::CommandResult::Refused);

constexpr const char* k_version = "mailroom 0.1.0";
constexpr unsigned long k_maximum_threads = 256;
constexpr const char* k_command_names =
  "run, validate, render, check, print, invoices, invoice, payment, bank, remind, numbering, "
  "console, report or ledger";

constexpr const char* k_overview =
  R"(mailroom: renders invoices to PDF on each company's letterhead and emails them
to debtors through each company's mailbox, recording when each one was sent.

Usage:
  mailroom run JOB [options]        send the invoices of a job
  mailroom validate JOB             read everything, report every problem, send nothing
  mailroom render JOB --out DIR     write the PDFs only
  mailroom check JOB --samples DIR  compare the rendered invoices with approved samples
  mailroom print JOB --out FILE     all invoices in one PDF, for the printer

Following up (each reads JOB's ledger, or the one given with --ledger FILE):
  mailroom invoices JOB [filters]   the invoice list: open, overdue, paid, sent...
  mailroom invoice show NUMBER JOB  one invoice: facts, deliveries, payments, PDF
  mailroom invoice recipient NUMBER JOB --to "a@x.nl; b@y.nl"
                                    send one invoice elsewhere (--clear: back to its data)
  mailroom payment add NUMBER JOB --amount 12.34 --date YYYY-MM-DD --method bank
                                    register a payment by hand
  mailroom payment list JOB         the payments registered
  mailroom bank import JOB FILE...  read bank statements (CAMT.053) and record their payments
  mailroom remind JOB [options]     send the payment reminders due (--as-of DATE, --dry-run)
  mailroom numbering JOB            the gaps in each creditor's invoice numbering, explained

Several workers, one job (a PostgreSQL ledger: ledger = "postgresql://..."):
  mailroom run JOB --shard K/N      send shard K of N (auto/N: from JOB_COMPLETION_INDEX)
  mailroom report JOB               the whole job's summary from the ledger (--report FILE)
  mailroom ledger copy FROM TO      an SQLite ledger into PostgreSQL (or back), checked

In a browser:
  mailroom console JOB              the operator console: the invoice list, each invoice
                                    with its PDF and deliveries (--read-only, --listen)

  mailroom help COMMAND             options of a command ("help invoice show" too)
  mailroom --version

JOB is a TOML job file naming the creditors file, the invoice files (JSON Lines),
the ledger (an SQLite file, or a PostgreSQL database several workers share) and
the archive folder. See README.md for the formats.

Exit codes:
  0  every invoice was sent (or had been sent by an earlier run of the job)
  1  some invoices were not sent: bad data, no valid address, or a delivery failure;
     each is listed on standard error, in the ledger and in the --report file;
     or the ledger could not be synced to disk at the end of the run
  2  the job was refused and nothing was sent: bad configuration, a missing
     template or letterhead, an unreachable mailbox, or wrong usage
The commands that follow up use the same codes: 0 done, 1 something not done
(a list cut short, a payment entered twice, an archived PDF that differs),
2 refused (no such ledger, a payment the register cannot take, wrong usage).
)";

options::options_description run_options() {
  options::options_description description("Options of `mailroom run`");
  // An option per line, as the help lists them.
  // clang-format off
  description.add_options()
    ("threads", options::value<unsigned>()->default_value(0),
     "worker threads; 0 uses two per core (one per core with --dry-run): sending waits for "
     "the disk and the mail server, and the other threads render meanwhile")
    ("limit", options::value<size_t>(), "send only the first N invoices of the job")
    ("only", options::value<std::vector<std::string>>()->composing(),
     "send only this invoice: NUMBER, or CREDITOR/NUMBER when creditors share numbers; repeat "
     "for more. One the job does not have is reported as failed")
    ("shard", options::value<std::string>(),
     "K/N: send only shard K (0 to N-1) of the job's invoices, by a stable hash of creditor and "
     "number, so that N workers share one job and one ledger (PostgreSQL); auto/N takes K from "
     "JOB_COMPLETION_INDEX (a Kubernetes Indexed Job). Workers given the same shard by mistake "
     "still send each invoice once")
    ("run-id", options::value<std::string>(),
     "NAME the workers of one run share (e.g. the Kubernetes Job's name): a mailbox's "
     "max_per_run then counts the messages of all of them together, in the ledger they share, "
     "instead of each worker's own. A new NAME starts a new count")
    ("letterhead", options::value<std::string>(),
     "on or off: every invoice on its creditor's letterhead, or none (default: as the job and "
     "creditors files say; a creditor without a letterhead file sends without)")
    ("dry-run", "render and build every mail, but send and record nothing")
    ("resend-unknown", "send again invoices whose delivery is unknown: the server never "
                       "confirmed them, or an earlier run stopped while sending them (never "
                       "those recorded as sent)")
    ("resend", "send again invoices the ledger already records as sent (or as interrupted "
               "while sending)")
    ("report", options::value<std::string>(), "write a JSON report of every invoice to FILE")
    ("progress", options::value<std::string>()->default_value("auto"),
     "auto (a bar on a terminal, else plain), bar, plain (a line every 5 seconds, for logs), "
     "json (one object per line), none")
    ("log-format", options::value<std::string>()->default_value("text"),
     "text, or json for log shippers: every line the run writes (progress every 5 seconds, each "
     "invoice not sent, problems, the summary on standard output) becomes one JSON object with "
     "the keys time, level, event, job and message (invoice, creditor and status on an "
     "invoice's line, counts on progress and summary lines); no passwords, no mail bodies. "
     "Turns the bar into JSON progress lines")
    ("metrics", options::value<std::string>(),
     "write Prometheus metrics to FILE (node_exporter's textfile collector; name it *.prom in "
     "the collector's folder, which must exist): at the start, every 5 seconds and at the end, "
     "each time replacing the file at once. Invoices by outcome, retries, send time per mailbox, "
     "render time, exit code, last success (README.md, \"Monitoring\")")
    ("help,h", "show this help");
  // clang-format on
  return description;
}

options::options_description render_options() {
  options::options_description description("Options of `mailroom render`");
  // An option per line, as the help lists them.
  // clang-format off
  description.add_options()
    ("out", options::value<std::string>(), "folder to write <number>.pdf files into (required)")
    ("threads", options::value<unsigned>()->default_value(0), "worker threads; 0 uses one per core")
    ("limit", options::value<size_t>(), "render only the first N invoices")
    ("only", options::value<std::vector<std::string>>()->composing(),
     "render only this invoice: NUMBER or CREDITOR/NUMBER; repeat for more")
    ("letterhead", options::value<std::string>(),
     "on or off: every invoice on its creditor's letterhead, or none (default: as the job says)")
    ("report", options::value<std::string>(),
     "write a JSON report of every invoice to FILE, with how long each took to render")
    ("progress", options::value<std::string>()->default_value("auto"),
     "auto, bar, plain, json or none")
    ("help,h", "show this help");
  // clang-format on
  return description;
}

options::options_description check_options() {
  options::options_description description("Options of `mailroom check`");
  // An option per line, as the help lists them.
  // clang-format off
  description.add_options()
    ("samples", options::value<std::string>(),
     "folder of approved samples, <number>.pdf per invoice (required)")
    ("dpi", options::value<double>()->default_value(72, "72"),
     "resolution at which pages are rasterised and compared")
    ("tolerance", options::value<double>()->default_value(0.1, "0.1"),
     "percentage of a page's pixels that may differ before the page counts as changed")
    ("diff-dir", options::value<std::string>(),
     "write <number>-page<N>.png for each differing page: the sample faded, changes in red")
    ("update", "make the fresh renderings the samples (after review); reports updated or "
               "unchanged per invoice")
    ("threads", options::value<unsigned>()->default_value(0), "worker threads; 0 uses one per core")
    ("help,h", "show this help");
  // clang-format on
  return description;
}

options::options_description print_options() {
  options::options_description description("Options of `mailroom print`");
  // An option per line, as the help lists them.
  // clang-format off
  description.add_options()
    ("out", options::value<std::string>(), "the PDF to write (required)")
    ("letterhead", "print each creditor's letterhead too (for plain paper)")
    ("no-letterhead", "leave the letterhead out, for pre-printed paper (the default)")
    ("duplex", "start every invoice on an odd page, for printing on both sides")
    ("threads", options::value<unsigned>()->default_value(0), "worker threads; 0 uses one per core")
    ("help,h", "show this help");
  // clang-format on
  return description;
}

options::options_description validate_options() {
  options::options_description description("Options of `mailroom validate`");
  description.add_options()("help,h", "show this help");
  return description;
}

bool valid_thread_count(const std::string& value) {
  return !value.empty() && value.find_first_not_of("0123456789") == std::string::npos &&
         value.size() <= 4 && std::stoul(value) <= k_maximum_threads;
}

int check_command(const std::vector<std::string>& arguments) {
  const auto named = check_options();
  options::variables_map values;
  parse(arguments, named, values);
  if (values.count("help")) {
    std::cout << "Usage: mailroom check JOB --samples DIR [options]\n\n"
              << "Renders each invoice of the job and compares it with DIR/<number>.pdf: page\n"
              << "count, the text of each page, and each page's pixels. Prints one line per\n"
              << "invoice. Exit code 0 only if every invoice matches its sample.\n\n"
              << named << "\n";
    return k_success;
  }
  if (!values.count("job")) {
    return usage_error("check: which job? Give the path of a job file (TOML)");
  }
  if (!values.count("samples")) {
    return usage_error("check: --samples DIR is required");
  }
  commands::CheckOptions settings;
  settings.samples = values["samples"].as<std::string>();
  settings.dpi = values["dpi"].as<double>();
  settings.tolerance_percent = values["tolerance"].as<double>();
  settings.threads = values["threads"].as<unsigned>();
  if (!(settings.dpi >= 10 && settings.dpi <= 1200)) {
    return usage_error("--dpi takes a resolution from 10 to 1200");
  }
  if (!(settings.tolerance_percent >= 0 && settings.tolerance_percent <= 100)) {
    return usage_error("--tolerance takes a percentage from 0 to 100");
  }
  if (values.count("diff-dir")) {
    settings.diff_folder = values["diff-dir"].as<std::string>();
  }
  if (values.count("update")) {
    settings.mode = commands::SampleMode::Update;
  }
  return exit_code(commands::check(values["job"].as<std::string>(), settings));
}

int print_command(const std::vector<std::string>& arguments) {
  const auto named = print_options();
  options::variables_map values;
  parse(arguments, named, values);
  if (values.count("help")) {
    std::cout << "Usage: mailroom print JOB --out FILE.pdf [options]\n\n"
              << "Writes every invoice of the job, in job order, into one PDF for printing.\n\n"
              << named << "\n";
    return k_success;
  }
  if (!values.count("job")) {
    return usage_error("print: which job? Give the path of a job file (TOML)");
  }
  if (!values.count("out")) {
    return usage_error("print: --out FILE.pdf is required");
  }
  if (values.count("letterhead") && values.count("no-letterhead")) {
    return usage_error("print: give either --letterhead or --no-letterhead, not both");
  }
  commands::PrintOptions settings;
  settings.out = values["out"].as<std::string>();
  settings.threads = values["threads"].as<unsigned>();
  if (values.count("letterhead")) {
    settings.letterhead = render::Letterhead::Include;
  }
  if (values.count("duplex")) {
    settings.duplex = print::Duplex::On;
  }
  return exit_code(commands::print(values["job"].as<std::string>(), settings));
}

int command(const std::string& name, const std::vector<std::string>& arguments) {
  if (name == "check") {
    return check_command(arguments);
  }
  if (name == "print") {
    return print_command(arguments);
  }
  const auto named = name == "run"      ? run_options()
                     : name == "render" ? render_options()
                                        : validate_options();
  options::variables_map values;
  parse(arguments, named, values);
  if (values.count("help")) {
    std::cout << "Usage: mailroom " << name << " JOB" << (name == "render" ? " --out DIR" : "")
              << (name == "validate" ? "" : " [options]") << "\n\n"
              << named << "\n";
    return k_success;
  }
  if (!values.count("job")) {
    return usage_error(name + ": which job? Give the path of a job file (TOML)");
  }
  const std::filesystem::path job = values["job"].as<std::string>();
  if (name == "validate") {
    return exit_code(commands::validate(job));
  }
  int refused = k_refused;
  const auto run = read_run_options(values, refused);
  if (!run) {
    return refused;
  }
  if (name == "render") {
    if (!values.count("out")) {
      return usage_error("render: --out DIR is required");
    }
    return exit_code(commands::render(job, values["out"].as<std::string>(), *run));
  }
  return exit_code(commands::run(job, *run));
}

} // namespace

int run(const std::vector<std::string>& arguments) {
  // The one place where anything thrown below turns into a message and an exit code.
  try {
    if (arguments.empty() || arguments[0] == "--help" || arguments[0] == "-h") {
      std::cout << k_overview;
      return arguments.empty() ? k_refused : k_success;
    }
    if (arguments[0] == "--version") {
      std::cout << k_version << "\n";
      return k_success;
    }
    const std::string& name = arguments[0];
    std::vector<std::string> rest(arguments.begin() + 1, arguments.end());
    const auto is_command = [](const std::string& word) {
      return word == "run" || word == "validate" || word == "render" || word == "check" ||
             word == "print";
    };
    // The commands of the register read their own arguments ("invoice show", "payment add").
    const auto register_command =
      [](const std::string& word) -> int (*)(const std::vector<std::string>&) {
      if (word == "invoices") {
        return invoices_command;
      }
      if (word == "invoice") {
        return invoice_command;
      }
      if (word == "payment") {
        return payment_command;
      }
      if (word == "bank") {
        return bank_command;
      }
      if (word == "numbering") {
        return numbering_command;
      }
      if (word == "remind") {
        return remind_command;
      }
      if (word == "console") {
        return console_command;
      }
      if (word == "report") {
        return report_command;
      }
      if (word == "ledger") {
        return ledger_command;
      }
      return nullptr;
    };
    if (name == "help") {
      if (rest.empty()) {
        std::cout << k_overview;
        return k_success;
      }
      if (const auto register_part = register_command(rest[0])) {
        std::vector<std::string> asked(rest.begin() + 1, rest.end());
        asked.emplace_back("--help");
        return register_part(asked);
      }
      if (!is_command(rest[0])) {
        return usage_error("help: unknown command \"" + rest[0] + "\"; expected " +
                           k_command_names);
      }
      return command(rest[0], {"--help"});
    }
    // Boost reads "-1" for an unsigned option as a huge number: refuse what no machine has, in
    // either spelling ("--threads N", "--threads=N").
    for (size_t index = 0; index < rest.size(); ++index) {
      std::optional<std::string> value;
      if (rest[index] == "--threads" && index + 1 < rest.size()) {
        value = rest[index + 1];
      } else if (rest[index].starts_with("--threads=")) {
        value = rest[index].substr(std::string_view("--threads=").size());
      }
      if (value && !valid_thread_count(*value)) {
        return usage_error("--threads takes a number from 0 (the command's default) to " +
                           std::to_string(k_maximum_threads) + ", got \"" + *value + "\"");
      }
    }
    if (is_command(name)) {
      return command(name, rest);
    }
    if (const auto register_part = register_command(name)) {
      return register_part(rest);
    }
    return usage_error("unknown command \"" + name + "\"; expected " + k_command_names);
  } catch (const options::error& error) {
    return usage_error(error.what());
  } catch (const std::exception& error) {
    std::fprintf(stderr, "mailroom: internal error: %s\n", error.what());
    return k_refused;
  }
}

} // namespace mailroom::cli
