#include "maildir_transport.hpp"

#include <engine/util/text.hpp>
#include <engine/util/time.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <system_error>

namespace mailroom::transport {

namespace {

std::string describe_errno(int error) {
  return std::system_category().message(error);
}

// The host part of a maildir name may not hold '/' or ':' (the spec's escapes).
std::string maildir_host() {
  char buffer[256] = {};
  if (::gethostname(buffer, sizeof buffer - 1) != 0 || buffer[0] == '\0') {
    return "localhost";
  }
  std::string host = text::replace_all(buffer, "/", "\\057");
  return text::replace_all(host, ":", "\\072");
}

class Descriptor {
public:
  explicit Descriptor(int value)
    : m_value(value) {}
  ~Descriptor() {
    if (m_value >= 0) {
      ::close(m_value);
    }
  }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;

  int get() const { return m_value; }
  // Closes now, reporting the error close() found (NFS reports write errors there).
  int close() {
    const int result = ::close(m_value);
    m_value = -1;
    return result;
  }

private:
  int m_value;
};

// 0 or an errno value.
int write_all(int descriptor, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(descriptor, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) {
        continue;
      }
      return errno;
    }
    bytes.remove_prefix(static_cast<size_t>(written));
  }
  return 0;
}

// Makes a rename durable.
int sync_folder(const std::filesystem::path& folder) {
  Descriptor descriptor(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (descriptor.get() < 0) {
    return errno;
  }
  return ::fsync(descriptor.get()) == 0 ? 0 : errno;
}

// Moves tmp/name to new/name, refusing to replace a file of that name.
int move_without_replacing(const std::filesystem::path& from, const std::filesystem::path& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) {
    return 0;
  }
  if (errno != EINVAL && errno != ENOSYS) {
    return errno;
  }
  // The file system cannot refuse to replace; names are unique, so a plain rename will do.
  return ::rename(from.c_str(), to.c_str()) == 0 ? 0 : errno;
}

} // namespace

MaildirTransport::MaildirTransport(const std::string& mailbox_name, std::filesystem::path folder)
  : m_label("mailbox '" + mailbox_name + "'")
  , m_folder(std::move(folder))
  , m_host(maildir_host()) {}

Status MaildirTransport::create_folders() {
  for (const char* name : {"tmp", "new", "cur"}) {
    std::error_code error;
    std::filesystem::create_directories(m_folder / name, error);
    if (error) {
      return make_error(m_label + ": cannot create maildir folder " + (m_folder / name).string() +
                        ": " + error.message());
    }
  }
  m_folders_exist = true;
  return Ok{};
}

Status MaildirTransport::check() {
  TRY(create_folders());
  // Writing is the only reliable test of writability (permissions, read-only mounts, quotas).
  for (const char* name : {"tmp", "new"}) {
    const auto probe = m_folder / name / (unique_name() + ".check");
    Descriptor descriptor(
      ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (descriptor.get() < 0) {
      return make_error(m_label + ": cannot write in maildir folder " + (m_folder / name).string() +
                        ": " + describe_errno(errno));
    }
    ::unlink(probe.c_str());
  }
  return Ok{};
}

std::string MaildirTransport::unique_name() const {
  // Shared by every maildir transport of the process: two mailboxes may name the same folder.
  static std::atomic<unsigned long> delivery_count{0};
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
  const auto microseconds =
    std::chrono::duration_cast<std::chrono::microseconds>(since_epoch - seconds);
  return std::to_string(seconds.count()) + ".M" + std::to_string(microseconds.count()) + "P" +
         std::to_string(::getpid()) + "Q" + std::to_string(++delivery_count) + "." + m_host;
}

Result<std::string> MaildirTransport::deliver(std::string_view bytes) {
  if (!m_folders_exist) {
    TRY(create_folders());
  }
  const auto fail = [&](const std::string& what, int error) {
    return make_error(m_label + ": cannot deliver to maildir " + m_folder.string() + ": " + what +
                      ": " + describe_errno(error));
  };
  std::string name = unique_name();
  auto temporary = m_folder / "tmp" / name;
  Descriptor descriptor(
    ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (descriptor.get() < 0) {
    return fail("cannot create " + temporary.string(), errno);
  }
  const auto abandon = [&](const std::string& what, int error) {
    ::unlink(temporary.c_str());
    return fail(what, error);
  };
  if (const int error = write_all(descriptor.get(), bytes); error != 0) {
    return abandon("cannot write " + temporary.string(), error);
  }
  if (::fsync(descriptor.get()) != 0) {
    return abandon("cannot flush " + temporary.string(), errno);
  }
  if (descriptor.close() != 0) {
    return abandon("cannot close " + temporary.string(), errno);
  }
  const auto final_path = m_folder / "new" / name;
  if (const int error = move_without_replacing(temporary, final_path); error != 0) {
    return abandon("cannot move the message into " + (m_folder / "new").string(), error);
  }
  // A failure to flush the folder is not reported: the message is in new/ already, and a failure
  // would make the caller send it a second time.
  sync_folder(m_folder / "new");
  return name;
}

Outcome MaildirTransport::send(const Envelope&, std::string_view message) {
  Outcome outcome;
  try {
    const std::string bytes = text::replace_all(message, "\r\n", "\n");
    auto name = deliver(bytes);
    if (!name) {
      outcome.failure = {FailureKind::Temporary, name.error().message};
      return outcome;
    }
    Delivery delivery;
    delivery.accepted_at = time::now();
    delivery.server_reply = std::move(*name);
    outcome.delivery = std::move(delivery);
  } catch (const std::exception& error) {
    outcome.failure = {FailureKind::Temporary, m_label + ": " + error.what()};
  }
  return outcome;
}

} // namespace mailroom::transport
