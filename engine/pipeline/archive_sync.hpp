#pragma once

#include <engine/ledger/ledger.hpp>
#include <engine/util/repeating_task.hpp>
#include <engine/util/result.hpp>

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

// The archive's group sync. A run writes each PDF into the archive at once, without waiting for
// the disk (files::Syncing::Later), and marks its delivery `sending` with the PDF's SHA-256 and a
// note that its archived copy is not yet synced (ledger::ArchiveCopy::NotYetSynced). This thread
// syncs the archive's file system every few seconds, and the run once more before its report;
// each sync is one syncfs(2) for every PDF written since the last, instead of two fsyncs per PDF
// on the way of its mail. Once synced, the notes are forgotten in the ledger.
//
// A crash in between may leave a PDF that went out missing or torn in the archive: the ledger
// still notes it, and the next run checks it before it sends anything (commands/verify_archive),
// restoring it from a new rendering, which is byte-identical for the same input, or saying loudly
// that it cannot.
//
// Once a sync fails, every later one fails too (Linux forgets the pages it could not write), and
// no further PDF may go out on an unsynced archive copy (`failure`).

namespace mailroom::pipeline {

class ArchiveSync {
public:
  static constexpr std::chrono::milliseconds k_interval{2000};

  // Opens the archive's folder (making it if missing) and starts the thread that syncs it every
  // `interval`; the notes are forgotten in `ledger` under the job `job`.
  static Result<std::unique_ptr<ArchiveSync>> start(
    const std::filesystem::path& archive, ledger::Ledger& ledger, std::string job,
    std::chrono::milliseconds interval = k_interval);
  ~ArchiveSync();
  ArchiveSync(const ArchiveSync&) = delete;
  ArchiveSync& operator=(const ArchiveSync&) = delete;

  // The failed sync, once one failed: nothing more may go out on an unsynced copy.
  std::optional<Error> failure() const;

  // The PDF of the delivery `number` is written into the archive, and its `sending` mark notes it
  // as not yet synced.
  void written(std::string number);

  // Syncs what was written so far and forgets its notes; the run calls it before its report.
  // Thread-safe; one sync at a time.
  Status sync_now();

  // Stops the thread, then syncs what is left (sync_now).
  Status finish();

private:
  ArchiveSync(int folder, std::filesystem::path archive, ledger::Ledger& ledger, std::string job);
  // The thread's sync: a problem is said once, not every few seconds.
  void sync_in_the_background();

  int m_folder; // The archive's folder, open for syncfs(2).
  std::filesystem::path m_archive;
  ledger::Ledger& m_ledger;
  std::string m_job;

  mutable std::mutex m_mutex;         // Guards the members below.
  std::vector<std::string> m_written; // Since the last sync began.
  std::optional<Error> m_failure;

  std::mutex m_syncing;       // One sync at a time.
  std::string m_last_problem; // Said by the thread; only it touches this.
  std::optional<RepeatingTask> m_background_sync;
};

} // namespace mailroom::pipeline
