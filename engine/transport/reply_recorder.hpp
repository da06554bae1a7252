#pragma once

#include <vmime/net/tracer.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

// vmime 0.9.2's SMTPTransport::send() returns nothing, yet the ledger wants the server's final
// reply ("250 2.0.0 Ok: queued as ..."). A vmime tracer sees every reply line, so ours keeps the
// latest complete reply, and notes when the end of the message data went out: a failure before
// that point cannot have delivered the message, one after it might have.

namespace mailroom::transport {

// One per pooled connection; only the thread that borrowed the connection touches it.
class ReplyRecorder {
public:
  // Called before each message.
  void begin_message();

  // Called when vmime has written the final dot: to send it at once (the socket keeps what vmime
  // writes until it reads) and wait longer for the reply to it. If the callback throws, the
  // data counts as not sent.
  void on_data_sent(std::function<void()> callback) { m_on_data_sent = std::move(callback); }

  // True once the final "." of the message data was sent.
  bool data_sent() const { return m_data_sent; }

  // The latest complete reply, its lines joined by "\n"; empty if none came yet.
  std::string last_reply() const;

  // From the tracer. The command lines themselves are not kept: AUTH ones carry credentials.
  void on_command(const std::string& line);
  void on_reply_line(const std::string& line);

private:
  bool m_data_sent = false;
  std::function<void()> m_on_data_sent;
  std::vector<std::string> m_reply_lines;
  bool m_reply_complete = false;
};

class RecordingTracerFactory final : public vmime::net::tracerFactory {
public:
  explicit RecordingTracerFactory(std::shared_ptr<ReplyRecorder> recorder);

  std::shared_ptr<vmime::net::tracer> create(std::shared_ptr<vmime::net::service> service,
                                             const int connection_id) override;

private:
  std::shared_ptr<ReplyRecorder> m_recorder;
};

} // namespace mailroom::transport
