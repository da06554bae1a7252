#include "files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

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

Status write_file_atomically(const std::filesystem::path& path, std::string_view bytes,
                             Overwrite overwrite) {
  static std::atomic<unsigned long> counter{0};
  const auto temporary = path.parent_path() / ("." + path.filename().string() + ".tmp." +
                                               std::to_string(::getpid()) + "." +
                                               std::to_string(counter.fetch_add(1)));
  const int descriptor =
    ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (descriptor < 0) {
    return make_error(std::string("cannot create file: ") + std::strerror(errno),
                      Location{temporary.string()});
  }
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t count = ::write(descriptor, bytes.data() + written, bytes.size() - written);
    if (count < 0) {
      if (errno == EINTR) {
        continue;
      }
      const std::string reason = std::strerror(errno);
      ::close(descriptor);
      ::unlink(temporary.c_str());
      return make_error("cannot write file: " + reason, Location{path.string()});
    }
    written += static_cast<size_t>(count);
  }
  if (::fsync(descriptor) != 0 || ::close(descriptor) != 0) {
    const std::string reason = std::strerror(errno);
    ::unlink(temporary.c_str());
    return make_error("cannot write file: " + reason, Location{path.string()});
  }
  int result = 0;
  if (overwrite == Overwrite::Refused) {
    // link() fails if the target exists, which makes "create if absent" atomic.
    result = ::link(temporary.c_str(), path.c_str());
    ::unlink(temporary.c_str());
  } else {
    result = ::rename(temporary.c_str(), path.c_str());
  }
  if (result != 0) {
    const std::string reason = std::strerror(errno);
    ::unlink(temporary.c_str());
    return make_error("cannot put file in place: " + reason, Location{path.string()});
  }
  return Ok{};
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
