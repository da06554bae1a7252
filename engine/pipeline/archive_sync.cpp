#include "archive_sync.hpp"

#include <engine/util/log.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace mailroom::pipeline {

Result<std::unique_ptr<ArchiveSync>> ArchiveSync::start(const std::filesystem::path& archive,
                                                        ledger::Ledger& ledger, std::string job,
                                                        std::chrono::milliseconds interval) {
  std::error_code error;
  std::filesystem::create_directories(archive, error);
  if (error) {
    return make_error("cannot create the archive folder: " + error.message(),
                      Location{archive.string()});
  }
  const int folder = ::open(archive.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (folder < 0) {
    return make_error(std::string("cannot open the archive folder: ") + std::strerror(errno),
                      Location{archive.string()});
  }
  std::unique_ptr<ArchiveSync> sync(new ArchiveSync(folder, archive, ledger, std::move(job)));
  sync->m_background_sync.emplace(interval, [raw = sync.get()] { raw->sync_in_the_background(); });
  return sync;
}

ArchiveSync::ArchiveSync(int folder, std::filesystem::path archive, ledger::Ledger& ledger,
                         std::string job)
  : m_folder(folder)
  , m_archive(std::move(archive))
  , m_ledger(ledger)
  , m_job(std::move(job)) {}

ArchiveSync::~ArchiveSync() {
  m_background_sync.reset();
  ::close(m_folder);
}

std::optional<Error> ArchiveSync::failure() const {
  const std::lock_guard lock(m_mutex);
  return m_failure;
}

void ArchiveSync::written(std::string number) {
  const std::lock_guard lock(m_mutex);
  m_written.push_back(std::move(number));
}

Status ArchiveSync::sync_now() {
  const std::lock_guard one_at_a_time(m_syncing);
  std::vector<std::string> batch;
  {
    const std::lock_guard lock(m_mutex);
    if (m_failure) {
      return *m_failure;
    }
    batch.swap(m_written);
  }
  if (batch.empty()) {
    return Ok{};
  }
  // One sync of the archive's file system writes every PDF and folder entry made since the last.
  // Since Linux 5.8 it also reports a failure to write back any of them.
  if (::syncfs(m_folder) != 0) {
    auto failed =
      make_error(std::string("cannot sync the archive to disk: ") + std::strerror(errno) +
                   "; the PDFs written since the last sync are checked by the next run",
                 Location{m_archive.string()});
    const std::lock_guard lock(m_mutex);
    m_failure = failed;
    return failed;
  }
  // Forgetting the notes may fail (the ledger's server gone for a moment): the notes stay, and
  // the next run only checks PDFs that are on disk.
  return m_ledger.forget_unsynced_archive_copies(m_job, batch);
}

Status ArchiveSync::finish() {
  m_background_sync.reset();
  return sync_now();
}

void ArchiveSync::sync_in_the_background() {
  if (auto synced = sync_now(); !synced && synced.error().to_string() != m_last_problem) {
    m_last_problem = synced.error().to_string();
    log::write(log::error("archive", m_last_problem));
  }
}

} // namespace mailroom::pipeline
