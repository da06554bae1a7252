#pragma once

namespace mailroom::xml {

// Readies libxml2 for this process, once, whatever the thread: its global tables are set up
// (xmlInitParser, which libxml2 asks to be called before parsing on several threads), and its
// loader of external entities and DTDs is replaced by one that refuses every load. Every Reader
// calls it before it parses.
void prepare_library();

} // namespace mailroom::xml
