#include "send_run.hpp"

#include <engine/pipeline/stop.hpp>
#include <engine/util/time.hpp>

namespace mailroom::console {

namespace {

// How often a waiting page hears of progress: often enough for a bar that moves smoothly, seldom
// enough that a thousand invoices a second do not make a thousand events.
constexpr std::chrono::milliseconds k_progress_interval{250};

// A snapshot's version: each change of state, problem or refusal adds a step, and while a run goes
// on the invoices done are added to it. A step is larger than any count of invoices, so no two
// moments share a version (a run's last live version can never equal its finished one).
constexpr std::uint64_t k_step = std::uint64_t{1} << 32;

bool is_problem(pipeline::InvoiceStatus status) {
  using enum pipeline::InvoiceStatus;
  return status == Failed || status == InvalidAddress || status == Unknown || status == Interrupted;
}

// The counts of a run into a snapshot, and the rate since `started`.
void take_counts(SendSnapshot& snapshot, const pipeline::Counters& counters,
                 std::chrono::steady_clock::time_point started) {
  snapshot.total = counters.total;
  snapshot.done = counters.done;
  snapshot.sent = counters.sent;
  snapshot.skipped = counters.skipped;
  snapshot.failed = counters.failed;
  snapshot.invalid_address = counters.invalid_address;
  snapshot.unknown = counters.unknown + counters.interrupted;
  const double seconds =
    std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  snapshot.per_second = seconds > 0 ? static_cast<double>(snapshot.done) / seconds : 0;
}

} // namespace

SendRuns::SendRuns(std::filesystem::path job_file)
  : m_job_file(std::move(job_file)) {}

SendRuns::~SendRuns() {
  stop();
}

Status SendRuns::start(pipeline::RunOptions options) {
  std::unique_lock lock(m_mutex);
  if (m_snapshot.state == SendState::Running) {
    return make_error("a send is already running (started " + m_snapshot.started_at + ", " +
                      std::to_string(m_snapshot.done) + " of " + std::to_string(m_snapshot.total) +
                      " done): wait for it to finish");
  }
  if (m_thread.joinable()) {
    m_thread.join(); // The last one has finished; its thread is done.
  }
  const auto version = m_snapshot.version;
  m_snapshot = SendSnapshot{};
  m_snapshot.state = SendState::Running;
  m_snapshot.version = version + k_step;
  m_snapshot.started_at = time::to_iso8601(time::now());
  m_started = std::chrono::steady_clock::now();
  options.progress = pipeline::ProgressStyle::None;
  pipeline::clear_stop_request();
  m_thread = std::thread([this, options = std::move(options)] {
    commands::run(m_job_file, options, this);
    const std::scoped_lock finishing(m_mutex);
    m_counters = nullptr;
    m_snapshot.state = SendState::Finished;
    m_snapshot.finished_at = time::to_iso8601(time::now());
    m_snapshot.version += k_step;
    m_changed.notify_all();
  });
  m_changed.notify_all();
  return Ok{};
}

SendSnapshot SendRuns::snapshot() const {
  const std::scoped_lock lock(m_mutex);
  auto snapshot = m_snapshot;
  if (m_counters != nullptr) {
    // The live counts, read from the run's atomics.
    take_counts(snapshot, *m_counters, m_started);
    // The version counts what was done, so a waiting page hears of each step.
    snapshot.version = m_snapshot.version + snapshot.done;
  }
  return snapshot;
}

SendSnapshot SendRuns::wait_for_change(std::uint64_t version,
                                       std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    auto now = snapshot();
    if (now.version != version || std::chrono::steady_clock::now() >= deadline || closing()) {
      return now;
    }
    std::unique_lock lock(m_mutex);
    m_changed.wait_for(lock, k_progress_interval, [this] { return m_closing; });
  }
}

bool SendRuns::closing() const {
  const std::scoped_lock lock(m_mutex);
  return m_closing;
}

void SendRuns::stop() {
  {
    const std::scoped_lock lock(m_mutex);
    m_closing = true;
    if (m_snapshot.state == SendState::Running) {
      pipeline::request_stop();
    }
    m_changed.notify_all();
  }
  if (m_thread.joinable()) {
    m_thread.join();
  }
}

void SendRuns::started(const pipeline::Counters& counters) {
  const std::scoped_lock lock(m_mutex);
  m_counters = &counters;
  m_changed.notify_all();
}

void SendRuns::settled(const pipeline::ReportEntry& entry) {
  if (!is_problem(entry.status)) {
    return;
  }
  const std::scoped_lock lock(m_mutex);
  if (m_snapshot.problems.size() < k_most_problems) {
    m_snapshot.problems.push_back({entry.number, entry.creditor,
                                   std::string(pipeline::status_name(entry.status)), entry.error});
  } else {
    ++m_snapshot.more_problems;
  }
  m_snapshot.version += k_step;
}

void SendRuns::refused(const Error& problem) {
  const std::scoped_lock lock(m_mutex);
  m_snapshot.refusal = problem.to_string();
  m_snapshot.version += k_step;
}

void SendRuns::finished(const pipeline::Counters& counters) {
  const std::scoped_lock lock(m_mutex);
  take_counts(m_snapshot, counters, m_started);
  m_snapshot.version += k_step;
  m_counters = nullptr;
}

} // namespace mailroom::console
