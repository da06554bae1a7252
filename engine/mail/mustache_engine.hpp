#pragma once

#include <engine/util/result.hpp>

#include <kainjow/mustache.hpp>

#include <string>
#include <vector>

// Our thin layer over kainjow Mustache: it reports through Result instead of its error string
// (and anything it might throw), and never loads partials.

namespace mailroom::mail {

// Html: values are HTML-escaped (for body.html); None: values are inserted as they are (for the
// subject and the plain-text body, where "&amp;" would be wrong).
enum class Escaping { Html, None };

// The parser's complaint, if any, e.g. "Unclosed section \"x\" at 12".
Status check_syntax(const std::string& source);

// The names the template looks up that `data` does not have, and "> name" for every partial
// (we have none to offer). Found by rendering against `data`, so only the sections that data
// enters are seen: callers render against more than one sample.
std::vector<std::string> unknown_names(const std::string& source,
                                       const kainjow::mustache::data& data);

Result<std::string> render_template(const std::string& source, const kainjow::mustache::data& data,
                                    Escaping escaping);

} // namespace mailroom::mail
