#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

// Work done every so often on a thread of its own while a run goes on: the progress display's
// redraw, the metrics file's write, the archive's group sync. The thread sleeps between calls and
// wakes at once when stopped.

namespace mailroom {

class RepeatingTask {
public:
  // Calls `work` every `interval` (the first time one interval from now) until stopped.
  RepeatingTask(std::chrono::milliseconds interval, std::function<void()> work);
  ~RepeatingTask();
  RepeatingTask(const RepeatingTask&) = delete;
  RepeatingTask& operator=(const RepeatingTask&) = delete;

  // Waits for a call under way to end; no call comes after. Called from one thread; again, it
  // does nothing.
  void stop();

private:
  void repeat();

  const std::chrono::milliseconds m_interval;
  const std::function<void()> m_work;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_stopping = false; // Guarded by m_mutex.
  std::thread m_thread;    // Last: started once the members above are.
};

} // namespace mailroom
