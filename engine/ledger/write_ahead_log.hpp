#pragma once

#include <engine/util/result.hpp>

#include <filesystem>
#include <optional>

namespace mailroom::ledger {

// Our own descriptor of an SQLite database's write-ahead log (`<database>-wal`), to sync it to
// disk without touching the connection, which another thread may be writing through meanwhile.
// SQLite keeps the log's file while a connection to the database is open (the last one to close
// deletes it), so while the Ledger's connection is open one descriptor stays right. Not
// thread-safe: GroupCommit syncs under a mutex of its own.
class WriteAheadLog {
public:
  // `path` as Database::write_ahead_log_path() gives it.
  explicit WriteAheadLog(std::filesystem::path path);
  WriteAheadLog(const WriteAheadLog&) = delete;
  WriteAheadLog& operator=(const WriteAheadLog&) = delete;
  ~WriteAheadLog();

  // Syncs everything written to the log so far to disk; the first time also the folder holding
  // it, whose entry for the log may be new. The log must exist: call it after a commit. Once a
  // sync has failed every later one fails too: Linux forgets the pages it could not write, so a
  // later sync could succeed without them.
  Status sync();

private:
  std::filesystem::path m_path;
  int m_descriptor = -1;
  std::optional<Error> m_failed;
};

} // namespace mailroom::ledger
