#include "assets.hpp"
#include "pages.hpp"

// GET /assets/style.css and /assets/console.js: the console's stylesheet and script, built into
// the binary (assets.hpp); nothing else of the assets folder is served.

namespace mailroom::console {

Response asset_file(const PageInput& input) {
  const auto name = input.request.path.substr(std::string_view("/assets/").size());
  const auto content_type = name == "style.css"    ? "text/css; charset=utf-8"
                            : name == "console.js" ? "text/javascript; charset=utf-8"
                                                   : "";
  const auto found = *content_type != '\0' ? asset(name) : std::nullopt;
  if (!found) {
    return message_page(input.viewer, 404, text(input.viewer.language, "not_found"),
                        input.request.path);
  }
  Response response;
  response.content_type = content_type;
  response.body = std::string(*found);
  add_safety_headers(response);
  return response;
}

} // namespace mailroom::console
