#pragma once

#include <sys/types.h>
#include <tests/support/temporary_folder.hpp>

#include <string>
#include <vector>

// A `mailroom console` running in the background for a test: started with the given arguments
// (its --listen port 0, so it takes a free port), its address read from what it prints, stopped
// with a signal when the test is done (or killed, if it does not stop).

namespace mailroom::testing {

class ConsoleProcess {
public:
  // Starts `mailroom console <arguments>` and waits until it prints its address, or it exits.
  explicit ConsoleProcess(const std::vector<std::string>& arguments,
                          const std::vector<std::string>& environment = {});
  ~ConsoleProcess();
  ConsoleProcess(const ConsoleProcess&) = delete;
  ConsoleProcess& operator=(const ConsoleProcess&) = delete;

  bool started() const { return m_port > 0; }
  int port() const { return m_port; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }

  // Sends `signal` and waits for the exit code (-1 when it had to be killed).
  int stop(int signal);
  // What it printed so far.
  std::string out() const;
  std::string err() const;

private:
  TemporaryFolder m_folder;
  pid_t m_process = -1;
  int m_port = 0;
  int m_exit_code = -1;
};

} // namespace mailroom::testing
