#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace mailroom::testing {

struct ReceivedMessage {
  std::string mail_from;
  std::vector<std::string> rcpt_tos;
  std::string data;       // The DATA bytes as received, dot-stuffing undone.
  int connection = 0;     // Which TCP connection carried it: 1 for the server's first, and so on.
  bool tls = false;       // Whether STARTTLS was in effect.
  std::string login;      // The AUTH user name; empty without AUTH.
  double received_at = 0; // When its final dot arrived, in seconds since the epoch.
};

// A real SMTP server on 127.0.0.1 for the duration of a test: tests/support/smtp_server.py
// (aiosmtpd) run by /usr/bin/python3. It stores what it receives in `out_folder`; see the script
// for `extra_args` such as {"--reject-rcpt", "bob@example.com=550"} or {"--data-reply", "451"},
// and for scripted faults: {"--fault", "rcpt:451:n=3"} (4xx/5xx, drop or stall at connect, MAIL,
// RCPT, DATA, mid-data or after the final dot, for the Nth transaction, every Nth or a given
// recipient), {"--random-faults", "SEED:PERCENT"} (a seeded mix), {"--reply-delay", "0.2"} and
// {"--throttle", "3"} (the first 3 final dots refused with "451 4.7.0 Too many messages").
// The faults applied are listed in faults.txt in `out_folder`.
//
// Every wait is bounded, and the server exits when this object goes (or the test process dies:
// it watches its stdin, a pipe from us).
class SmtpServer {
public:
  explicit SmtpServer(const std::filesystem::path& out_folder,
                      std::vector<std::string> extra_args = {});
  ~SmtpServer();
  SmtpServer(const SmtpServer&) = delete;
  SmtpServer& operator=(const SmtpServer&) = delete;

  unsigned short port() const { return m_port; }
  // "smtp://127.0.0.1:<port>".
  std::string url() const;

  // Waits until at least `count` messages have arrived or `timeout` has passed, then returns
  // all messages received so far, in arrival order (fewer than `count` after a timeout).
  std::vector<ReceivedMessage> wait_for_messages(size_t count, std::chrono::seconds timeout) const;

  // The messages received so far, without waiting.
  std::vector<ReceivedMessage> messages() const;

  // How many TCP connections the server has accepted so far, and how many of those have ended.
  size_t connection_count() const;
  size_t closed_connection_count() const;

  // Waits until at least `count` connections have ended or `timeout` has passed; true if they did.
  bool wait_for_closed_connections(size_t count, std::chrono::seconds timeout) const;

private:
  void stop();

  std::filesystem::path m_out_folder;
  pid_t m_process = -1;
  int m_stdin = -1; // Our end of the server's stdin; closing it stops the server.
  unsigned short m_port = 0;
};

} // namespace mailroom::testing
