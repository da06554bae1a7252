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
  long peak_rss_kilobytes = 0; // The process's largest resident set.
};

// Runs a program with arguments (no shell), with `environment` ("NAME=value") added to ours or
// replacing ours of the same name, and collects its
// output. The process is killed after `timeout`: a test never hangs.
ProcessResult run_process(const std::vector<std::string>& arguments,
                          const std::vector<std::string>& environment = {},
                          std::chrono::seconds timeout = std::chrono::seconds(120));

// Runs the mailroom binary built with the tests.
ProcessResult run_mailroom(const std::vector<std::string>& arguments,
                           const std::vector<std::string>& environment = {});

} // namespace mailroom::testing
