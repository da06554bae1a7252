#include "cli_support.hpp"

#include <cstdio>

namespace mailroom::cli {

namespace options = boost::program_options;

int usage_error(const std::string& message) {
  std::fprintf(stderr, "mailroom: %s\nTry `mailroom --help`.\n", message.c_str());
  return exit_code(commands::CommandResult::Refused);
}

void parse(const std::vector<std::string>& arguments, const options::options_description& named,
           options::variables_map& values, const std::vector<std::string>& positional_names) {
  options::options_description all;
  all.add(named);
  options::positional_options_description positional;
  for (const auto& name : positional_names) {
    all.add_options()(name.c_str(), options::value<std::string>());
    positional.add(name.c_str(), 1);
  }
  options::store(options::command_line_parser(arguments).options(all).positional(positional).run(),
                 values);
  options::notify(values);
}

} // namespace mailroom::cli
