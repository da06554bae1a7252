#include "postgresql_server.hpp"

#include "process.hpp"

#include <engine/ledger/postgresql_database.hpp>

#include <gtest/gtest.h>
#include <pwd.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>
#include <vector>

namespace mailroom::testing {

namespace {

const std::filesystem::path k_binaries = "/usr/lib/postgresql/15/bin";
constexpr std::string_view k_superuser = "postgres";

// As root, the command runs as the user `postgres`; otherwise as ourselves.
std::vector<std::string> as_server_user(std::vector<std::string> command) {
  if (::geteuid() != 0) {
    return command;
  }
  std::vector<std::string> wrapped{"/usr/sbin/runuser", "-u", std::string(k_superuser), "--"};
  wrapped.insert(wrapped.end(), command.begin(), command.end());
  return wrapped;
}

void must(const ProcessResult& result, std::string_view what) {
  if (result.exit_code != 0) {
    throw std::runtime_error(std::string(what) + " failed (exit " +
                             std::to_string(result.exit_code) + "): " + result.err + result.out);
  }
}

void give_to_server_user(const std::filesystem::path& folder) {
  if (::geteuid() != 0) {
    return;
  }
  const passwd* user = ::getpwnam(std::string(k_superuser).c_str());
  if (user == nullptr) {
    throw std::runtime_error("no user postgres: is postgresql-15 installed?");
  }
  if (::chown(folder.c_str(), user->pw_uid, user->pw_gid) != 0) {
    throw std::runtime_error("cannot give " + folder.string() + " to postgres");
  }
}

} // namespace

std::unique_ptr<PostgresqlServer> PostgresqlServer::start(const std::filesystem::path& folder) {
  std::unique_ptr<PostgresqlServer> server(new PostgresqlServer(folder, Ownership::Ours));
  if (std::filesystem::exists(folder / "data" / "postmaster.pid")) {
    server->run_pg_ctl("stop");
  }
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  std::filesystem::permissions(folder, std::filesystem::perms::owner_all);
  give_to_server_user(folder);
  // --no-sync: a test server's files need not survive a power cut; its commits still go through
  // the server's WAL and fsync as in production.
  must(run_process(as_server_user(
         {(k_binaries / "initdb").string(), "-D", (folder / "data").string(), "-A", "trust", "-U",
          std::string(k_superuser), "-E", "UTF8", "--locale=C", "--no-sync"})),
       "initdb");
  server->run_pg_ctl("start");
  return server;
}

std::unique_ptr<PostgresqlServer> PostgresqlServer::attach(const std::filesystem::path& folder) {
  return std::unique_ptr<PostgresqlServer>(new PostgresqlServer(folder, Ownership::Borrowed));
}

void PostgresqlServer::stop_in(const std::filesystem::path& folder) {
  const PostgresqlServer server(folder, Ownership::Borrowed);
  if (std::filesystem::exists(folder / "data" / "postmaster.pid")) {
    server.run_pg_ctl("stop");
  }
  std::filesystem::remove_all(folder);
}

PostgresqlServer::~PostgresqlServer() {
  if (m_ownership == Ownership::Ours) {
    try {
      run_pg_ctl("stop");
      std::filesystem::remove_all(m_folder);
    } catch (const std::exception&) {
      // Nothing to report to at exit; the next start in this folder stops it first.
    }
  }
}

void PostgresqlServer::run_pg_ctl(std::string_view action) const {
  std::vector<std::string> command{
    (k_binaries / "pg_ctl").string(),  "-D", (m_folder / "data").string(), "-w", "-t", "60", "-l",
    (m_folder / "server.log").string()};
  if (action == "stop") {
    // Immediate: connections drop at once, as in an outage; what was committed is in the WAL.
    command.insert(command.end(), {"-m", "immediate"});
  } else {
    // No TCP at all (listen_addresses empty): the socket in our folder is the only way in.
    command.insert(command.end(), {"-o", "-c listen_addresses='' -c unix_socket_directories='" +
                                           m_folder.string() + "' -c max_connections=200"});
  }
  command.emplace_back(action);
  must(run_process(as_server_user(command)), "pg_ctl " + std::string(action));
}

void PostgresqlServer::stop() {
  run_pg_ctl("stop");
}

void PostgresqlServer::restart() {
  run_pg_ctl("start");
}

std::string PostgresqlServer::url(std::string_view database) const {
  return "postgresql:///" + std::string(database) + "?host=" + m_folder.string() +
         "&user=" + std::string(k_superuser);
}

std::string PostgresqlServer::query(std::string_view database, std::string_view sql) const {
  auto connection = ledger::PostgresqlDatabase::open(url(database), "");
  if (!connection) {
    ADD_FAILURE() << connection.error().to_string();
    return {};
  }
  auto statement = (*connection)->prepare(sql);
  if (!statement) {
    ADD_FAILURE() << statement.error().to_string();
    return {};
  }
  auto step = statement->step();
  if (!step) {
    ADD_FAILURE() << step.error().to_string();
    return {};
  }
  return *step == ledger::StepResult::Row ? statement->column_text(0) : std::string();
}

std::string PostgresqlServer::create_database() {
  static std::atomic<int> counter = 0;
  const std::string name = "test_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
  auto connection = ledger::PostgresqlDatabase::open(url("postgres"), "");
  if (!connection) {
    throw std::runtime_error(connection.error().to_string());
  }
  if (auto created = (*connection)->exec("CREATE DATABASE " + name); !created) {
    throw std::runtime_error(created.error().to_string());
  }
  return url(name);
}

PostgresqlServer& postgresql_server() {
  static const std::unique_ptr<PostgresqlServer> server = [] {
    const char* shared = std::getenv("MAILROOM_TEST_POSTGRESQL");
    if (shared != nullptr && *shared != '\0') {
      return PostgresqlServer::attach(shared);
    }
    return PostgresqlServer::start(std::filesystem::temp_directory_path() /
                                   ("mailroom-postgresql-" + std::to_string(::getpid())));
  }();
  return *server;
}

std::string new_postgresql_database() {
  return postgresql_server().create_database();
}

} // namespace mailroom::testing
