#pragma once

#include <engine/ledger/address.hpp>
#include <engine/ledger/database.hpp>
#include <engine/util/result.hpp>

#include <filesystem>
#include <memory>
#include <string_view>

// Keeps two runs of the same job (and shard) from sending at once. On SQLite an exclusive
// flock(2) on a lock file next to the ledger ("ledger.db.lock", "ledger.db.shard-1-of-4.lock");
// the kernel releases it when the process ends, how ever it ends (kill -9 included). On PostgreSQL
// a session advisory lock named after the job and shard, held by a connection of its own; the
// server releases it when that connection ends, which it does when the process dies. A crashed
// run never leaves a stale lock behind.
//
// The lock is a courtesy that says who is running; what keeps an invoice from going out twice is
// the ledger's `sending` mark, which only one run can make (Ledger::mark_sending).

namespace mailroom::ledger {

class RunLock {
public:
  // Takes the lock without waiting, leaving our pid, host and the job's name where a refused run
  // finds them, so that it can say who holds it: "job X is already running (pid N) on ledger Y".
  // `shard` is empty for a whole job, else as `--shard` says it ("1/4").
  static Result<RunLock> acquire(const Address& ledger, std::string_view job,
                                 std::string_view shard = {});
  static Result<RunLock> acquire(const std::filesystem::path& ledger, std::string_view job) {
    return acquire(sqlite_address(ledger), job);
  }

  RunLock(RunLock&& other) noexcept;
  RunLock& operator=(RunLock&& other) noexcept;
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;
  ~RunLock();

  static std::filesystem::path path_for(const std::filesystem::path& ledger,
                                        std::string_view shard = {});

private:
  explicit RunLock(int descriptor)
    : m_descriptor(descriptor) {}
  explicit RunLock(std::unique_ptr<Database> connection);
  int m_descriptor = -1;
  std::unique_ptr<Database> m_connection; // PostgreSQL: holds the advisory lock while open.
};

} // namespace mailroom::ledger
