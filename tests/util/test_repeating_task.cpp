#include <engine/util/repeating_task.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace mailroom {
namespace {

using namespace std::chrono_literals;

TEST(RepeatingTask, CallsItsWorkEveryIntervalUntilStoppedAndNeverAfter) {
  std::atomic<int> calls{0};
  RepeatingTask task(10ms, [&calls] { ++calls; });
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (calls < 3 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(1ms);
  }
  EXPECT_GE(calls.load(), 3);
  task.stop();
  const int stopped_at = calls;
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(calls.load(), stopped_at);
  task.stop(); // Again: nothing.
}

TEST(RepeatingTask, StoppingWakesItAtOnceAndTheFirstCallWaitsAnInterval) {
  std::atomic<int> calls{0};
  const auto started = std::chrono::steady_clock::now();
  {
    RepeatingTask task(1h, [&calls] { ++calls; });
  } // Destroyed: stops.
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
  EXPECT_EQ(calls.load(), 0);
}

} // namespace
} // namespace mailroom
