#pragma once

#include <engine/console/http.hpp>
#include <engine/console/sessions.hpp>
#include <engine/console/texts.hpp>

#include <kainjow/mustache.hpp>

#include <string>
#include <string_view>

// What every page of the console shares: the layout around it (assets/layout.html: the job's
// name, the language switch, sign-out, the read-only note), the texts of the reader's language,
// the session's CSRF token for its forms, and the headers that keep pages out of caches and
// frames.

namespace mailroom::console {

enum class Access { ReadWrite, ReadOnly };
enum class Password { None, Required };

// Who a page is made for.
struct Viewer {
  Language language = Language::English;
  Session session;
  Access access = Access::ReadWrite;
  Password password = Password::None;
  std::string job_name;
};

// The page template `name` (assets/<name>.html) filled with `data` (and {{t.key}} texts,
// {{csrf}}, {{read_write}}), inside the layout, titled `title`.
Response render_page(const Viewer& viewer, std::string_view name, const std::string& title,
                     kainjow::mustache::data data, int status = 200);

// A page that says what went wrong, with its status: 400 for a bad request, 403, 404...
Response message_page(const Viewer& viewer, int status, const std::string& title,
                      const std::string& message);

// A file for the browser: shown in the page (Inline) or saved (Attachment) as `file_name`.
enum class Disposition { Inline, Attachment };
Response file_response(std::string bytes, std::string content_type, const std::string& file_name,
                       Disposition disposition);

// A redirect after a POST (303 See Other), so that reloading the page does not post again.
Response see_other(const std::string& location);

// The headers every response of the console carries.
void add_safety_headers(Response& response);

// `wanted` when it is a path of this console ("/invoice?..."), else "/": a link or redirect taken
// from a request never leads to another site or runs a script.
std::string local_path(std::string_view wanted);

// A text as it goes into a URL's query (GLib's escaping).
std::string query_escape(std::string_view text);

} // namespace mailroom::console
