#include "repeating_task.hpp"

#include <utility>

namespace mailroom {

RepeatingTask::RepeatingTask(std::chrono::milliseconds interval, std::function<void()> work)
  : m_interval(interval)
  , m_work(std::move(work))
  , m_thread([this] { repeat(); }) {}

RepeatingTask::~RepeatingTask() {
  stop();
}

void RepeatingTask::stop() {
  {
    const std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_wake.notify_all();
  if (m_thread.joinable()) {
    m_thread.join();
  }
}

void RepeatingTask::repeat() {
  std::unique_lock lock(m_mutex);
  while (!m_wake.wait_for(lock, m_interval, [this] { return m_stopping; })) {
    lock.unlock();
    m_work();
    lock.lock();
  }
}

} // namespace mailroom
