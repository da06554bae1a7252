#pragma once

#include <string>
#include <vector>

namespace mailroom::cli {

// Parses the command line and runs the command; returns the process exit code. Never throws.
int run(const std::vector<std::string>& arguments);

} // namespace mailroom::cli
