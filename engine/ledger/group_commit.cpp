#include "group_commit.hpp"

#include "transaction.hpp"

#include <algorithm>
#include <exception>
#include <string>
#include <utility>

namespace mailroom::ledger {

Status GroupCommit::commit(Durability durability, const Write& write) {
  Request request;
  request.write = &write;
  request.durability = durability;
  std::unique_lock lock(m_queue_mutex);
  m_queue.push_back(&request);
  while (!request.done) {
    if (m_leading) {
      m_group_done.wait(lock);
      continue;
    }
    // Lead: take everything queued so far (this request among it) as one group.
    m_leading = true;
    std::vector<Request*> group;
    group.swap(m_queue);
    lock.unlock();
    bool synced = false;
    try {
      synced = run_group(group);
    } catch (const std::exception& error) {
      // Nothing of ours throws, but an allocation may; the followers must not wait forever for
      // a leader that is gone. The transaction has rolled back: nothing of the group is recorded.
      for (Request* member : group) {
        member->result = make_error(std::string("not recorded: ") + error.what(),
                                    Location{m_database.path().string()});
      }
    }
    lock.lock();
    for (Request* member : group) {
      member->done = true;
    }
    m_statistics.writes += group.size();
    ++m_statistics.commits;
    m_statistics.syncs += synced ? 1 : 0;
    m_leading = false;
    m_group_done.notify_all();
  }
  return std::move(request.result);
}

Status GroupCommit::sync() {
  bool synced = false;
  {
    const std::lock_guard lock(m_database_mutex);
    synced = TRY(sync_locked());
  }
  if (synced) {
    const std::lock_guard lock(m_queue_mutex);
    ++m_statistics.syncs;
  }
  return Ok{};
}

Result<bool> GroupCommit::sync_locked() {
  if (!m_unsynced) {
    return false;
  }
  TRY(m_database.sync_write_ahead_log());
  m_unsynced = false;
  return true;
}

GroupCommit::Statistics GroupCommit::statistics() {
  const std::lock_guard lock(m_queue_mutex);
  return m_statistics;
}

std::size_t GroupCommit::waiting() {
  const std::lock_guard lock(m_queue_mutex);
  return m_queue.size();
}

bool GroupCommit::run_group(const std::vector<Request*>& group) {
  const std::lock_guard lock(m_database_mutex);
  auto transaction = Transaction::begin(m_database);
  if (!transaction) {
    for (Request* member : group) {
      member->result = transaction.error();
    }
    return false;
  }
  for (Request* member : group) {
    // SQLite ends the transaction by itself after some errors. Writing on would commit each later
    // write on its own while its caller is told it failed: stop here instead.
    if (!m_database.in_transaction()) {
      member->result = make_error("not recorded: an earlier error in the same commit ended it",
                                  Location{m_database.path().string()});
      continue;
    }
    if (auto opened = m_database.exec("SAVEPOINT transition"); !opened) {
      member->result = opened.error();
      continue;
    }
    member->result = (*member->write)(m_database);
    if (!member->result) {
      static_cast<void>(m_database.exec("ROLLBACK TO transition"));
    }
    if (auto released = m_database.exec("RELEASE transition"); !released && member->result) {
      member->result = released.error();
    }
  }
  if (auto committed = transaction->commit(); !committed) {
    for (Request* member : group) {
      if (member->result) {
        member->result = committed.error();
      }
    }
    return false;
  }
  m_unsynced = m_unsynced || std::any_of(group.begin(), group.end(), [](const Request* member) {
                 return static_cast<bool>(member->result);
               });
  const bool needs_sync = std::any_of(group.begin(), group.end(), [](const Request* member) {
    return member->result && member->durability == Durability::OnDisk;
  });
  if (!needs_sync) {
    return false;
  }
  // A failed sync leaves m_unsynced set, so the next sync tries again; the writes that did not
  // need it stay committed and their callers are not told otherwise.
  auto synced = sync_locked();
  if (!synced) {
    for (Request* member : group) {
      if (member->result && member->durability == Durability::OnDisk) {
        member->result = synced.error();
      }
    }
    return false;
  }
  return true;
}

} // namespace mailroom::ledger
