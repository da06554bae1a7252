#pragma once

#include <engine/util/result.hpp>
#include <engine/util/time.hpp>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Moves finished messages to a mailbox: SMTP(S) through vmime, or files in a maildir.
// Knows nothing of invoices.

namespace mailroom::transport {

enum class StartTls { Required, Opportunistic, Off };

struct Settings {
  std::string name; // The mailbox's name, for messages.
  std::string url;  // smtp://host:port, smtps://host:port or maildir:/absolute/path.
  StartTls starttls = StartTls::Required;
  unsigned connections = 2;
  std::string username; // Already read from the environment; empty for none.
  std::string password;
  std::filesystem::path ca_file; // Empty: the system CA store.
  std::chrono::milliseconds connect_timeout{30'000};
  std::chrono::milliseconds command_timeout{300'000};
};

struct Envelope {
  std::string sender;
  std::vector<std::string> recipients;
};

struct Delivery {
  time::TimePoint accepted_at; // When the server's final 250 arrived (or the file was renamed).
  std::string server_reply;    // "250 2.0.0 Ok: queued as ..."; for maildir the file name.
  std::vector<std::string> refused_recipients;
};

enum class FailureKind {
  Temporary, // 4xx or a dropped connection before DATA: may be retried.
  Permanent, // 5xx: do not retry.
  Unknown,   // The connection dropped after the message was sent but before the final reply.
};

struct Failure {
  FailureKind kind = FailureKind::Temporary;
  std::string message; // Includes the server's reply when there is one.
};

// Either a delivery or the reason there was none.
struct Outcome {
  std::optional<Delivery> delivery;
  Failure failure;

  bool delivered() const { return delivery.has_value(); }
};

// A transport is thread-safe: pipeline threads call send() concurrently; an SMTP transport keeps
// a pool of `connections` open connections and sends many messages over each.
class Transport {
public:
  virtual ~Transport() = default;

  // Opens one connection (or checks the maildir) so that an unreachable mailbox is found at the
  // start of a run, before anything is marked as sending.
  virtual Status check() = 0;

  // `message` is the whole RFC 5322 message with CRLF line ends; SMTP sends it byte for byte
  // (dot-stuffing is ours to do), a maildir stores it with LF line ends. Never throws.
  virtual Outcome send(const Envelope& envelope, std::string_view message) = 0;

  // Closes pooled connections politely (QUIT).
  virtual void close() = 0;
};

Result<std::unique_ptr<Transport>> open_transport(const Settings& settings);

} // namespace mailroom::transport
