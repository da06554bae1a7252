#pragma once

#include <engine/transport/send_pacer.hpp>
#include <engine/util/result.hpp>
#include <engine/util/time.hpp>

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Moves finished messages to a mailbox: SMTP(S) through vmime, or files in a maildir.
// Knows nothing of invoices.

namespace mailroom::transport {

enum class StartTls { Required, Opportunistic, Off };

// How long a message may keep being tried through a mailbox after temporary failures (4xx
// replies, connections refused, dropped or timed out before the final dot). Each retry waits
// backoff_base × 2^(retry − 1), capped at backoff_cap, plus up to as much again of random jitter,
// so that many senders held up by one server do not all come back at the same moment.
struct RetryPolicy {
  unsigned max_attempts = 5;                    // Tries in all, the first included.
  std::chrono::milliseconds retry_for{600'000}; // No retry starts later than this after the first.
  std::chrono::milliseconds backoff_base{1'000};
  std::chrono::milliseconds backoff_cap{60'000};
};

struct Settings {
  std::string name; // The mailbox's name, for messages.
  std::string url;  // smtp://host:port, smtps://host:port or maildir:/absolute/path.
  StartTls starttls = StartTls::Required;
  unsigned connections = 2;
  std::string username; // Already read from the environment; empty for none.
  std::string password;
  std::filesystem::path ca_file; // Empty: the system CA store.
  // Postfix's defaults: smtp_connect_timeout 30 s, smtp_helo/mail/rcpt_timeout 300 s,
  // smtp_data_done_timeout 600 s (the wait for the reply to the final dot, while the server
  // may be scanning the message).
  std::chrono::milliseconds connect_timeout{30'000};
  std::chrono::milliseconds command_timeout{300'000};
  std::chrono::milliseconds data_timeout{600'000};
  RetryPolicy retry;
  PacerLimits pacing; // rate and max_per_run.
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

// Whether a failure says something about the mailbox as a whole (the server cannot be reached,
// the connection broke or timed out) or only about this message (a reply refusing it).
enum class FailureScope { Message, Mailbox };

struct Failure {
  FailureKind kind = FailureKind::Temporary;
  std::string message; // Includes the server's reply when there is one.
  FailureScope scope = FailureScope::Message;
  std::string server_reply;      // The server's refusal ("451 4.3.0 ..."); empty if there was none.
  std::string refused_recipient; // The address whose RCPT the server refused, if that was it.
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

  const RetryPolicy& retry_policy() const { return m_retry_policy; }
  void set_retry_policy(const RetryPolicy& policy) { m_retry_policy = policy; }

  // Set once a message has used up its retry budget because the mailbox could not be reached:
  // the rest of its messages fail at once instead of each waiting out a budget of its own.
  // Thread-safe.
  void mark_unreachable(std::string reason);
  std::optional<std::string> unreachable() const;

  // The pace of this mailbox's messages, when it has one (the steps ask it for each turn and tell
  // it what became of each send). Set once, before the first send.
  SendPacer* pacer() const { return m_pacer.get(); }
  void set_pacer(std::unique_ptr<SendPacer> pacer) { m_pacer = std::move(pacer); }

private:
  RetryPolicy m_retry_policy;
  std::unique_ptr<SendPacer> m_pacer;
  mutable std::mutex m_mutex;
  std::optional<std::string> m_unreachable;
};

// The wait before retry number `retry` (1 for the first retry): exponential, capped, with random
// jitter from `random` (a number in [0, 1)).
std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, unsigned retry, double random);

Result<std::unique_ptr<Transport>> open_transport(const Settings& settings);

} // namespace mailroom::transport
