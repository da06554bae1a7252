#include "cli_support.hpp"

#include <engine/console/serve.hpp>

#include <iostream>

// `mailroom console`: its options and help.

namespace mailroom::cli {

namespace options = boost::program_options;

namespace {

constexpr const char* k_usage =
  R"(Usage: mailroom console JOB [--listen 127.0.0.1:8080] [--read-only]

Serves the operator console of JOB in a browser: the invoice list of the job's
ledger (filters, search, sorting, paging), each invoice with its PDF, its
deliveries and the server's replies, its payments and reminders; the list as
CSV. The invoices of the job's files go into the register when it starts, so
the ones never sent are listed as "not sent" (the files are only read).
It prints its address; open it in a browser on this machine. Ctrl-C stops it.

It listens on 127.0.0.1 (this machine only) unless --listen says otherwise;
any other address needs a password: --password-env NAME names the environment
variable that holds it, and the console refuses to start without one.
The page is in Dutch or English, as the browser prefers (a switch at the top).

Exit codes: 0 stopped with Ctrl-C or SIGTERM, 2 refused (a job it cannot read,
an address it cannot listen on, no password for a non-local address).

)";

options::options_description console_options() {
  options::options_description description("Options of `mailroom console`");
  // An option per line, as the help lists them.
  // clang-format off
  description.add_options()
    ("listen", options::value<std::string>()->default_value("127.0.0.1:8080"),
     "HOST:PORT to serve on; port 0 takes any free port (the address is printed)")
    ("read-only", "show the list and the invoices, but send, change and register nothing")
    ("password-env", options::value<std::string>(),
     "the environment variable holding the password people sign in with (required for "
     "any address but 127.0.0.1, ::1 or localhost)")
    ("help,h", "show this help");
  // clang-format on
  return description;
}

} // namespace

int console_command(const std::vector<std::string>& arguments) {
  const auto named = console_options();
  options::variables_map values;
  parse(arguments, named, values);
  if (values.count("help")) {
    std::cout << k_usage << named << "\n";
    return exit_code(commands::CommandResult::Completed);
  }
  if (!values.count("job")) {
    return usage_error("console: which job? Give the path of a job file (TOML)");
  }
  console::ServeOptions settings;
  settings.listen = values["listen"].as<std::string>();
  settings.access =
    values.count("read-only") ? console::Access::ReadOnly : console::Access::ReadWrite;
  if (values.count("password-env")) {
    settings.password_variable = values["password-env"].as<std::string>();
  }
  return exit_code(console::serve(values["job"].as<std::string>(), settings));
}

} // namespace mailroom::cli
