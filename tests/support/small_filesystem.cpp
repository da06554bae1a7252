#include "small_filesystem.hpp"

#include <sys/mount.h>

#include <cerrno>
#include <cstring>

namespace mailroom::testing {

SmallFilesystem::SmallFilesystem(size_t bytes) {
  const std::string options = "size=" + std::to_string(bytes) + ",mode=0700";
  if (::mount("tmpfs", m_folder.path().c_str(), "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
              options.c_str()) == 0) {
    m_mounted = true;
  } else {
    m_why_not = std::string("cannot mount a small tmpfs (needs root): ") + std::strerror(errno);
  }
}

SmallFilesystem::~SmallFilesystem() {
  if (m_mounted) {
    // Lazily, so that a file a failed test left open does not keep the mount (and the temporary
    // folder's removal) from happening.
    ::umount2(m_folder.path().c_str(), MNT_DETACH);
  }
}

} // namespace mailroom::testing
