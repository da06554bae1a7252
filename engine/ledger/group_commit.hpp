#pragma once

#include "database.hpp"

#include <engine/util/result.hpp>

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <vector>

namespace mailroom::ledger {

// Whether a write must be on disk before its caller goes on (Durability::OnDisk: a `sending`
// mark, before the message goes out) or may reach the disk with the next sync
// (Durability::WithNextSync: a `sent` mark; should the machine stop before then, the invoice
// stays `sending` and is reported as interrupted, never sent twice). Either way the write is
// committed before its caller goes on, so it survives the process dying at once.
enum class Durability { OnDisk, WithNextSync };

// Writes from many threads committed together. Each caller's write runs inside a savepoint of one
// shared transaction, and one COMMIT makes the whole group visible. An SQLite connection commits
// with synchronous=NORMAL (into the write-ahead log, not yet synced); a group with a write that
// must be on disk is then synced (Database::sync_to_disk, through a descriptor of our own),
// outside the database's mutex, so that reads and the next group's writes go on while the disk
// syncs. A sync covers every commit made before it started, so the groups that arrive during one
// share the next. The first waiting caller leads the next group; the others sleep until it is done.
//
// On PostgreSQL a commit is on disk when it returns, and the sync has nothing left to do.
//
// A write that fails is rolled back to its savepoint and its caller gets the error; the others of
// the group are not affected. A write that lost a deadlock to another connection (PostgreSQL,
// several workers) is rolled back to its savepoint and tried again, as the other has its locks
// by then. A failed COMMIT fails every write of the group, a failed sync every
// write that needed it.
class GroupCommit {
public:
  using Write = std::function<Status(Database&)>;

  explicit GroupCommit(Database& database)
    : m_database(database) {}

  // Runs `write` in the next group and returns once that group is committed and, for
  // Durability::OnDisk, synced to disk; or with the reason it is not.
  Status commit(Durability durability, const Write& write);

  // Syncs to disk every group committed so far; nothing to do if they all are.
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
    bool taken = false; // Into a group, by its leader.
    bool done = false;
  };
  // Writes and commits the group under the database's mutex; returns the commit's number, or
  // nothing if it did not commit (each member's result says why).
  std::optional<std::uint64_t> write_group(const std::vector<Request*>& group);
  // The same for a group of one, without a savepoint; under the database's mutex.
  std::optional<std::uint64_t> write_alone(Request& member);
  // Syncs the log unless a sync that started after commit `number` already did. Returns whether
  // this call synced.
  Result<bool> sync_through(std::uint64_t number);

  Database& m_database;
  std::mutex m_database_mutex; // Held while a group is written and committed, and by readers.
  std::atomic<std::uint64_t> m_commits = 0; // Numbers the commits; written under m_database_mutex.

  std::mutex m_sync_mutex;            // Held while the database syncs; guards the one below.
  std::uint64_t m_synced_through = 0; // Every commit up to this number is on disk.

  std::mutex m_queue_mutex; // Guards everything below.
  std::condition_variable m_group_done;
  std::vector<Request*> m_queue;
  bool m_leading = false; // A group is being written (not synced: the next may be written then).
  Statistics m_statistics;
};

} // namespace mailroom::ledger
