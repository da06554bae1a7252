#include "page.hpp"

#include "assets.hpp"

#include <engine/mail/mustache_engine.hpp>

#include <glib.h>

#include <memory>

namespace mailroom::console {

namespace {

using kainjow::mustache::data;

std::string template_source(std::string_view name) {
  const auto found = asset(std::string(name) + ".html");
  return found ? std::string(*found) : std::string();
}

data common_data(const Viewer& viewer) {
  data common;
  common.set("t", texts(viewer.language));
  common.set("language", std::string(job::language_code(viewer.language)));
  common.set("csrf", viewer.session.csrf_token);
  common.set("job", viewer.job_name);
  common.set("read_write", viewer.access == Access::ReadWrite);
  common.set("read_only", viewer.access == Access::ReadOnly);
  common.set("signed_in",
             viewer.password == Password::Required && viewer.session.signed_in == SignedIn::Yes);
  return common;
}

// Fills `name` with `values` and the common data; a template that does not render is a bug of
// ours, said as a 500.
Result<std::string> fill(std::string_view name, const data& values) {
  return mail::render_template(template_source(name), values, mail::Escaping::Html);
}

} // namespace

Response render_page(const Viewer& viewer, std::string_view name, const std::string& title,
                     data values, int status) {
  // The page sees the common values too; the layout sees only those, the title and the page.
  auto layout = common_data(viewer);
  for (const auto* key : {"t", "language", "csrf", "job", "read_write", "read_only"}) {
    values.set(key, *layout.get(key));
  }
  Response response;
  response.status = status;
  add_safety_headers(response);
  const auto body = fill(name, values);
  if (!body) {
    response.status = 500;
    response.body = "<!doctype html><p>500: the page " + std::string(name) +
                    " could not be made: " + body.error().to_string() + "</p>";
    return response;
  }
  layout.set("title", title);
  layout.set("body", *body);
  const auto whole = fill("layout", layout);
  response.body = whole ? *whole : *body;
  return response;
}

Response message_page(const Viewer& viewer, int status, const std::string& title,
                      const std::string& message) {
  data values;
  values.set("title", title);
  values.set("message", message);
  return render_page(viewer, "message", title, std::move(values), status);
}

Response file_response(std::string bytes, std::string content_type, const std::string& file_name,
                       Disposition disposition) {
  Response response;
  response.content_type = std::move(content_type);
  response.body = std::move(bytes);
  response.headers.emplace_back(
    "Content-Disposition",
    std::string(disposition == Disposition::Inline ? "inline" : "attachment") + "; filename=\"" +
      file_name + "\"");
  add_safety_headers(response);
  return response;
}

Response see_other(const std::string& location) {
  Response response;
  response.status = 303;
  response.headers.emplace_back("Location", location);
  add_safety_headers(response);
  return response;
}

void add_safety_headers(Response& response) {
  // Everything the pages use is the console's own: no other origin, no inline script, no frame
  // around a page except its own PDF view.
  response.headers.emplace_back("Content-Security-Policy",
                                "default-src 'self'; frame-ancestors 'self'; form-action 'self'; "
                                "base-uri 'none'; object-src 'self'");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("Referrer-Policy", "no-referrer");
  response.headers.emplace_back("Cache-Control", "no-store");
}

std::string local_path(std::string_view wanted) {
  const bool ours = !wanted.empty() && wanted.front() == '/' &&
                    (wanted.size() == 1 || (wanted[1] != '/' && wanted[1] != '\\')) &&
                    wanted.find_first_of("\r\n") == std::string_view::npos;
  return ours ? std::string(wanted) : std::string("/");
}

std::string query_escape(std::string_view text) {
  const std::unique_ptr<char, decltype(&g_free)> escaped(
    g_uri_escape_string(std::string(text).c_str(), nullptr, FALSE), &g_free);
  return escaped ? std::string(escaped.get()) : std::string();
}

} // namespace mailroom::console
