#include "address.hpp"

#include "postgresql_database.hpp"
#include "sqlite_database.hpp"

#include <engine/util/text.hpp>

#include <cstdlib>

namespace mailroom::ledger {

bool is_postgresql_url(std::string_view text) {
  return text::starts_with(text, "postgresql://") || text::starts_with(text, "postgres://");
}

std::optional<std::string> postgresql_url_problem(std::string_view url) {
  if (shown_postgresql_url(url) != url || url.find("password=") != std::string_view::npos) {
    return "a password in the ledger's address would be stored in the job file; name the "
           "environment variable that holds it in ledger_password_env instead";
  }
  return std::nullopt;
}

Address sqlite_address(std::filesystem::path file) {
  Address address;
  address.file = std::move(file);
  return address;
}

Address address_from_command_line(std::string_view text) {
  if (!is_postgresql_url(text)) {
    return sqlite_address(std::filesystem::path(text));
  }
  Address address;
  address.backend = Backend::Postgresql;
  address.url = std::string(text);
  return address;
}

bool exists(const Address& address) {
  if (address.backend == Backend::Postgresql) {
    return true;
  }
  std::error_code error;
  return std::filesystem::exists(address.file, error);
}

Result<std::unique_ptr<Database>> open_database(const Address& address) {
  if (address.backend == Backend::Sqlite) {
    return std::unique_ptr<Database>(TRY(SqliteDatabase::open(address.file)));
  }
  std::string password;
  if (!address.password_env.empty()) {
    const char* value = std::getenv(address.password_env.c_str());
    if (value == nullptr) {
      return make_error("the environment variable " + address.password_env +
                          " (ledger_password_env) is not set; it must hold the password of the "
                          "ledger's database",
                        Location{address.url});
    }
    password = value;
  }
  return std::unique_ptr<Database>(TRY(PostgresqlDatabase::open(address.url, password)));
}

} // namespace mailroom::ledger
