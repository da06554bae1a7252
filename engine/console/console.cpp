#include "console.hpp"

#include "pages.hpp"

#include <algorithm>

namespace mailroom::console {

namespace {

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// The POSTs a read-only console still takes: they change the browser's session, or nothing.
bool changes_only_the_session(std::string_view path) {
  return path == "/language" || path == "/sign-in" || path == "/sign-out" ||
         path == "/export.csv"; // The ticked rows as CSV: nothing changes.
}

using Page = Response (*)(const PageInput&);

// The console's pages, by method and path (the session's own requests, signing in and out and the
// language, are the Console's).
struct Route {
  Method method;
  std::string_view path;
  Page page;
};

constexpr Route k_routes[] = {
  {Method::Get, "/", list_page},
  {Method::Get, "/invoice", invoice_page},
  {Method::Get, "/invoice/pdf", invoice_pdf},
  {Method::Get, "/export.csv", export_csv},
  {Method::Post, "/export.csv", export_csv},
  {Method::Get, "/send", send_progress_page},
  {Method::Get, "/send/events", send_events},
  {Method::Post, "/send/letterhead", send_letterhead_page},
  {Method::Post, "/send/confirm", send_confirm_page},
  {Method::Post, "/send/start", send_start},
  {Method::Post, "/recipient", change_recipient},
  {Method::Post, "/payment", register_payment},
  {Method::Post, "/print", print_page},
  {Method::Post, "/print/pdf", print_pdf},
};

Page page_of(Method method, std::string_view path) {
  for (const auto& route : k_routes) {
    if (route.method == method && route.path == path) {
      return route.page;
    }
  }
  return nullptr;
}

} // namespace

std::vector<std::string> accepted_hosts(const std::string& host, int port) {
  const auto with_port = [port](const std::string& name) {
    return name + ":" + std::to_string(port);
  };
  std::vector<std::string> hosts{
    with_port(host.find(':') != std::string::npos ? "[" + host + "]" : host)};
  if (host == "127.0.0.1" || host == "::1" || host == "localhost") {
    for (const auto* name : {"127.0.0.1", "[::1]", "localhost"}) {
      hosts.push_back(with_port(name));
    }
  }
  return hosts;
}

Console::Console(pipeline::RunContext& context, ConsoleSettings settings)
  : m_context(context)
  , m_settings(std::move(settings))
  , m_sends(m_settings.job_file) {}

void Console::stop_sending() {
  m_sends.stop();
}

Response Console::handle(const Request& request) {
  // Only the names this console listens by: a page of another site whose name was made to point
  // here (DNS rebinding) asks with its own name, and gets nothing.
  if (!m_settings.hosts.empty() && std::find(m_settings.hosts.begin(), m_settings.hosts.end(),
                                             request.host) == m_settings.hosts.end()) {
    Response refused;
    refused.status = 400;
    refused.content_type = "text/plain; charset=utf-8";
    refused.body = "This console answers only to " + m_settings.hosts.front() + "\n";
    add_safety_headers(refused);
    return refused;
  }
  auto [session, started] = m_sessions.find_or_start(request);
  Viewer viewer;
  viewer.session = session;
  viewer.language = session.language.value_or(preferred_language(request.accept_language));
  viewer.access = m_settings.access;
  viewer.password = m_settings.password ? Password::Required : Password::None;
  viewer.job_name = m_context.job.name;
  auto response = route(request, viewer);
  if (started || viewer.session.id != session.id) {
    response.headers.emplace_back("Set-Cookie", Sessions::cookie(viewer.session));
  }
  return response;
}

Response Console::route(const Request& request, Viewer& viewer) {
  const auto language = viewer.language;
  const auto& path = request.path;
  if (request.method == Method::Other) {
    return message_page(viewer, 405, text(language, "error"), text(language, "bad_request"));
  }
  if (request.method == Method::Get && starts_with(path, "/assets/")) {
    return asset_file({request, viewer, m_context, m_sends, m_settings.job_file});
  }
  // Signing in comes before everything else when the console has a password.
  const bool signed_in =
    viewer.password == Password::None || viewer.session.signed_in == SignedIn::Yes;
  if (!signed_in && path != "/sign-in" && path != "/language") {
    if (request.method == Method::Get) {
      return see_other("/sign-in");
    }
    return message_page(viewer, 403, text(language, "forbidden"), text(language, "sign_in"));
  }
  // Every POST carries the session's token: a form of another site cannot post here.
  if (request.method == Method::Post) {
    if (!same_secret(request.parameter("csrf"), viewer.session.csrf_token)) {
      return message_page(viewer, 403, text(language, "forbidden"), text(language, "csrf_refused"));
    }
    if (viewer.access == Access::ReadOnly && !changes_only_the_session(path)) {
      return message_page(viewer, 403, text(language, "forbidden"),
                          text(language, "read_only_refused"));
    }
  }
  const PageInput input{request, viewer, m_context, m_sends, m_settings.job_file};
  if (const auto page = page_of(request.method, path)) {
    return page(input);
  }
  if (request.method == Method::Get) {
    if (path == "/sign-in" && viewer.password == Password::Required) {
      return render_page(viewer, "sign_in", text(language, "sign_in"), {});
    }
  } else {
    if (path == "/sign-in" && viewer.password == Password::Required) {
      return sign_in(request, viewer);
    }
    if (path == "/sign-out") {
      viewer.session = m_sessions.restart(viewer.session);
      return see_other(viewer.password == Password::Required ? "/sign-in" : "/");
    }
    if (path == "/language") {
      return change_language(request, viewer);
    }
  }
  return message_page(viewer, 404, text(language, "not_found"), text(language, "not_found"));
}

Response Console::sign_in(const Request& request, Viewer& viewer) {
  const auto language = viewer.language;
  if (!m_sign_in_attempts.may_try(request.peer)) {
    return message_page(viewer, 429, text(language, "sign_in"),
                        text(language, "too_many_attempts"));
  }
  if (!same_secret(request.parameter("password"), *m_settings.password)) {
    m_sign_in_attempts.failed(request.peer);
    kainjow::mustache::data values;
    values.set("failed", true);
    return render_page(viewer, "sign_in", text(language, "sign_in"), std::move(values), 403);
  }
  m_sign_in_attempts.succeeded(request.peer);
  // A new session id on sign-in: an id someone else saw before cannot be signed in by this.
  viewer.session = m_sessions.restart(viewer.session);
  viewer.session.signed_in = SignedIn::Yes;
  m_sessions.update(viewer.session);
  return see_other("/");
}

Response Console::change_language(const Request& request, Viewer& viewer) {
  if (const auto chosen = job::parse_language(request.parameter("language"))) {
    viewer.session.language = *chosen;
    m_sessions.update(viewer.session);
  }
  // Back to the page the switch was on, when it is one of ours.
  return see_other(local_path(request.parameter("back")));
}

} // namespace mailroom::console
