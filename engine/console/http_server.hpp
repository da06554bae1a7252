#pragma once

#include <engine/console/http.hpp>
#include <engine/util/result.hpp>

#include <memory>
#include <string>

namespace httplib {
class Server;
}

// The one layer over cpp-httplib (the only file that includes it): it parses each request into
// our Request, hands it to the console's handler on one of its threads, and sends our Response
// back, streaming it when it is an event stream. Malformed requests, oversized ones and anything
// a handler throws are answered here with a 4xx or 500, never a crash.

namespace mailroom::console {

class HttpServer {
public:
  explicit HttpServer(Handler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds to host:port (port 0: any free port); the port bound, or why it could not be.
  [[nodiscard]] Result<int> bind(const std::string& host, int port);
  // Answers requests until stop() is called; false if it could not listen.
  bool serve();
  // Whether serve() is answering requests.
  bool running() const;
  // Makes serve() return; safe from any thread once running() (cpp-httplib's stop does nothing
  // before its server runs).
  void stop();

private:
  std::unique_ptr<httplib::Server> m_server;
};

} // namespace mailroom::console
