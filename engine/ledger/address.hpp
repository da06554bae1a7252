#pragma once

#include "database.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

// Where a ledger is: an SQLite file (the default, for one machine) or a PostgreSQL database that
// several workers share. A plain value: the job file says it, Ledger::open goes there.

namespace mailroom::ledger {

struct Address {
  Backend backend = Backend::Sqlite;
  std::filesystem::path file; // SQLite.
  std::string url;            // PostgreSQL's connection URI, as written; never with a password.
  // PostgreSQL: the environment variable holding the password; empty: libpq's own means (a
  // .pgpass file, PGPASSWORD, a socket's peer authentication).
  std::string password_env;

  // How messages name it: the file, or the URI.
  std::string shown() const { return backend == Backend::Sqlite ? file.string() : url; }
};

// Whether a `ledger` setting names a PostgreSQL database ("postgresql://..." or "postgres://...")
// rather than a file.
bool is_postgresql_url(std::string_view text);

// Why a PostgreSQL URI may not be a ledger's address, if it may not: it holds a password, which
// belongs in the environment variable `ledger_password_env` names, never in a file.
std::optional<std::string> postgresql_url_problem(std::string_view url);

Address sqlite_address(std::filesystem::path file);

// A ledger named on the command line (`--ledger`): a PostgreSQL URI, else a file. Its password
// comes from libpq's own means (PGPASSWORD, a .pgpass file).
Address address_from_command_line(std::string_view text);

// Whether anything was recorded there yet: the file exists. A PostgreSQL database is taken to
// exist; opening it creates the ledger's tables if it has none.
bool exists(const Address& address);

// A connection to the ledger's database, the password read from `password_env`'s variable; the
// schema is not touched (Ledger::open sets it up).
Result<std::unique_ptr<Database>> open_database(const Address& address);

} // namespace mailroom::ledger
