#include "process.hpp"

#include "temporary_folder.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

extern char** environ;

namespace mailroom::testing {

ProcessResult run_process(const std::vector<std::string>& arguments,
                          const std::vector<std::string>& environment,
                          std::chrono::seconds timeout) {
  int out_pipe[2];
  int err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe failed");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);

  // Ours, but for those `environment` sets anew.
  const auto set_anew = [&](std::string_view variable) {
    const auto name = variable.substr(0, variable.find('=') + 1);
    return std::any_of(environment.begin(), environment.end(),
                       [&](const std::string& given) { return given.starts_with(name); });
  };
  std::vector<std::string> variables;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    if (!set_anew(*entry)) {
      variables.emplace_back(*entry);
    }
  }
  variables.insert(variables.end(), environment.begin(), environment.end());
  std::vector<char*> argv;
  for (const auto& argument : arguments) {
    argv.push_back(const_cast<char*>(argument.c_str()));
  }
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (const auto& variable : variables) {
    envp.push_back(const_cast<char*>(variable.c_str()));
  }
  envp.push_back(nullptr);

  pid_t process = -1;
  const int spawned = ::posix_spawn(&process, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (spawned != 0) {
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    throw std::runtime_error("cannot start " + arguments[0] + ": " + std::strerror(spawned));
  }

  ProcessResult result;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  pollfd descriptors[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_count = 2;
  while (open_count > 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      result.timed_out = true;
      ::kill(process, SIGKILL);
      break;
    }
    if (::poll(descriptors, 2, static_cast<int>(left.count())) < 0 && errno != EINTR) {
      break;
    }
    for (int index = 0; index < 2; ++index) {
      if (descriptors[index].fd >= 0 && (descriptors[index].revents & (POLLIN | POLLHUP))) {
        char buffer[65536];
        const ssize_t count = ::read(descriptors[index].fd, buffer, sizeof buffer);
        if (count > 0) {
          sinks[index]->append(buffer, static_cast<size_t>(count));
        } else {
          ::close(descriptors[index].fd);
          descriptors[index].fd = -1;
          --open_count;
        }
      }
    }
  }
  for (auto& descriptor : descriptors) {
    if (descriptor.fd >= 0) {
      ::close(descriptor.fd);
    }
  }
  int status = 0;
  struct rusage usage {};
  ::wait4(process, &status, 0, &usage);
  result.peak_rss_kilobytes = usage.ru_maxrss;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

ProcessResult run_mailroom(const std::vector<std::string>& arguments,
                           const std::vector<std::string>& environment) {
  std::vector<std::string> full{mailroom_binary().string()};
  full.insert(full.end(), arguments.begin(), arguments.end());
  return run_process(full, environment);
}

} // namespace mailroom::testing
