#include <engine/transport/tcp_socket.hpp>

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <vmime/exception.hpp>

#include <algorithm>
#include <atomic>
#include <string>
#include <thread>

namespace mailroom::transport {
namespace {

// A listening socket on 127.0.0.1; connections wait in its backlog, never accepted unless asked.
class Listener {
public:
  Listener() {
    m_descriptor = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(m_descriptor, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    EXPECT_EQ(::listen(m_descriptor, 4), 0);
    socklen_t length = sizeof address;
    ::getsockname(m_descriptor, reinterpret_cast<sockaddr*>(&address), &length);
    m_port = ntohs(address.sin_port);
  }
  ~Listener() { ::close(m_descriptor); }

  unsigned short port() const { return m_port; }
  int accept() { return ::accept4(m_descriptor, nullptr, nullptr, SOCK_CLOEXEC); }

private:
  int m_descriptor = -1;
  unsigned short m_port = 0;
};

SocketTimeouts short_timeouts() {
  SocketTimeouts timeouts;
  timeouts.connect = std::chrono::milliseconds(2'000);
  timeouts.idle = std::chrono::milliseconds(200);
  return timeouts;
}

TEST(TcpSocket, SetsNoDelayOnTheConnection) {
  Listener listener;
  TcpSocket socket(short_timeouts(), nullptr);
  socket.connect("127.0.0.1", listener.port());
  ASSERT_GE(socket.descriptor(), 0);

  int no_delay = 0;
  socklen_t length = sizeof no_delay;
  ASSERT_EQ(::getsockopt(socket.descriptor(), IPPROTO_TCP, TCP_NODELAY, &no_delay, &length), 0);
  EXPECT_NE(no_delay, 0);
  EXPECT_TRUE(socket.isConnected());
  EXPECT_EQ(socket.getPeerAddress(), "127.0.0.1");
  EXPECT_EQ(socket.getPeerName(), "127.0.0.1");
}

// A TcpSocket connected to a peer the test plays: `m_peer` is the server's side of the
// connection, whose reads give up after two seconds.
class ConnectedTcpSocket : public ::testing::Test {
protected:
  void SetUp() override {
    m_socket.connect("127.0.0.1", m_listener.port());
    m_peer = m_listener.accept();
    ASSERT_GE(m_peer, 0);
    const timeval patience{2, 0};
    ::setsockopt(m_peer, SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof patience);
  }
  void TearDown() override { close_peer(); }

  void close_peer() {
    if (m_peer >= 0) {
      ::close(m_peer);
      m_peer = -1;
    }
  }

  Listener m_listener;
  TcpSocket m_socket{short_timeouts(), nullptr};
  int m_peer = -1;
};

// One read of the peer's side: what arrived in one go, waiting for it up to two seconds.
std::string read_once(int peer) {
  char buffer[1024];
  const ssize_t count = ::recv(peer, buffer, sizeof buffer, 0);
  return std::string(buffer, static_cast<size_t>(std::max<ssize_t>(count, 0)));
}

// What the peer has received so far, without waiting.
std::string received_by(int peer) {
  std::string received;
  char buffer[4096];
  ssize_t count = 0;
  while ((count = ::recv(peer, buffer, sizeof buffer, MSG_DONTWAIT)) > 0) {
    received.append(buffer, static_cast<size_t>(count));
  }
  return received;
}

TEST_F(ConnectedTcpSocket, ExchangesBytesWithThePeer) {
  m_socket.send("EHLO test\r\n");
  m_socket.flush();
  char buffer[64] = {};
  ASSERT_EQ(::recv(m_peer, buffer, sizeof buffer, 0), 11);
  EXPECT_STREQ(buffer, "EHLO test\r\n");

  ASSERT_EQ(::send(m_peer, "250 OK\r\n", 8, 0), 8);
  ASSERT_TRUE(m_socket.waitForRead(2'000));
  vmime::string received;
  m_socket.receive(received);
  EXPECT_EQ(received, "250 OK\r\n");
}

// After each reply the kernel is asked to acknowledge the next at once: a server that holds back
// its second reply until the first is acknowledged (Nagle) would otherwise wait 40 ms for
// Linux's delayed ACK. Linux leaves quick-ACK mode once the dialogue looks interactive, as SMTP
// does, so this checks after a few exchanges.
TEST_F(ConnectedTcpSocket, AcknowledgesRepliesAtOnce) {
  for (int exchange = 0; exchange < 5; ++exchange) {
    m_socket.send("NOOP\r\n");
    m_socket.flush();
    char buffer[64] = {};
    ASSERT_EQ(::recv(m_peer, buffer, sizeof buffer, 0), 6);
    ASSERT_EQ(::send(m_peer, "250 OK\r\n", 8, 0), 8);
    ASSERT_TRUE(m_socket.waitForRead(2'000));
    vmime::string received;
    m_socket.receive(received);
    ASSERT_EQ(received, "250 OK\r\n");

    int quick = 0;
    socklen_t length = sizeof quick;
    ASSERT_EQ(::getsockopt(m_socket.descriptor(), IPPROTO_TCP, TCP_QUICKACK, &quick, &length), 0);
    EXPECT_NE(quick, 0) << "exchange " << exchange;
  }
}

// vmime writes each pipelined command on its own; with TCP_NODELAY each would be a segment of
// its own. They go out together when the socket first waits for the replies.
TEST_F(ConnectedTcpSocket, KeepsPipelinedCommandsUntilItWaitsForTheReplies) {
  m_socket.send("MAIL FROM:<a@example.org>\r\n");
  m_socket.send("RCPT TO:<b@example.org>\r\n");
  m_socket.send("DATA\r\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(received_by(m_peer), "");
  EXPECT_FALSE(m_socket.is_idle_and_open(TcpSocket::Protocol::Plain)); // Commands still to go.

  EXPECT_FALSE(m_socket.waitForRead(10)); // No reply yet, but the commands went out.
  EXPECT_EQ(read_once(m_peer), "MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n");
}

// A message larger than what the socket keeps goes out on its own as it is written.
TEST_F(ConnectedTcpSocket, SendsWhatItKeepsOnceItHolds64KiB) {
  const std::string piece(16 * 1024, 'x');
  std::atomic<size_t> received = 0;
  std::thread reader([&] {
    char buffer[16 * 1024];
    ssize_t count = 0;
    while (received < 4 * piece.size() && (count = ::recv(m_peer, buffer, sizeof buffer, 0)) > 0) {
      received += static_cast<size_t>(count);
    }
  });

  for (int written = 0; written < 3; ++written) {
    m_socket.sendRaw(reinterpret_cast<const vmime::byte_t*>(piece.data()), piece.size());
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(received, 0u);
  m_socket.sendRaw(reinterpret_cast<const vmime::byte_t*>(piece.data()), piece.size());
  reader.join();
  EXPECT_EQ(received, 4 * piece.size());
}

// vmime says QUIT and closes at once, without reading: the QUIT must not stay behind.
TEST_F(ConnectedTcpSocket, DisconnectingSendsWhatItStillKept) {
  m_socket.send("QUIT\r\n");
  m_socket.disconnect();
  EXPECT_EQ(read_once(m_peer), "QUIT\r\n");
}

TEST(TcpSocket, RefusedConnectionThrowsConnectionError) {
  unsigned short port = 0;
  {
    Listener listener;
    port = listener.port();
  }
  TcpSocket socket(short_timeouts(), nullptr);
  try {
    socket.connect("127.0.0.1", port);
    FAIL() << "connect succeeded";
  } catch (const vmime::exceptions::connection_error& error) {
    EXPECT_STREQ(error.what(), "Connection refused");
  }
  EXPECT_FALSE(socket.isConnected());
}

TEST(TcpSocket, SilentPeerTimesOut) {
  Listener listener;
  TcpSocket socket(short_timeouts(), nullptr);
  socket.connect("127.0.0.1", listener.port());

  vmime::byte_t buffer[16];
  // Nothing to read: returns at once rather than blocking.
  EXPECT_EQ(socket.receiveRaw(buffer, sizeof buffer), 0u);
  EXPECT_NE(socket.getStatus() & vmime::net::socket::STATUS_WOULDBLOCK, 0u);
  // vmime waits in slices; a slice longer than the idle timeout still ends with the timeout.
  EXPECT_THROW(socket.waitForRead(30'000), vmime::exceptions::operation_timed_out);
}

TEST_F(ConnectedTcpSocket, NoticesThePeerClosingAnIdleConnection) {
  EXPECT_TRUE(m_socket.is_idle_and_open(TcpSocket::Protocol::Plain));

  close_peer();
  // The FIN travels through the loopback; allow it a moment, boundedly.
  for (int attempt = 0; attempt < 200 && m_socket.is_idle_and_open(TcpSocket::Protocol::Plain);
       ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_FALSE(m_socket.is_idle_and_open(TcpSocket::Protocol::Plain));
  EXPECT_FALSE(m_socket.isConnected());
  vmime::byte_t buffer[16];
  EXPECT_THROW(m_socket.receiveRaw(buffer, sizeof buffer), vmime::exceptions::socket_exception);
}

TEST_F(ConnectedTcpSocket, UnsolicitedDataMeansAPlainConnectionIsNotIdle) {
  ASSERT_EQ(::send(m_peer, "421 bye\r\n", 9, 0), 9);
  ASSERT_TRUE(m_socket.waitForRead(2'000));

  EXPECT_FALSE(m_socket.is_idle_and_open(TcpSocket::Protocol::Plain));
  // Under TLS the same bytes could be a session ticket: only a shutdown counts there.
  EXPECT_TRUE(m_socket.is_idle_and_open(TcpSocket::Protocol::Encrypted));
}

TEST(TcpSocketFactory, RemembersTheLatestSocket) {
  TcpSocketFactory factory(short_timeouts());
  EXPECT_EQ(factory.latest_socket(), nullptr);
  auto socket = factory.create();
  EXPECT_EQ(factory.latest_socket(), socket);
  socket.reset();
  EXPECT_EQ(factory.latest_socket(), nullptr);
}

} // namespace
} // namespace mailroom::transport
