#include "http_server.hpp"

#include <httplib.h>

#include <cstdio>
#include <exception>

namespace mailroom::console {

namespace {

// Connections served at once. An event stream holds one for as long as its page is open, so there
// are more than the cores: a few browsers' pages and their streams never wait for each other.
constexpr size_t k_connection_threads = 16;
// A form with a few hundred invoices selected is a few tens of kilobytes; nothing the console
// takes is bigger.
constexpr size_t k_largest_body = size_t{1024} * 1024;
constexpr time_t k_read_timeout_seconds = 10;

Request our_request(const httplib::Request& request) {
  Request ours;
  ours.method = request.method == "GET"    ? Method::Get
                : request.method == "POST" ? Method::Post
                                           : Method::Other;
  ours.path = request.path;
  for (const auto& [name, value] : request.params) {
    ours.parameters.emplace(name, value);
  }
  ours.cookies = parse_cookies(request.get_header_value("Cookie"));
  ours.accept_language = request.get_header_value("Accept-Language");
  ours.host = request.get_header_value("Host");
  ours.peer = request.remote_addr;
  return ours;
}

void send(const Response& ours, httplib::Response& response) {
  response.status = ours.status;
  for (const auto& [name, value] : ours.headers) {
    response.set_header(name, value);
  }
  if (!ours.events) {
    response.set_content(ours.body, ours.content_type);
    return;
  }
  response.set_chunked_content_provider(
    ours.content_type, [events = ours.events](size_t, httplib::DataSink& sink) {
      std::string next;
      const bool more = events(next);
      if (!next.empty() && !sink.write(next.data(), next.size())) {
        return false; // The page was closed.
      }
      if (!more) {
        sink.done();
      }
      return true;
    });
}

std::string_view status_words(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 413:
      return "Payload Too Large";
    case 414:
      return "URI Too Long";
    case 416:
      return "Range Not Satisfiable";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    default:
      return status >= 500 ? "Server Error" : "Bad Request";
  }
}

std::string plain_error(int status) {
  const std::string line = std::to_string(status) + " " + std::string(status_words(status));
  return "<!doctype html><title>" + line + "</title><p>" + line + "</p>\n";
}

} // namespace

HttpServer::HttpServer(Handler handler)
  : m_server(std::make_unique<httplib::Server>()) {
  auto adapter = [handler = std::move(handler)](const httplib::Request& request,
                                                httplib::Response& response) {
    send(handler(our_request(request)), response);
  };
  m_server->Get(".*", adapter);
  m_server->Post(".*", adapter);
  // What the library answers by itself (a request it could not parse, one too long, a method
  // the console has no page for) gets a page of its status and nothing more.
  m_server->set_error_handler([](const httplib::Request&, httplib::Response& response) {
    if (response.body.empty()) {
      response.set_content(plain_error(response.status), "text/html; charset=utf-8");
    }
  });
  m_server->set_exception_handler(
    [](const httplib::Request& request, httplib::Response& response, std::exception_ptr thrown) {
      std::string what = "unknown exception";
      try {
        std::rethrow_exception(std::move(thrown));
      } catch (const std::exception& exception) {
        what = exception.what();
      } catch (...) {
      }
      std::fprintf(stderr, "mailroom console: %s %s failed: %s\n", request.method.c_str(),
                   request.path.c_str(), what.c_str());
      response.status = 500;
      response.set_content(plain_error(500), "text/html; charset=utf-8");
    });
  m_server->set_payload_max_length(k_largest_body);
  m_server->set_read_timeout(k_read_timeout_seconds, 0);
  m_server->new_task_queue = [] { return new httplib::ThreadPool(k_connection_threads); };
}

HttpServer::~HttpServer() = default;

Result<int> HttpServer::bind(const std::string& host, int port) {
  if (port == 0) {
    const int bound = m_server->bind_to_any_port(host);
    if (bound > 0) {
      return bound;
    }
  } else if (m_server->bind_to_port(host, port)) {
    return port;
  }
  return make_error("cannot listen on " + host + ":" + std::to_string(port) +
                    " (in use, or not an address of this machine)");
}

bool HttpServer::serve() {
  return m_server->listen_after_bind();
}

bool HttpServer::running() const {
  return m_server->is_running();
}

void HttpServer::stop() {
  m_server->stop();
}

} // namespace mailroom::console
