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
// shared transaction, and one COMMIT (one fsync, with synchronous=FULL) makes the whole group
// durable. A caller returns only after the commit that holds its write, so every transition is
// still durable before its caller goes on (a `sending` mark before the message goes out); what
// changes is that threads arriving while a commit is syncing share the next commit instead of
// waiting for one each. The first waiting caller leads the next group; the others sleep until it
// is done.
//
// A write that fails is rolled back to its savepoint and its caller gets the error; the others of
// the group are not affected. A failed COMMIT fails every write of the group.
class GroupCommit {
public:
  using Write = std::function<Status(Database&)>;

  explicit GroupCommit(Database& database)
    : m_database(database) {}

  // Runs `write` in the next group and returns once that group is durable, or with the reason
  // it is not.
  Status commit(const Write& write);

  // Runs `read` on the database between groups.
  template<typename Read>
  auto read(const Read& read) {
    const std::lock_guard lock(m_database_mutex);
    return read(m_database);
  }

  struct Statistics {
    std::uint64_t writes = 0;
    std::uint64_t commits = 0;
  };
  Statistics statistics();

  // Writes queued for the next group.
  std::size_t waiting();

private:
  struct Request {
    const Write* write = nullptr;
    Status result = Ok{};
    bool done = false;
  };
  void run_group(const std::vector<Request*>& group);

  Database& m_database;
  std::mutex m_database_mutex; // Held while a group is written and committed, and by readers.

  std::mutex m_queue_mutex; // Guards everything below.
  std::condition_variable m_group_done;
  std::vector<Request*> m_queue;
  bool m_leading = false;
  Statistics m_statistics;
};

} // namespace mailroom::ledger
