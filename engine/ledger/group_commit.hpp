#pragma once

#include "database.hpp"

#include <engine/util/result.hpp>

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <vector>

namespace mailroom::ledger {

// Writes from many threads committed together. Each caller's write runs inside a savepoint of one
// shared transaction, and one COMMIT makes the whole group visible; the connection commits with
// synchronous=NORMAL, so a commit survives the process dying at once but needs a sync of the
// write-ahead log to survive the machine stopping. Each write says which it needs:
// Durability::OnDisk returns only after the group holding it is synced (a `sending` mark before
// the message goes out), Durability::WithNextSync returns once committed and reaches the disk
// with the next synced group or `sync()` (a `sent` mark: should the machine stop before then,
// the invoice stays `sending` and is reported as interrupted, never sent twice). Threads arriving
// while a group is written share the next group instead of waiting for one each. The first
// waiting caller leads the next group; the others sleep until it is done.
//
// A write that fails is rolled back to its savepoint and its caller gets the error; the others of
// the group are not affected. A failed COMMIT fails every write of the group, a failed sync every
// write that needed it.
enum class Durability { OnDisk, WithNextSync };

class GroupCommit {
public:
  using Write = std::function<Status(Database&)>;

  explicit GroupCommit(Database& database)
    : m_database(database) {}

  // Runs `write` in the next group and returns once that group is committed and, for
  // Durability::OnDisk, synced to disk; or with the reason it is not.
  Status commit(Durability durability, const Write& write);

  // Syncs to disk every group committed without a sync so far; nothing to do if there is none.
  Status sync();

  // Runs `read` on the database between groups.
  template<typename Read>
  auto read(const Read& read) {
    const std::lock_guard lock(m_database_mutex);
    return read(m_database);
  }

  struct Statistics {
    std::uint64_t writes = 0;
    std::uint64_t commits = 0;
    std::uint64_t syncs = 0;
  };
  Statistics statistics();

  // Writes queued for the next group.
  std::size_t waiting();

private:
  struct Request {
    const Write* write = nullptr;
    Durability durability = Durability::OnDisk;
    Status result = Ok{};
    bool done = false;
  };
  // Returns whether the group was synced to disk.
  bool run_group(const std::vector<Request*>& group);
  // With m_database_mutex held. Returns whether there was anything to sync.
  Result<bool> sync_locked();
  void count_sync();

  Database& m_database;
  std::mutex m_database_mutex; // Held while a group is written and committed, and by readers.
  bool m_unsynced = false;     // A commit since the last sync; guarded by m_database_mutex.

  std::mutex m_queue_mutex; // Guards everything below.
  std::condition_variable m_group_done;
  std::vector<Request*> m_queue;
  bool m_leading = false;
  Statistics m_statistics;
};

} // namespace mailroom::ledger
