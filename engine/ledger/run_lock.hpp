#pragma once

#include <engine/util/result.hpp>

#include <filesystem>
#include <string_view>

// Keeps two runs from sending through the same ledger at once: an exclusive flock(2) on a lock
// file next to the ledger ("ledger.db.lock"). The kernel releases it when the process ends, how
// ever it ends (kill -9 included), so a crashed run never leaves a stale lock behind.

namespace mailroom::ledger {

class RunLock {
public:
  // Takes the lock without waiting, writing our pid and the job's name into the file so that a
  // refused run can say who holds it: "job X is already running (pid N) on ledger Y".
  static Result<RunLock> acquire(const std::filesystem::path& ledger, std::string_view job);

  RunLock(RunLock&& other) noexcept;
  RunLock& operator=(RunLock&& other) noexcept;
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;
  ~RunLock();

  static std::filesystem::path path_for(const std::filesystem::path& ledger);

private:
  explicit RunLock(int descriptor)
    : m_descriptor(descriptor) {}
  int m_descriptor = -1;
};

} // namespace mailroom::ledger
