#include "write_ahead_log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

namespace mailroom::ledger {

namespace {

Status sync_descriptor(int descriptor, const std::filesystem::path& path) {
  while (::fdatasync(descriptor) != 0) {
    if (errno != EINTR) {
      return make_error(std::string("cannot sync to disk: ") + std::strerror(errno),
                        Location{path.string()});
    }
  }
  return Ok{};
}

} // namespace

WriteAheadLog::WriteAheadLog(std::filesystem::path path)
  : m_path(std::move(path)) {}

WriteAheadLog::~WriteAheadLog() {
  if (m_descriptor >= 0) {
    ::close(m_descriptor);
  }
}

Status WriteAheadLog::sync() {
  if (m_failed) {
    return make_error("an earlier sync of the write-ahead log failed (" + m_failed->message +
                        "); what it held may not be on disk",
                      Location{m_path.string()});
  }
  if (m_descriptor < 0) {
    const int descriptor = ::open(m_path.c_str(), O_RDONLY | O_CLOEXEC);
    if (descriptor < 0) {
      return make_error(std::string("cannot open the write-ahead log: ") + std::strerror(errno),
                        Location{m_path.string()});
    }
    const auto folder = m_path.has_parent_path() ? m_path.parent_path() : ".";
    const int folder_descriptor = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (folder_descriptor < 0) {
      const std::string reason = std::strerror(errno);
      ::close(descriptor);
      return make_error("cannot open the ledger's folder: " + reason, Location{folder.string()});
    }
    auto folder_synced = sync_descriptor(folder_descriptor, folder);
    ::close(folder_descriptor);
    if (!folder_synced) {
      ::close(descriptor);
      return folder_synced;
    }
    m_descriptor = descriptor;
  }
  auto synced = sync_descriptor(m_descriptor, m_path);
  if (!synced) {
    m_failed = synced.error();
  }
  return synced;
}

} // namespace mailroom::ledger
