#include "console_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <regex>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace mailroom::testing {

namespace {

std::string read_if_there(const std::filesystem::path& path) {
  return std::filesystem::exists(path) ? read_text(path) : std::string();
}

// Waits up to `seconds` for the process to end; its exit code, or none.
std::optional<int> wait_for(pid_t process, int seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    const pid_t ended = ::waitpid(process, &status, WNOHANG);
    if (ended == process) {
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return std::nullopt;
}

} // namespace

ConsoleProcess::ConsoleProcess(const std::vector<std::string>& arguments,
                               const std::vector<std::string>& environment) {
  std::vector<std::string> command{MAILROOM_BINARY, "console"};
  command.insert(command.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (auto& argument : command) {
    argv.push_back(argument.data());
  }
  argv.push_back(nullptr);
  std::vector<std::string> variables;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    variables.emplace_back(*entry);
  }
  variables.insert(variables.end(), environment.begin(), environment.end());
  std::vector<char*> envp;
  for (auto& variable : variables) {
    envp.push_back(variable.data());
  }
  envp.push_back(nullptr);
  const auto out_file = (m_folder / "out.txt").string();
  const auto err_file = (m_folder / "err.txt").string();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  posix_spawn_file_actions_addopen(&actions, 2, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  const int spawned =
    ::posix_spawn(&m_process, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    throw std::runtime_error("cannot start " + command.front());
  }
  // Its address, once it listens (ASan makes starting slow: a minute at most).
  const std::regex address(R"(http://[^:]+:(\d+)/)");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    std::smatch found;
    const auto printed = out();
    if (std::regex_search(printed, found, address)) {
      m_port = std::stoi(found[1]);
      return;
    }
    if (const auto ended = wait_for(m_process, 0)) {
      m_exit_code = *ended;
      m_process = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

ConsoleProcess::~ConsoleProcess() {
  if (m_process > 0) {
    stop(SIGTERM);
  }
}

int ConsoleProcess::stop(int signal) {
  if (m_process <= 0) {
    return m_exit_code;
  }
  ::kill(m_process, signal);
  auto ended = wait_for(m_process, 60);
  if (!ended) {
    ::kill(m_process, SIGKILL);
    ended = wait_for(m_process, 10);
  }
  m_exit_code = ended.value_or(-1);
  m_process = -1;
  return m_exit_code;
}

std::string ConsoleProcess::out() const {
  return read_if_there(m_folder / "out.txt");
}

std::string ConsoleProcess::err() const {
  return read_if_there(m_folder / "err.txt");
}

} // namespace mailroom::testing
