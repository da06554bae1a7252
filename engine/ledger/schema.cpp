#include "schema.hpp"

namespace mailroom::ledger::schema {

Status set_up(Database& database) {
  switch (database.backend()) {
    case Backend::Sqlite:
      return set_up_sqlite(database);
    case Backend::Postgresql:
      return set_up_postgresql(database);
  }
  return make_error("a ledger database of an unknown kind", Location{database.name()});
}

} // namespace mailroom::ledger::schema
