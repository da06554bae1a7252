#include "serve.hpp"

#include "console.hpp"
#include "http_server.hpp"
#include "job_register.hpp"

#include <engine/commands/load.hpp>

#include <atomic>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <thread>

namespace mailroom::console {

namespace {

// Ctrl-C and SIGTERM are taken by this thread, in sigwait: they are blocked before any other
// thread starts, so none of the server's threads is interrupted by one.
class StopSignals {
public:
  StopSignals() {
    sigemptyset(&m_signals);
    sigaddset(&m_signals, SIGINT);
    sigaddset(&m_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &m_signals, &m_before);
  }
  ~StopSignals() { pthread_sigmask(SIG_SETMASK, &m_before, nullptr); }
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  int wait() const {
    int received = 0;
    sigwait(&m_signals, &received);
    return received;
  }

private:
  sigset_t m_signals{};
  sigset_t m_before{};
};

// The password a console off loopback signs people in with, from the environment; an error when
// it is needed and missing.
Result<std::optional<std::string>> read_password(const ServeOptions& options,
                                                 const ListenAddress& address) {
  if (options.password_variable.empty()) {
    if (!is_loopback(address.host)) {
      return make_error("the console would be reachable from other machines on " + address.host +
                        ": give it a password with --password-env NAME (the name of an "
                        "environment variable holding it), or listen on 127.0.0.1");
    }
    return std::optional<std::string>();
  }
  const char* value = std::getenv(options.password_variable.c_str());
  if (value == nullptr || *value == '\0') {
    return make_error("--password-env " + options.password_variable +
                      ": that environment variable is not set or empty");
  }
  return std::optional<std::string>(value);
}

// The job's invoices into the register, with what a person should know of them.
void record_the_job(pipeline::RunContext& context) {
  std::fprintf(stderr, "mailroom console: reading the invoices of job %s...\n",
               context.job.name.c_str());
  const auto registration = register_job(context);
  for (const auto& problem : registration.problems) {
    std::fprintf(stderr, "warning: %s\n", problem.c_str());
  }
  if (auto synced = context.ledger->sync(); !synced) {
    std::fprintf(stderr, "warning: %s\n", synced.error().to_string().c_str());
  }
  std::fprintf(stderr, "mailroom console: %zu invoices in the job (%zu new in the register)%s\n",
               registration.invoices, registration.new_ones,
               registration.problems.empty()
                 ? ""
                 : (", " + std::to_string(registration.problems.size()) +
                    " records with problems (above): they cannot be sent")
                     .c_str());
}

} // namespace

bool is_loopback(std::string_view host) {
  return host == "localhost" || host == "::1" || host.substr(0, 4) == "127.";
}

Result<ListenAddress> parse_listen_address(std::string_view text) {
  const auto colon = text.rfind(':');
  const auto expected = [&] {
    return make_error("--listen expects HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080, not \"" +
                      std::string(text) + "\"");
  };
  if (colon == std::string_view::npos || colon == 0) {
    return expected();
  }
  ListenAddress address;
  auto host = text.substr(0, colon);
  if (host.front() == '[') {
    if (host.back() != ']' || host.size() < 3) {
      return expected();
    }
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    return expected();
  }
  address.host = std::string(host);
  const auto port = text.substr(colon + 1);
  const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), address.port);
  if (port.empty() || error != std::errc() || end != port.data() + port.size() ||
      address.port < 0 || address.port > 65535) {
    return expected();
  }
  return address;
}

commands::CommandResult serve(const std::filesystem::path& job_file, const ServeOptions& options) {
  // 1. Where to listen, and the password it needs there.
  auto address = parse_listen_address(options.listen);
  if (!address) {
    return commands::refuse(address.error());
  }
  auto password = read_password(options, *address);
  if (!password) {
    return commands::refuse(password.error(), ": the console did not start");
  }
  // 2. The job, its ledger, and its invoices in the register.
  const StopSignals stop_signals;
  auto context = commands::load_or_refuse(job_file);
  if (!context) {
    return commands::CommandResult::Refused;
  }
  if (options.access == Access::ReadOnly && !ledger::exists(context->job.ledger)) {
    return commands::refuse(make_error("the job has no ledger yet at " +
                                       context->job.ledger.shown() +
                                       ": a read-only console has nothing to show"));
  }
  if (auto opened = pipeline::open_ledger(*context); !opened) {
    return commands::refuse(opened.error());
  }
  if (options.access == Access::ReadWrite) {
    record_the_job(*context);
  }
  // 3. Serve until Ctrl-C or SIGTERM. The console is made once the port is known, since it
  //    answers only to the names of this address; nothing is served before that.
  std::unique_ptr<Console> console;
  HttpServer server([&console](const Request& request) { return console->handle(request); });
  auto port = server.bind(address->host, address->port);
  if (!port) {
    return commands::refuse(port.error(), ": the console did not start");
  }
  ConsoleSettings settings;
  settings.job_file = job_file;
  settings.access = options.access;
  settings.password = *password;
  settings.hosts = accepted_hosts(address->host, *port);
  console = std::make_unique<Console>(*context, std::move(settings));
  // The address is printed once the server answers: a Ctrl-C from then on always stops it.
  std::atomic<bool> serving_ended{false};
  std::thread serving([&server, &serving_ended] {
    server.serve();
    serving_ended = true;
  });
  while (!server.running() && !serving_ended) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (serving_ended) {
    serving.join();
    return commands::refuse(make_error("cannot serve on " + options.listen),
                            ": the console did not start");
  }
  const std::string host_in_url =
    address->host.find(':') != std::string::npos ? "[" + address->host + "]" : address->host;
  std::printf("mailroom console of job %s: http://%s:%d/%s\n", context->job.name.c_str(),
              host_in_url.c_str(), *port, options.access == Access::ReadOnly ? " (read only)" : "");
  std::printf("Stop it with Ctrl-C.\n");
  std::fflush(stdout);
  const int signal = stop_signals.wait();
  std::fprintf(stderr, "mailroom console: stopping (%s)\n",
               signal == SIGINT ? "Ctrl-C" : "SIGTERM");
  console->stop_sending();
  server.stop();
  serving.join();
  return commands::CommandResult::Completed;
}

} // namespace mailroom::console
