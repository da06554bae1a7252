#pragma once

// libxml2's own name for its node, declared here so that this header needs no libxml2 header.
struct _xmlNode; // NOLINT(bugprone-reserved-identifier)

namespace mailroom::xml {

// The 1-based line of an element's start tag, also past line 65535. libxml2 keeps a node's line
// in 16 bits; with XML_PARSE_BIG_LINES it keeps longer ones only for text nodes, and its
// xmlGetLineNo then answers for an element with the line where the text inside it ends, one line
// too far for "<Ntry>\n". This takes the line where that text starts instead, or, when no text
// follows the tag (yet: the streaming reader may not have parsed it), `line_if_unknown`.
long node_line(const _xmlNode* node, long line_if_unknown);

} // namespace mailroom::xml
