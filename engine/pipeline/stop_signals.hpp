#pragma once

#include <signal.h>

#include <atomic>
#include <thread>

// SIGINT and SIGTERM during a command that sends: the first asks it to stop taking new invoices
// and finish the ones under way (stop.hpp); a second one ends the process at once. Either way the
// ledger stays consistent: its commits are atomic, and an invoice caught between `sending` and
// `sent` stays `sending`, which the next run reports as interrupted.

namespace mailroom::pipeline {

// Takes SIGINT and SIGTERM for its lifetime, on a thread of its own that waits for them
// (sigwait) while every other thread started meanwhile blocks them. A handler would run on
// whichever thread the kernel picks, and under ThreadSanitizer only once that thread next enters
// instrumented code: a worker asleep in oneTBB's futex could hold a second signal until a reply
// half a second off had come in. The handler stays installed for any thread that was started
// before and does not block them. Everything is put back at the end.
class StopSignals {
public:
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

private:
  void watch(sigset_t signals);

  struct sigaction m_previous_interrupt {};
  struct sigaction m_previous_terminate {};
  sigset_t m_previous_mask{};
  std::atomic<bool> m_finished{false};
  std::thread m_watcher;
};

} // namespace mailroom::pipeline
