#pragma once

#include <engine/commands/commands.hpp>
#include <engine/console/page.hpp>

#include <filesystem>
#include <string>

// `mailroom console JOB`: the operator console over the job's ledger, served until Ctrl-C.

namespace mailroom::console {

struct ServeOptions {
  std::string listen = "127.0.0.1:8080";
  Access access = Access::ReadWrite;
  std::string password_variable; // The environment variable holding the password; empty: none.
};

commands::CommandResult serve(const std::filesystem::path& job_file, const ServeOptions& options);

// "127.0.0.1:8080", "[::1]:8080", "localhost:0" split into host and port; an error that says
// what was expected.
struct ListenAddress {
  std::string host;
  int port = 0;
};
Result<ListenAddress> parse_listen_address(std::string_view text);

// Whether a console listening on `host` can be reached only from this machine.
bool is_loopback(std::string_view host);

} // namespace mailroom::console
