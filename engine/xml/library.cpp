#include "library.hpp"

#include <libxml/parser.h>

#include <mutex>

namespace mailroom::xml {

namespace {

// The parser options already keep DTDs and external entities unloaded; this loader makes sure
// that nothing in the process reads a file or a URL named inside a document, should an option
// ever change. Every use of libxml2 in the process goes through this layer, so nothing needs the
// default loader.
xmlParserInputPtr refuse_every_load(const char* /*url*/, const char* /*identifier*/,
                                    xmlParserCtxtPtr /*context*/) {
  return nullptr;
}

} // namespace

void prepare_library() {
  static std::once_flag prepared;
  std::call_once(prepared, [] {
    xmlInitParser();
    xmlSetExternalEntityLoader(refuse_every_load);
  });
}

} // namespace mailroom::xml
