#include "files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

namespace mailroom::files {

Result<std::string> read_file(const std::filesystem::path& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    return make_error("is a folder, not a file", Location{path.string()});
  }
  std::ifstream stream(path, std::ios::binary);
  if (!stream) {
    return make_error(std::string("cannot open file: ") + std::strerror(errno),
                      Location{path.string()});
  }
  std::ostringstream contents;
  contents << stream.rdbuf();
  if (stream.bad()) {
    return make_error("cannot read file", Location{path.string()});
  }
  return contents.str();
}

Status sync_folder_of(const std::filesystem::path& file) {
  const auto folder = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
  const int descriptor = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (descriptor < 0) {
    return make_error(std::string("cannot open the folder to sync it: ") + std::strerror(errno),
                      Location{folder.string()});
  }
  const int synced = ::fsync(descriptor);
  const std::string reason = synced != 0 ? std::strerror(errno) : "";
  ::close(descriptor);
  if (synced != 0) {
    return make_error("cannot sync the folder to disk: " + reason, Location{folder.string()});
  }
  return Ok{};
}

Result<StagedFile> StagedFile::create(const std::filesystem::path& path) {
  static std::atomic<unsigned long> counter{0};
  auto temporary =
    path.parent_path() / ("." + path.filename().string() + ".tmp." + std::to_string(::getpid()) +
                          "." + std::to_string(counter.fetch_add(1)));
  const int descriptor =
    ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (descriptor < 0) {
    return make_error(std::string("cannot create file: ") + std::strerror(errno),
                      Location{temporary.string()});
  }
  return StagedFile(descriptor, std::move(temporary));
}

Status StagedFile::append(std::string_view bytes, const std::filesystem::path& path) {
  if (m_descriptor < 0) {
    return make_error("cannot write file: it was already synced", Location{path.string()});
  }
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t count = ::write(m_descriptor, bytes.data() + written, bytes.size() - written);
    if (count < 0) {
      if (errno == EINTR) {
        continue;
      }
      return make_error(std::string("cannot write file: ") + std::strerror(errno),
                        Location{path.string()});
    }
    written += static_cast<size_t>(count);
  }
  return Ok{};
}

Result<StagedFile> StagedFile::write(const std::filesystem::path& path, std::string_view bytes) {
  auto staged = TRY(create(path));
  TRY(staged.append(bytes, path));
  // Only a request to start writing back (which fails on file systems without writeback, such as
  // some network ones); put_in_place's fsync is what makes sure and reports errors.
  static_cast<void>(::sync_file_range(staged.m_descriptor, 0, 0, SYNC_FILE_RANGE_WRITE));
  return staged;
}

StagedFile::StagedFile(StagedFile&& other) noexcept
  : m_descriptor(std::exchange(other.m_descriptor, -1))
  , m_temporary(std::exchange(other.m_temporary, {})) {}

StagedFile::~StagedFile() {
  discard();
}

void StagedFile::discard() {
  if (m_descriptor >= 0) {
    ::close(m_descriptor);
    m_descriptor = -1;
  }
  if (!m_temporary.empty()) {
    ::unlink(m_temporary.c_str());
    m_temporary.clear();
  }
}

Status StagedFile::put_in_place(const std::filesystem::path& path, Overwrite overwrite,
                                Syncing syncing) {
  if (m_temporary.empty()) {
    return make_error("cannot put file in place: it was already put elsewhere",
                      Location{path.string()});
  }
  if (m_descriptor >= 0) {
    const int descriptor = std::exchange(m_descriptor, -1);
    if (syncing == Syncing::Now && ::fsync(descriptor) != 0) {
      const std::string reason = std::strerror(errno);
      ::close(descriptor);
      discard();
      return make_error("cannot write file: " + reason, Location{path.string()});
    }
    if (::close(descriptor) != 0) {
      const std::string reason = std::strerror(errno);
      discard();
      return make_error("cannot write file: " + reason, Location{path.string()});
    }
  }
  if (overwrite == Overwrite::Refused) {
    // link() fails if the target exists, which makes "create if absent" atomic.
    if (::link(m_temporary.c_str(), path.c_str()) != 0) {
      return make_error(std::string("cannot put file in place: ") + std::strerror(errno),
                        Location{path.string()});
    }
    discard();
  } else {
    if (::rename(m_temporary.c_str(), path.c_str()) != 0) {
      return make_error(std::string("cannot put file in place: ") + std::strerror(errno),
                        Location{path.string()});
    }
    m_temporary.clear();
  }
  if (syncing == Syncing::Later) {
    return Ok{};
  }
  // The new name is an entry in the folder: until the folder is synced too, a power cut may
  // leave the bytes on disk under no name, or under the temporary one.
  return sync_folder_of(path);
}

Status write_file_atomically(const std::filesystem::path& path, std::string_view bytes,
                             Overwrite overwrite) {
  auto staged = TRY(StagedFile::write(path, bytes));
  return staged.put_in_place(path, overwrite);
}

std::filesystem::path resolve_relative_to(const std::filesystem::path& file,
                                          const std::filesystem::path& relative) {
  if (relative.is_absolute()) {
    return relative.lexically_normal();
  }
  // Anchor on the file's absolute path, so that a job given as "jobs/demo.toml" yields paths that
  // still hold when the working folder changes (and that the transports accept).
  std::error_code error;
  const auto absolute_file = std::filesystem::absolute(file, error);
  return ((error ? file : absolute_file).parent_path() / relative).lexically_normal();
}

} // namespace mailroom::files
