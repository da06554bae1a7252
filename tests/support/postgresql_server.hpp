#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

// A real PostgreSQL 15 server for the tests (Debian's postgresql-15), on a Unix socket in a folder
// of its own, with no TCP port at all. As root it runs as the user `postgres`: the server refuses
// to run as root.
//
// ctest starts one server for the whole suite (the `postgresql` fixture: tests/fixtures/) and
// passes its folder in MAILROOM_TEST_POSTGRESQL; a test program run by hand starts one of its own
// on first use and stops it when it ends. Each test takes a new empty database of it.

namespace mailroom::testing {

class PostgresqlServer {
public:
  // initdb into `folder` (emptied first; a server still running there is stopped) and start.
  static std::unique_ptr<PostgresqlServer> start(const std::filesystem::path& folder);
  // A server another process started in `folder`; this object never stops it.
  static std::unique_ptr<PostgresqlServer> attach(const std::filesystem::path& folder);
  // Stops the server running in `folder`, if one is, and removes the folder.
  static void stop_in(const std::filesystem::path& folder);
  PostgresqlServer(const PostgresqlServer&) = delete;
  PostgresqlServer& operator=(const PostgresqlServer&) = delete;
  ~PostgresqlServer();

  // A connection URI of one of its databases.
  std::string url(std::string_view database) const;
  // A new empty database, named uniquely: its URI.
  std::string create_database();

  // For outage tests: stop the server at once (connections drop), and start it again.
  void stop();
  void restart();
  // Leaves the server running when this object goes (the ctest fixture's start).
  void keep_running() { m_ownership = Ownership::Borrowed; }

  // Runs one SQL statement as the superuser on `database` and returns the first column of the
  // first row ("" when none); a failure fails the test.
  std::string query(std::string_view database, std::string_view sql) const;

  const std::filesystem::path& folder() const { return m_folder; }

private:
  enum class Ownership { Ours, Borrowed };
  PostgresqlServer(std::filesystem::path folder, Ownership ownership)
    : m_folder(std::move(folder))
    , m_ownership(ownership) {}
  void run_pg_ctl(std::string_view action) const;

  std::filesystem::path m_folder;
  Ownership m_ownership;
};

// The server of this test process (see above).
PostgresqlServer& postgresql_server();

// A new empty database on it, by its connection URI.
std::string new_postgresql_database();

} // namespace mailroom::testing
