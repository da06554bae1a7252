#include <engine/cli/cli.hpp>

int main(int argc, char** argv) {
  return mailroom::cli::run(std::vector<std::string>(argv + 1, argv + argc));
}
