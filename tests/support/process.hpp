#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace mailroom::testing {

struct ProcessResult {
  int exit_code = -1; // -1 if the process was killed (by a signal or the timeout).
  std::string out;    // Standard output.
  std::string err;    // Standard error.
  bool timed_out = false;
};

// Runs a program with arguments (no shell), with `environment` added to ours, and collects its
// output. The process is killed after `timeout`: a test never hangs.
ProcessResult run_process(const std::vector<std::string>& arguments,
                          const std::vector<std::string>& environment = {},
                          std::chrono::seconds timeout = std::chrono::seconds(120));

// Runs the mailroom binary built with the tests.
ProcessResult run_mailroom(const std::vector<std::string>& arguments,
                           const std::vector<std::string>& environment = {});

} // namespace mailroom::testing
