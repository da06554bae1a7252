#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// What the console's pages see of HTTP: a request already parsed and a response to send, in types
// of our own, so that every page is a plain function the tests call without a socket. The one
// layer over the HTTP library is http_server.cpp.

namespace mailroom::console {

enum class Method { Get, Post, Other };

struct Request {
  Method method = Method::Get;
  std::string path;
  // The query string's parameters and, for a POST, the form's, decoded; a name may repeat.
  std::multimap<std::string, std::string> parameters;
  std::map<std::string, std::string> cookies;
  std::string accept_language;
  std::string host; // The Host header, as the browser sent it.
  std::string peer; // The client's address, for the sign-in's rate limit.

  // The first value of a parameter; empty when there is none.
  std::string parameter(std::string_view name) const;
  // Every value of a parameter, in order.
  std::vector<std::string> parameters_named(std::string_view name) const;
  bool has(std::string_view name) const;
};

// An event stream's next events (Server-Sent Events): called again and again on the connection's
// thread, it may wait a while for news, appends what it has to `events`, and returns false when
// the stream is over.
using EventSource = std::function<bool(std::string& events)>;

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  EventSource events; // When set, the body is these events, sent as they come.

  std::string header(std::string_view name) const;
};

using Handler = std::function<Response(const Request&)>;

// The cookies of a Cookie header ("a=1; b=2").
std::map<std::string, std::string> parse_cookies(std::string_view header);

} // namespace mailroom::console
