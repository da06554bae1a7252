#include "run_lock.hpp"

#include <engine/util/text.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

namespace mailroom::ledger {

namespace {

// What the holder wrote: "pid\njob\n". It may be empty for a moment, between its flock and write.
std::string read_holder(int descriptor) {
  std::string contents(512, '\0');
  const ssize_t length = ::pread(descriptor, contents.data(), contents.size(), 0);
  contents.resize(length > 0 ? static_cast<size_t>(length) : 0);
  return contents;
}

std::string describe_holder(const std::string& contents, std::string_view our_job) {
  const auto end_of_pid = contents.find('\n');
  if (end_of_pid == std::string::npos || end_of_pid == 0) {
    return "job " + std::string(our_job) + " is already running (pid unknown)";
  }
  const std::string pid = contents.substr(0, end_of_pid);
  std::string job = contents.substr(end_of_pid + 1);
  job = std::string(text::trim(job));
  return "job " + (job.empty() ? std::string(our_job) : job) + " is already running (pid " + pid +
         ")";
}

} // namespace

std::filesystem::path RunLock::path_for(const std::filesystem::path& ledger) {
  auto path = ledger;
  path += ".lock";
  return path;
}

Result<RunLock> RunLock::acquire(const std::filesystem::path& ledger, std::string_view job) {
  const auto path = path_for(ledger);
  // O_CLOEXEC: a child process (none today) must not keep the lock alive after we end.
  const int descriptor = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (descriptor < 0) {
    return make_error("cannot open the ledger's lock file: " + std::string(std::strerror(errno)),
                      Location{path.string()});
  }
  RunLock lock(descriptor);
  while (::flock(descriptor, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EINTR) {
      continue;
    }
    if (errno == EWOULDBLOCK) {
      return make_error(describe_holder(read_holder(descriptor), job) + " on ledger " +
                        ledger.string() + "; wait for it to finish (this run sent nothing)");
    }
    return make_error("cannot lock the ledger: " + std::string(std::strerror(errno)),
                      Location{path.string()});
  }
  const std::string holder = std::to_string(::getpid()) + "\n" + std::string(job) + "\n";
  // Informative only: the flock is the lock, so a failed write does not stop the run.
  if (::ftruncate(descriptor, 0) == 0) {
    [[maybe_unused]] const auto written = ::pwrite(descriptor, holder.data(), holder.size(), 0);
  }
  return lock;
}

RunLock::RunLock(RunLock&& other) noexcept
  : m_descriptor(std::exchange(other.m_descriptor, -1)) {}

RunLock& RunLock::operator=(RunLock&& other) noexcept {
  if (this != &other) {
    if (m_descriptor >= 0) {
      ::close(m_descriptor);
    }
    m_descriptor = std::exchange(other.m_descriptor, -1);
  }
  return *this;
}

RunLock::~RunLock() {
  if (m_descriptor >= 0) {
    // Closing releases the flock. The file stays: removing it would race with a run that has
    // just opened it and would then lock a file no one else can see.
    ::close(m_descriptor);
  }
}

} // namespace mailroom::ledger
