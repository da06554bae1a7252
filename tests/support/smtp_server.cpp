#include "smtp_server.hpp"

#include "temporary_folder.hpp"

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace mailroom::testing {

namespace {

using Clock = std::chrono::steady_clock;

constexpr auto k_start_timeout = std::chrono::seconds(20);
constexpr auto k_poll_interval = std::chrono::milliseconds(10);

std::string read_whole_file(const std::filesystem::path& path) {
  std::ifstream stream(path, std::ios::binary);
  std::ostringstream contents;
  contents << stream.rdbuf();
  return contents.str();
}

// Reads the first line of `descriptor` (the port), giving up at the deadline.
std::string read_first_line(int descriptor, Clock::time_point deadline) {
  std::string line;
  while (line.find('\n') == std::string::npos) {
    const auto remaining =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (remaining <= 0) {
      throw std::runtime_error("the SMTP test server did not print its port in time");
    }
    pollfd entry{descriptor, POLLIN, 0};
    const int ready = ::poll(&entry, 1, static_cast<int>(remaining));
    if (ready < 0 && errno == EINTR) {
      continue;
    }
    if (ready <= 0) {
      continue;
    }
    char buffer[64];
    const ssize_t received = ::read(descriptor, buffer, sizeof buffer);
    if (received < 0 && errno == EINTR) {
      continue;
    }
    if (received <= 0) {
      throw std::runtime_error("the SMTP test server exited before printing its port");
    }
    line.append(buffer, static_cast<size_t>(received));
  }
  return line.substr(0, line.find('\n'));
}

// Waits for the process to end, up to `timeout`; true if it was reaped.
bool reap_within(pid_t process, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (true) {
    int status = 0;
    const pid_t result = ::waitpid(process, &status, WNOHANG);
    if (result == process || (result < 0 && errno == ECHILD)) {
      return true;
    }
    if (Clock::now() >= deadline) {
      return false;
    }
    std::this_thread::sleep_for(k_poll_interval);
  }
}

std::vector<std::string> environment_without_python_paths() {
  std::vector<std::string> entries;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    // A pyenv setting could point Debian's python at another interpreter's modules.
    if (text.starts_with("PYTHONPATH=") || text.starts_with("PYTHONHOME=")) {
      continue;
    }
    entries.emplace_back(text);
  }
  return entries;
}

std::vector<char*> pointers_to(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (auto& text : strings) {
    pointers.push_back(text.data());
  }
  pointers.push_back(nullptr);
  return pointers;
}

} // namespace

SmtpServer::SmtpServer(const std::filesystem::path& out_folder, std::vector<std::string> extra_args)
  : m_out_folder(out_folder) {
  std::filesystem::create_directories(m_out_folder);
  int stdin_pipe[2];
  int stdout_pipe[2];
  if (::pipe2(stdin_pipe, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe failed");
  }
  if (::pipe2(stdout_pipe, O_CLOEXEC) != 0) {
    ::close(stdin_pipe[0]);
    ::close(stdin_pipe[1]);
    throw std::runtime_error("pipe failed");
  }

  std::vector<std::string> arguments = {
    "/usr/bin/python3", (source_dir() / "tests" / "support" / "smtp_server.py").string(),
    m_out_folder.string()};
  arguments.insert(arguments.end(), extra_args.begin(), extra_args.end());
  auto environment = environment_without_python_paths();
  auto argument_pointers = pointers_to(arguments);
  auto environment_pointers = pointers_to(environment);

  posix_spawn_file_actions_t actions;
  ::posix_spawn_file_actions_init(&actions);
  // dup2 clears close-on-exec on the copies the child keeps.
  ::posix_spawn_file_actions_adddup2(&actions, stdin_pipe[0], STDIN_FILENO);
  ::posix_spawn_file_actions_adddup2(&actions, stdout_pipe[1], STDOUT_FILENO);
  const int spawn_error = ::posix_spawn(&m_process, arguments[0].c_str(), &actions, nullptr,
                                        argument_pointers.data(), environment_pointers.data());
  ::posix_spawn_file_actions_destroy(&actions);
  ::close(stdin_pipe[0]);
  ::close(stdout_pipe[1]);
  m_stdin = stdin_pipe[1];
  if (spawn_error != 0) {
    m_process = -1;
    ::close(stdout_pipe[0]);
    ::close(m_stdin);
    throw std::runtime_error(std::string("cannot start /usr/bin/python3: ") +
                             std::strerror(spawn_error));
  }

  try {
    const std::string line = read_first_line(stdout_pipe[0], Clock::now() + k_start_timeout);
    ::close(stdout_pipe[0]);
    const int port = std::stoi(line);
    if (port <= 0 || port > 65535) {
      throw std::runtime_error("the SMTP test server printed no port: " + line);
    }
    m_port = static_cast<unsigned short>(port);
  } catch (...) {
    ::close(stdout_pipe[0]);
    stop();
    throw;
  }
}

SmtpServer::~SmtpServer() {
  stop();
}

void SmtpServer::stop() {
  if (m_stdin >= 0) {
    ::close(m_stdin);
    m_stdin = -1;
  }
  if (m_process <= 0) {
    return;
  }
  // Closing stdin asks politely; SIGTERM, then SIGKILL, make sure.
  if (!reap_within(m_process, std::chrono::seconds(5))) {
    ::kill(m_process, SIGTERM);
    if (!reap_within(m_process, std::chrono::seconds(2))) {
      ::kill(m_process, SIGKILL);
      reap_within(m_process, std::chrono::seconds(5));
    }
  }
  m_process = -1;
}

std::string SmtpServer::url() const {
  return "smtp://127.0.0.1:" + std::to_string(m_port);
}

std::vector<ReceivedMessage> SmtpServer::messages() const {
  std::vector<std::filesystem::path> sidecars;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(m_out_folder, error)) {
    if (entry.path().extension() == ".json") {
      sidecars.push_back(entry.path());
    }
  }
  // Names are zero-padded arrival numbers.
  std::sort(sidecars.begin(), sidecars.end());
  std::vector<ReceivedMessage> received;
  for (const auto& sidecar : sidecars) {
    const auto envelope = nlohmann::json::parse(read_whole_file(sidecar));
    ReceivedMessage message;
    message.mail_from = envelope.at("mail_from").get<std::string>();
    message.rcpt_tos = envelope.at("rcpt_tos").get<std::vector<std::string>>();
    message.connection = envelope.at("connection").get<int>();
    message.tls = envelope.at("tls").get<bool>();
    message.received_at = envelope.value("received_at", 0.0);
    if (!envelope.at("login").is_null()) {
      message.login = envelope.at("login").get<std::string>();
    }
    auto data_path = sidecar;
    data_path.replace_extension(".eml");
    message.data = read_whole_file(data_path);
    received.push_back(std::move(message));
  }
  return received;
}

std::vector<ReceivedMessage> SmtpServer::wait_for_messages(size_t count,
                                                           std::chrono::seconds timeout) const {
  const auto deadline = Clock::now() + timeout;
  while (true) {
    auto received = messages();
    if (received.size() >= count || Clock::now() >= deadline) {
      return received;
    }
    std::this_thread::sleep_for(k_poll_interval);
  }
}

size_t SmtpServer::connection_count() const {
  const std::string text = read_whole_file(m_out_folder / "connections.txt");
  return text.empty() ? 0 : std::stoul(text);
}

size_t SmtpServer::closed_connection_count() const {
  const std::string text = read_whole_file(m_out_folder / "closed.txt");
  return text.empty() ? 0 : std::stoul(text);
}

bool SmtpServer::wait_for_closed_connections(size_t count, std::chrono::seconds timeout) const {
  const auto deadline = Clock::now() + timeout;
  while (closed_connection_count() < count) {
    if (Clock::now() >= deadline) {
      return false;
    }
    std::this_thread::sleep_for(k_poll_interval);
  }
  return true;
}

} // namespace mailroom::testing
