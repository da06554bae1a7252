#pragma once

// Helpers of the fault, signal and crash tests: a mailbox's settings edited into the job
// fixture's creditors file, the binary started in the background, and the cross-check of what
// the server received against the report and the ledger.

#include "job_fixture.hpp"

#include <engine/ledger/ledger.hpp>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <tests/support/smtp_server.hpp>
#include <tests/support/temporary_folder.hpp>
#include <unistd.h>

#include <chrono>
#include <map>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace mailroom::testing {

// Adds `lines` (TOML) to the table [mailbox.NAME] of the fixture's creditors file, and points
// its url elsewhere when `url` is given.
inline void configure_mailbox(const JobFixture& job, const std::string& name,
                              const std::string& lines, const std::string& url = {}) {
  const auto path = job.root() / "creditors.toml";
  std::string text = read_text(path);
  const std::string header = "[mailbox." + name + "]\n";
  const auto start = text.find(header);
  if (start == std::string::npos) {
    throw std::runtime_error("no " + header);
  }
  const auto url_line = text.find("url = \"", start);
  const auto url_end = text.find('\n', url_line);
  if (!url.empty()) {
    text.replace(url_line, url_end - url_line, "url = \"" + url + "\"");
  }
  text.insert(text.find('\n', url_line) + 1, lines + "\n");
  write_text(path, text);
}

// "2026-000123" from the subject of a received message.
inline std::string invoice_number_of(const ReceivedMessage& message) {
  static const std::regex subject(R"(\r\nSubject: [^\r]*?(\d{4}-\d{6}))");
  std::smatch match;
  if (std::regex_search(message.data, match, subject)) {
    return match[1];
  }
  return {};
}

inline std::map<std::string, int> arrivals_by_number(const std::vector<ReceivedMessage>& messages) {
  std::map<std::string, int> arrivals;
  for (const auto& message : messages) {
    ++arrivals[invoice_number_of(message)];
  }
  return arrivals;
}

// Invoices numbered 2026-000001 onwards, alternating between the two creditors.
inline std::vector<std::string> numbered_invoices(int count) {
  std::vector<std::string> lines;
  for (int index = 1; index <= count; ++index) {
    char number[32];
    std::snprintf(number, sizeof number, "2026-%06d", index);
    lines.push_back(make_invoice(number, index % 2 == 1 ? "acme" : "northwind",
                                 "debtor" + std::to_string(index) + "@customer.example")
                      .dump());
  }
  return lines;
}

inline std::map<std::string, ledger::Entry> ledger_entries(const JobFixture& job) {
  std::map<std::string, ledger::Entry> by_number;
  auto opened = ledger::Ledger::open(job.ledger_address());
  if (!opened) {
    ADD_FAILURE() << opened.error().to_string();
    return by_number;
  }
  auto entries = (*opened)->entries("test-job");
  if (!entries) {
    ADD_FAILURE() << entries.error().to_string();
    return by_number;
  }
  for (auto& entry : *entries) {
    by_number[entry.number] = entry;
  }
  return by_number;
}

// The binary running in the background, its output going to files.
class BackgroundRun {
public:
  BackgroundRun(const std::vector<std::string>& arguments, const std::filesystem::path& folder,
                const std::vector<std::string>& environment = {})
    : m_out(folder / "stdout.txt")
    , m_err(folder / "stderr.txt") {
    std::vector<std::string> full{mailroom_binary().string()};
    full.insert(full.end(), arguments.begin(), arguments.end());
    std::vector<std::string> variables;
    for (char** entry = environ; *entry != nullptr; ++entry) {
      variables.emplace_back(*entry);
    }
    variables.insert(variables.end(), environment.begin(), environment.end());
    std::vector<char*> argv;
    for (auto& argument : full) {
      argv.push_back(argument.data());
    }
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (auto& variable : variables) {
      envp.push_back(variable.data());
    }
    envp.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, m_out.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_addopen(&actions, 2, m_err.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    const int spawned =
      ::posix_spawn(&m_process, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
      throw std::runtime_error("cannot start mailroom");
    }
  }
  ~BackgroundRun() {
    if (m_process > 0) {
      ::kill(m_process, SIGKILL);
      wait(std::chrono::seconds(10));
    }
  }
  BackgroundRun(const BackgroundRun&) = delete;
  BackgroundRun& operator=(const BackgroundRun&) = delete;

  void signal(int number) const { ::kill(m_process, number); }

  // The exit code, -1 if killed by a signal, -2 if still running at the deadline.
  int wait(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (m_process > 0) {
      int status = 0;
      const pid_t result = ::waitpid(m_process, &status, WNOHANG);
      if (result == m_process) {
        m_process = -1;
        m_exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        break;
      }
      if (std::chrono::steady_clock::now() >= deadline) {
        return -2;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return m_exit_code;
  }

  std::string out() const { return read_text(m_out); }
  std::string err() const { return read_text(m_err); }

private:
  pid_t m_process = -1;
  int m_exit_code = -1;
  std::filesystem::path m_out;
  std::filesystem::path m_err;
};

} // namespace mailroom::testing
