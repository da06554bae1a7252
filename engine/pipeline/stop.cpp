#include "stop.hpp"

#include <algorithm>
#include <atomic>
#include <thread>

namespace mailroom::pipeline {

namespace {

std::atomic<bool> g_stop_requested{false};
static_assert(std::atomic<bool>::is_always_lock_free, "signal handlers need a lock-free flag");

// How soon a sleeping retry notices a stop request.
constexpr auto k_stop_check_interval = std::chrono::milliseconds(50);

} // namespace

void request_stop() {
  g_stop_requested.store(true);
}

bool stop_requested() {
  return g_stop_requested.load();
}

void clear_stop_request() {
  g_stop_requested.store(false);
}

bool sleep_unless_stopped(std::chrono::milliseconds duration) {
  const auto deadline = std::chrono::steady_clock::now() + duration;
  while (!stop_requested()) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      return true;
    }
    std::this_thread::sleep_for(
      std::min<std::chrono::steady_clock::duration>(deadline - now, k_stop_check_interval));
  }
  return false;
}

} // namespace mailroom::pipeline
