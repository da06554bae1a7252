#pragma once

#include <engine/transport/transport.hpp>
#include <engine/util/time.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// A transport that answers as its script says, one answer per message, and keeps what it was
// given: a real implementation of the interface for testing the steps in-process, where a test
// must decide exactly when a server accepts, defers, refuses or goes silent. The end-to-end tests
// against a real SMTP server are in tests/pipeline.

namespace mailroom::testing {

inline transport::Outcome delivered(std::vector<std::string> refused_recipients = {}) {
  transport::Outcome outcome;
  outcome.delivery =
    transport::Delivery{time::now(), "250 2.0.0 Ok: queued as 4XyZ", std::move(refused_recipients)};
  return outcome;
}

inline transport::Outcome failed(transport::FailureKind kind, std::string reply,
                                 transport::FailureScope scope = transport::FailureScope::Message,
                                 std::string refused_recipient = {}) {
  transport::Outcome outcome;
  outcome.failure = transport::Failure{kind, "the server said: " + reply, scope, reply,
                                       std::move(refused_recipient)};
  return outcome;
}

class ScriptedTransport : public transport::Transport {
public:
  struct Message {
    transport::Envelope envelope;
    std::string bytes;
  };

  explicit ScriptedTransport(std::vector<transport::Outcome> script)
    : m_script(std::move(script)) {}

  Status check() override { return Ok{}; }

  // Past the end of its script it fails the message for good, naming the test's mistake.
  transport::Outcome send(const transport::Envelope& envelope, std::string_view message) override {
    m_messages.push_back(Message{envelope, std::string(message)});
    if (on_send) {
      on_send(m_messages.back());
    }
    if (m_next == m_script.size()) {
      return failed(transport::FailureKind::Permanent, "554 the script has no more answers");
    }
    return m_script[m_next++];
  }

  void close() override { m_closed = true; }

  const std::vector<Message>& messages() const { return m_messages; }
  bool closed() const { return m_closed; }

  // Called as each message arrives, before it is answered: what the test wants to see then.
  std::function<void(const Message&)> on_send;

private:
  std::vector<transport::Outcome> m_script;
  size_t m_next = 0;
  std::vector<Message> m_messages;
  bool m_closed = false;
};

} // namespace mailroom::testing
