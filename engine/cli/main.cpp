#include <engine/cli/cli.hpp>
#include <engine/util/allocator.hpp>

int main(int argc, char** argv) {
  mailroom::allocator::keep_freed_memory_for_reuse();
  return mailroom::cli::run(std::vector<std::string>(argv + 1, argv + argc));
}
