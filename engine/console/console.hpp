#pragma once

#include <engine/console/http.hpp>
#include <engine/console/page.hpp>
#include <engine/console/send_run.hpp>
#include <engine/console/sessions.hpp>
#include <engine/pipeline/context.hpp>

#include <optional>
#include <string>
#include <vector>

// The console's requests, before any page sees them: the Host the browser asked for (a page of
// another site that rebinds its name to this machine is refused), the session and its sign-in,
// the CSRF token of every POST, read-only mode; then the page the path names.

namespace mailroom::console {

struct ConsoleSettings {
  std::filesystem::path job_file; // What a send runs (commands::run).
  Access access = Access::ReadWrite;
  // When set, a browser signs in with it before it sees anything (required off loopback).
  std::optional<std::string> password;
  // The Host headers the console answers to ("127.0.0.1:8080", "localhost:8080", ...).
  std::vector<std::string> hosts;
};

class Console {
public:
  // `context` is the job's, loaded, with its ledger open; it outlives the console.
  Console(pipeline::RunContext& context, ConsoleSettings settings);

  Response handle(const Request& request);

  // Asks a send under way to stop and waits for it (the console is stopping).
  void stop_sending();

private:
  Response route(const Request& request, Viewer& viewer);
  Response sign_in(const Request& request, Viewer& viewer);
  Response change_language(const Request& request, Viewer& viewer);

  pipeline::RunContext& m_context;
  ConsoleSettings m_settings;
  Sessions m_sessions;
  SignInAttempts m_sign_in_attempts;
  SendRuns m_sends;
};

// The Host headers a console listening on host:port answers to.
std::vector<std::string> accepted_hosts(const std::string& host, int port);

} // namespace mailroom::console
