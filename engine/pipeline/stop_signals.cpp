#include "stop_signals.hpp"

#include <engine/pipeline/stop.hpp>

#include <pthread.h>
#include <unistd.h>

namespace mailroom::pipeline {

namespace {

// What a second signal's immediate exit tells the caller: not every invoice was sent (cli.hpp).
constexpr int k_exit_code_when_stopped_at_once = 1;

// No I/O, no lock: async-signal-safe.
extern "C" void on_stop_signal(int) {
  if (stop_requested()) {
    ::_exit(k_exit_code_when_stopped_at_once);
  }
  request_stop();
}

} // namespace

StopSignals::StopSignals() {
  clear_stop_request();
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  // Restart interrupted system calls: the flag is read where it matters.
  action.sa_flags = SA_RESTART;
  ::sigaction(SIGINT, &action, &m_previous_interrupt);
  ::sigaction(SIGTERM, &action, &m_previous_terminate);

  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  ::pthread_sigmask(SIG_BLOCK, &signals, &m_previous_mask);
  m_watcher = std::thread([this, signals] { watch(signals); });
}

StopSignals::~StopSignals() {
  m_finished.store(true);
  // Wakes the watcher from sigwait (it blocks SIGTERM, so nothing is killed); it then sees
  // m_finished and returns.
  ::pthread_kill(m_watcher.native_handle(), SIGTERM); // NOLINT(bugprone-bad-signal-to-kill-thread)
  m_watcher.join();
  ::pthread_sigmask(SIG_SETMASK, &m_previous_mask, nullptr);
  ::sigaction(SIGINT, &m_previous_interrupt, nullptr);
  ::sigaction(SIGTERM, &m_previous_terminate, nullptr);
}

void StopSignals::watch(sigset_t signals) {
  while (true) {
    int signal = 0;
    if (::sigwait(&signals, &signal) != 0) {
      continue;
    }
    if (m_finished.load()) {
      return;
    }
    on_stop_signal(signal);
  }
}

} // namespace mailroom::pipeline
