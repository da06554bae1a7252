#include "write_ahead_log.hpp"

#include <engine/util/files.hpp>

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
    // The log's entry in its folder may be new: the folder is synced once as well.
    if (auto folder_synced = files::sync_folder_of(m_path); !folder_synced) {
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
