#include "run_lock.hpp"

#include <engine/util/hash.hpp>
#include <engine/util/text.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <initializer_list>
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

// "job X" or "job X, shard 1/4".
std::string job_and_shard(std::string_view job, std::string_view shard) {
  return "job " + std::string(job) + (shard.empty() ? "" : ", shard " + std::string(shard));
}

// The advisory lock's key: the first 64 bits of a SHA-256 of the job and shard, so that different
// jobs sharing a database do not wait for each other. pg_locks shows a bigint key as its high
// (classid) and low (objid) halves.
std::int64_t advisory_key(std::string_view job, std::string_view shard) {
  const auto digest =
    hash::sha256_hex("mailroom run\n" + std::string(job) + "\n" + std::string(shard));
  return static_cast<std::int64_t>(std::stoull(digest.substr(0, 16), nullptr, 16));
}

constexpr std::string_view k_try_lock = "SELECT pg_try_advisory_lock(?1)";
constexpr std::string_view k_name_session = "SELECT set_config('application_name', ?1, false)";
constexpr std::string_view k_holder = R"sql(
SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
  AND l.classid::bigint = ?1 AND l.objid::bigint = ?2
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
)sql";

Result<std::string> ask_one(Database& database, std::string_view sql,
                            std::initializer_list<std::int64_t> numbers,
                            std::string_view text = {}) {
  auto statement = TRY(database.prepare(sql));
  int index = 1;
  if (!text.empty()) {
    TRY(statement.bind_text(index++, text));
  }
  for (const auto number : numbers) {
    TRY(statement.bind_int64(index++, number));
  }
  if (TRY(statement.step()) != StepResult::Row) {
    return std::string();
  }
  return statement.column_text(0);
}

// A connection of its own holding the job's and shard's advisory lock, named after its holder.
Result<std::unique_ptr<Database>> take_advisory_lock(const Address& ledger, std::string_view job,
                                                     std::string_view shard) {
  auto connection = TRY(open_database(ledger));
  const auto key = advisory_key(job, shard);
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  // What a refused run reads in pg_stat_activity (at most 63 bytes are kept).
  const std::string holder = "mailroom " + std::to_string(::getpid()) + "@" + host + " " +
                             std::string(job) + (shard.empty() ? "" : " " + std::string(shard));
  if (TRY(ask_one(*connection, k_try_lock, {key})) != "t") {
    const auto unsigned_key = static_cast<std::uint64_t>(key);
    const auto held_by = TRY(ask_one(*connection, k_holder,
                                     {static_cast<std::int64_t>(unsigned_key >> 32U),
                                      static_cast<std::int64_t>(unsigned_key & 0xffffffffU)}));
    return make_error(job_and_shard(job, shard) + " is already running (" +
                      (held_by.empty() ? std::string("by another worker") : held_by) +
                      ") on ledger " + ledger.shown() +
                      "; wait for it to finish (this run sent nothing)");
  }
  TRY(ask_one(*connection, k_name_session, {}, holder));
  return connection;
}

} // namespace

std::filesystem::path RunLock::path_for(const std::filesystem::path& ledger,
                                        std::string_view shard) {
  auto path = ledger;
  if (!shard.empty()) {
    std::string name(shard);
    std::replace(name.begin(), name.end(), '/', '-');
    path += ".shard-" + name;
  }
  path += ".lock";
  return path;
}

RunLock::RunLock(std::unique_ptr<Database> connection)
  : m_connection(std::move(connection)) {}

Result<RunLock> RunLock::acquire(const Address& address, std::string_view job,
                                 std::string_view shard) {
  if (address.backend == Backend::Postgresql) {
    return RunLock(TRY(take_advisory_lock(address, job, shard)));
  }
  const auto& ledger = address.file;
  const auto path = path_for(ledger, shard);
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
  : m_descriptor(std::exchange(other.m_descriptor, -1))
  , m_connection(std::move(other.m_connection)) {}

RunLock& RunLock::operator=(RunLock&& other) noexcept {
  if (this != &other) {
    if (m_descriptor >= 0) {
      ::close(m_descriptor);
    }
    m_descriptor = std::exchange(other.m_descriptor, -1);
    m_connection = std::move(other.m_connection);
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
