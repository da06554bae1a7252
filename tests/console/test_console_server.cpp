#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <tests/pipeline/job_fixture.hpp>
#include <tests/support/console_process.hpp>
#include <tests/support/process.hpp>
#include <unistd.h>

#include <csignal>
#include <string>

// `mailroom console` end to end: the binary serving a real socket, hammered with requests no
// browser sends, refusing to start where it would be unsafe, and stopping on a signal.

namespace mailroom::testing {

namespace {

// Sends `request` as it is on a new connection and reads until the server closes it or three
// seconds pass without a byte (a request cut short leaves the server waiting for the rest): the
// reply's first line, or empty when it answered nothing.
std::string send_raw(int port, const std::string& request) {
  const int connection = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  ::inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  if (::connect(connection, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(connection);
    return "(no connection)";
  }
  size_t sent = 0;
  while (sent < request.size()) {
    const auto written =
      ::send(connection, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (written <= 0) {
      break; // The server may close early on a request it will not read whole.
    }
    sent += static_cast<size_t>(written);
  }
  std::string reply;
  char buffer[4096];
  pollfd ready{connection, POLLIN, 0};
  while (::poll(&ready, 1, 3000) > 0) {
    const auto read = ::recv(connection, buffer, sizeof buffer, 0);
    if (read <= 0) {
      break;
    }
    reply.append(buffer, static_cast<size_t>(read));
    if (reply.find("\r\n") != std::string::npos) {
      break; // The status line is all this test reads.
    }
  }
  ::close(connection);
  return reply.substr(0, reply.find("\r\n"));
}

std::string get(int port, const std::string& target, const std::string& host = "") {
  return send_raw(port, "GET " + target + " HTTP/1.1\r\nHost: " +
                          (host.empty() ? "127.0.0.1:" + std::to_string(port) : host) +
                          "\r\nConnection: close\r\n\r\n");
}

class ConsoleServer : public ::testing::Test {
protected:
  void SetUp() override { write_demo_job(m_folder / "job.toml"); }
  std::string job() const { return (m_folder / "job.toml").string(); }
  TemporaryFolder m_folder;
};

TEST_F(ConsoleServer, ServesTheListAndStopsOnASignal) {
  ConsoleProcess console({job(), "--listen", "127.0.0.1:0"});
  ASSERT_TRUE(console.started()) << console.err();
  EXPECT_NE(console.out().find("mailroom console of job demo-2026-11-23: http://127.0.0.1:"),
            std::string::npos);
  EXPECT_NE(console.err().find("40 invoices in the job (40 new in the register)"),
            std::string::npos);
  EXPECT_EQ(get(console.port(), "/"), "HTTP/1.1 200 OK");
  EXPECT_EQ(get(console.port(), "/assets/style.css"), "HTTP/1.1 200 OK");
  EXPECT_EQ(console.stop(SIGTERM), 0) << console.err();
}

TEST_F(ConsoleServer, MalformedRequestsGetA4xxAndTheServerGoesOn) {
  ConsoleProcess console({job(), "--listen", "127.0.0.1:0"});
  ASSERT_TRUE(console.started()) << console.err();
  const int port = console.port();
  const std::string host = "Host: 127.0.0.1:" + std::to_string(port) + "\r\n";
  const std::string huge_query(10 * 1024 * 1024, 'a');
  const struct {
    const char* what;
    std::string request;
  } malformed[] = {
    {"garbage", "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n"},
    {"no version", "GET /\r\n\r\n"},
    {"a request line of spaces", "          \r\n\r\n"},
    {"10 MB of query string", "GET /?q=" + huge_query + " HTTP/1.1\r\n" + host + "\r\n"},
    {"a header of 100 kB",
     "GET / HTTP/1.1\r\n" + host + "X-Big: " + std::string(100000, 'b') + "\r\n\r\n"},
    {"a body longer than allowed",
     "POST /language HTTP/1.1\r\n" + host +
       "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 99999999\r\n\r\nx"},
    {"a broken chunked body",
     "POST /language HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n"},
    {"bad percent escapes", "GET /?q=%zz%&page=%FF%FE HTTP/1.1\r\n" + host + "\r\n"},
    {"a page of -1", "GET /?page=-1 HTTP/1.1\r\n" + host + "\r\n"},
    {"a bad date", "GET /?issued_from=2026-02-30 HTTP/1.1\r\n" + host + "\r\n"},
    {"an unknown invoice", "GET /invoice?number=NOPE HTTP/1.1\r\n" + host + "\r\n"},
    {"a path outside the assets", "GET /assets/../../etc/passwd HTTP/1.1\r\n" + host + "\r\n"},
    {"another host", "GET / HTTP/1.1\r\nHost: rebound.example\r\n\r\n"},
    {"no host", "GET / HTTP/1.1\r\n\r\n"},
    {"a method the console has no page for", "DELETE / HTTP/1.1\r\n" + host + "\r\n"},
    {"a POST without a token", "POST /language HTTP/1.1\r\n" + host +
                                 "Content-Type: application/x-www-form-urlencoded\r\n"
                                 "Content-Length: 11\r\n\r\nlanguage=nl"},
  };
  for (const auto& [what, request] : malformed) {
    const auto status = send_raw(port, request);
    // Either a 4xx, or the connection closed without a reply: never a 2xx, 5xx or a crash.
    EXPECT_TRUE(status.empty() || status.starts_with("HTTP/1.1 4")) << what << ": " << status;
    EXPECT_EQ(get(port, "/"), "HTTP/1.1 200 OK") << "after " << what << "\n" << console.err();
  }
  EXPECT_EQ(console.stop(SIGINT), 0) << console.err();
}

TEST_F(ConsoleServer, AnotherAddressThanLoopbackNeedsAPassword) {
  const auto refused = run_mailroom({"console", job(), "--listen", "0.0.0.0:0"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("reachable from other machines on 0.0.0.0"), std::string::npos)
    << refused.err;
  const auto unset = run_mailroom(
    {"console", job(), "--listen", "0.0.0.0:0", "--password-env", "MAILROOM_TEST_NO_SUCH"});
  EXPECT_EQ(unset.exit_code, 2);
  EXPECT_NE(unset.err.find("MAILROOM_TEST_NO_SUCH: that environment variable is not set"),
            std::string::npos)
    << unset.err;
  EXPECT_EQ(run_mailroom({"console", job(), "--listen", "localhost"}).exit_code, 2);
  // With one, it starts, and asks for it; the password is in no page and no log.
  ConsoleProcess console({job(), "--listen", "127.0.0.1:0", "--password-env", "CONSOLE_SECRET"},
                         {"CONSOLE_SECRET=s3cret-of-the-test"});
  ASSERT_TRUE(console.started()) << console.err();
  EXPECT_EQ(get(console.port(), "/"), "HTTP/1.1 303 See Other");
  EXPECT_EQ(get(console.port(), "/sign-in"), "HTTP/1.1 200 OK");
  EXPECT_EQ(console.stop(SIGTERM), 0);
  EXPECT_EQ(console.out().find("s3cret"), std::string::npos);
  EXPECT_EQ(console.err().find("s3cret"), std::string::npos);
}

TEST_F(ConsoleServer, ReadOnlyNeedsALedgerToShowAndRefusesActions) {
  const auto refused = run_mailroom({"console", job(), "--read-only", "--listen", "127.0.0.1:0"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("a read-only console has nothing to show"), std::string::npos)
    << refused.err;
  EXPECT_FALSE(std::filesystem::exists(m_folder / "ledger.db"));
  {
    ConsoleProcess writer({job(), "--listen", "127.0.0.1:0"});
    ASSERT_TRUE(writer.started()) << writer.err();
  }
  ConsoleProcess reader({job(), "--read-only", "--listen", "127.0.0.1:0"});
  ASSERT_TRUE(reader.started()) << reader.err();
  EXPECT_NE(reader.out().find("(read only)"), std::string::npos);
  EXPECT_EQ(reader.err().find("invoices in the job"), std::string::npos); // Nothing recorded.
  EXPECT_EQ(get(reader.port(), "/"), "HTTP/1.1 200 OK");
  EXPECT_EQ(reader.stop(SIGTERM), 0);
}

} // namespace

} // namespace mailroom::testing
