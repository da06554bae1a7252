#include "group_commit.hpp"

#include "transaction.hpp"

#include <algorithm>
#include <exception>
#include <string>
#include <utility>

namespace mailroom::ledger {

namespace {

// How often a write that lost a deadlock is tried again before its caller gets the error.
constexpr int k_transient_retries = 3;

} // namespace

Status GroupCommit::commit(Durability durability, const Write& write) {
  Request request;
  request.write = &write;
  request.durability = durability;
  std::unique_lock lock(m_queue_mutex);
  m_queue.push_back(&request);
  while (!request.done) {
    // A request taken into a group waits for that group's leader; only a queued one may lead.
    if (m_leading || request.taken) {
      m_group_done.wait(lock);
      continue;
    }
    // Lead: take everything queued so far (this request among it) as one group and write it.
    m_leading = true;
    std::vector<Request*> group;
    group.swap(m_queue);
    for (Request* member : group) {
      member->taken = true;
    }
    lock.unlock();
    std::optional<std::uint64_t> committed;
    try {
      committed = write_group(group);
    } catch (const std::exception& error) {
      // Nothing of ours throws, but an allocation may; the followers must not wait forever for
      // a leader that is gone. The transaction has rolled back: nothing of the group is recorded.
      for (Request* member : group) {
        member->result =
          make_error(std::string("not recorded: ") + error.what(), Location{m_database.name()});
      }
    }

    // The next group may be written now. Members that need no sync are done; a member marked
    // done may return at once, so it is not touched after that. The members that wait for the
    // sync are moved to the front, in place: nothing from here on allocates before every member
    // is done, so no follower can be left waiting.
    const auto to_sync_end = std::partition(group.begin(), group.end(), [&](const Request* member) {
      return committed && member->result && member->durability == Durability::OnDisk;
    });
    lock.lock();
    for (auto member = to_sync_end; member != group.end(); ++member) {
      (*member)->done = true;
    }
    m_statistics.writes += group.size();
    ++m_statistics.commits;
    m_leading = false;
    m_group_done.notify_all();
    if (to_sync_end == group.begin()) {
      continue;
    }
    lock.unlock();
    Result<bool> synced = false;
    try {
      synced = sync_through(*committed);
    } catch (const std::exception& error) {
      synced =
        make_error(std::string("not synced to disk: ") + error.what(), Location{m_database.name()});
    }
    lock.lock();
    for (auto member = group.begin(); member != to_sync_end; ++member) {
      if (!synced) {
        (*member)->result = synced.error();
      }
      (*member)->done = true;
    }
    m_statistics.syncs += synced && *synced ? 1 : 0;
    m_group_done.notify_all();
  }
  return std::move(request.result);
}

Status GroupCommit::sync() {
  const bool synced = TRY(sync_through(m_commits.load()));
  if (synced) {
    const std::lock_guard lock(m_queue_mutex);
    ++m_statistics.syncs;
  }
  return Ok{};
}

Result<bool> GroupCommit::sync_through(std::uint64_t number) {
  const std::lock_guard lock(m_sync_mutex);
  if (m_synced_through >= number) {
    return false;
  }
  // Every commit counted so far has been written to the log: this sync covers them all.
  const std::uint64_t covered = m_commits.load();
  TRY(m_database.sync_to_disk());
  m_synced_through = covered;
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

std::optional<std::uint64_t> GroupCommit::write_group(const std::vector<Request*>& group) {
  const std::lock_guard lock(m_database_mutex);
  if (group.size() == 1) {
    return write_alone(*group.front());
  }
  auto transaction = Transaction::begin(m_database);
  if (!transaction) {
    for (Request* member : group) {
      member->result = transaction.error();
    }
    return std::nullopt;
  }
  for (Request* member : group) {
    // SQLite ends the transaction by itself after some errors. Writing on would commit each later
    // write on its own while its caller is told it failed: stop here instead.
    if (!m_database.in_transaction()) {
      member->result = make_error("not recorded: an earlier error in the same commit ended it",
                                  Location{m_database.name()});
      continue;
    }
    if (auto opened = m_database.exec("SAVEPOINT transition"); !opened) {
      member->result = opened.error();
      continue;
    }
    member->result = (*member->write)(m_database);
    for (int retry = 0;
         retry < k_transient_retries && !member->result && m_database.last_failure_is_transient();
         ++retry) {
      static_cast<void>(m_database.exec("ROLLBACK TO transition"));
      member->result = (*member->write)(m_database);
    }
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
    return std::nullopt;
  }
  return ++m_commits;
}

std::optional<std::uint64_t> GroupCommit::write_alone(Request& member) {
  // A transition alone in its group needs no savepoint: its transaction is one. On PostgreSQL
  // that is two round trips to the server fewer (bench/README.md, the off-CPU profile).
  for (int attempt = 0;; ++attempt) {
    auto transaction = Transaction::begin(m_database);
    if (!transaction) {
      member.result = transaction.error();
      return std::nullopt;
    }
    member.result = (*member.write)(m_database);
    if (member.result) {
      if (auto committed = transaction->commit(); !committed) {
        member.result = committed.error();
        return std::nullopt;
      }
      return ++m_commits;
    }
    // Rolled back when `transaction` goes; a write that lost a deadlock is tried again.
    if (!m_database.last_failure_is_transient() || attempt == k_transient_retries) {
      return std::nullopt;
    }
  }
}

} // namespace mailroom::ledger
