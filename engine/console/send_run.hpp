#pragma once

#include <engine/commands/commands.hpp>
#include <engine/pipeline/options.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

// A send the console started: `mailroom run` of the job for the invoices a person selected
// (commands::run with a selection, so every guarantee of a run holds: the register, the ledger's
// marks, the run lock, retries, unknown never resent), on a thread of the console's, not of the
// browser's: closing the page does not stop it, and the next page shows it still running or how
// it ended. One at a time; a second is refused while one runs.

namespace mailroom::console {

enum class SendState { Idle, Running, Finished };

// One invoice the send did not deliver, and why (the server's reply, when it gave one).
struct SendProblem {
  std::string number;
  std::string creditor;
  std::string status; // pipeline::status_name: failed, invalid_address, unknown, interrupted.
  std::string error;
};

// How the send stands, as a page shows it.
struct SendSnapshot {
  SendState state = SendState::Idle;
  std::uint64_t version = 0; // Changes whenever anything else here does.
  size_t total = 0;
  size_t done = 0;
  size_t sent = 0;
  size_t skipped = 0;
  size_t failed = 0;
  size_t invalid_address = 0;
  size_t unknown = 0; // Unknown and interrupted: never resent without asking.
  double per_second = 0;
  std::string started_at;  // UTC ISO 8601.
  std::string finished_at; // Empty while it runs.
  std::string refusal;     // Why the job was refused (the run lock held by another run, ...).
  std::vector<SendProblem> problems; // The first k_most_problems of them...
  size_t more_problems = 0;          // ...and how many more there were.
};

inline constexpr size_t k_most_problems = 1000;

class SendRuns final : private commands::RunObserver {
public:
  explicit SendRuns(std::filesystem::path job_file);
  ~SendRuns() override;
  SendRuns(const SendRuns&) = delete;
  SendRuns& operator=(const SendRuns&) = delete;

  // Starts sending with these options (a selection, the letterhead, resending); refused while a
  // send runs.
  [[nodiscard]] Status start(pipeline::RunOptions options);

  SendSnapshot snapshot() const;
  // The snapshot once it differs from `version`, or after `timeout` as it is.
  SendSnapshot wait_for_change(std::uint64_t version, std::chrono::milliseconds timeout) const;

  // Asks a running send to stop (the invoices under way finish) and waits for it; the console is
  // closing: waiting pages are let go at once.
  void stop();
  bool closing() const;

private:
  void started(const pipeline::Counters& counters) override;
  void settled(const pipeline::ReportEntry& entry) override;
  void refused(const Error& problem) override;
  void finished(const pipeline::Counters& counters) override;

  std::filesystem::path m_job_file;
  mutable std::mutex m_mutex;
  mutable std::condition_variable m_changed;
  SendSnapshot m_snapshot;
  const pipeline::Counters* m_counters = nullptr; // While a run streams its invoices.
  bool m_closing = false;
  std::chrono::steady_clock::time_point m_started;
  std::thread m_thread;
};

} // namespace mailroom::console
