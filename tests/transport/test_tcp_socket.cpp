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

// Connects `socket` to `listener` and returns the server's side of the connection, whose reads
// give up after two seconds.
int connect_to(Listener& listener, TcpSocket& socket) {
  socket.connect("127.0.0.1", listener.port());
  const int peer = listener.accept();
  EXPECT_GE(peer, 0);
  const timeval patience{2, 0};
  ::setsockopt(peer, SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof patience);
  return peer;
}

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

TEST(TcpSocket, ExchangesBytesWithThePeer) {
  Listener listener;
  TcpSocket socket(short_timeouts(), nullptr);
  const int peer = connect_to(listener, socket);
  ASSERT_GE(peer, 0);

  socket.send("EHLO test\r\n");
  socket.flush();
  char buffer[64] = {};
  ASSERT_EQ(::recv(peer, buffer, sizeof buffer, 0), 11);
  EXPECT_STREQ(buffer, "EHLO test\r\n");

  ASSERT_EQ(::send(peer, "250 OK\r\n", 8, 0), 8);
  ASSERT_TRUE(socket.waitForRead(2'000));
  vmime::string received;
  socket.receive(received);
  EXPECT_EQ(received, "250 OK\r\n");
  ::close(peer);
}

// After each reply the kernel is asked to acknowledge the next at once: a server that holds back
// its second reply until the first is acknowledged (Nagle) would otherwise wait 40 ms for
// Linux's delayed ACK. Linux leaves quick-ACK mode once the dialogue looks interactive, as SMTP
// does, so this checks after a few exchanges.
TEST(TcpSocket, AcknowledgesRepliesAtOnce) {
  Listener listener;
  TcpSocket socket(short_timeouts(), nullptr);
  const int peer = connect_to(listener, socket);
  ASSERT_GE(peer, 0);
  for (int exchange = 0; exchange < 5; ++exchange) {
    socket.send("NOOP\r\n");
    socket.flush();
    char buffer[64] = {};
    ASSERT_EQ(::recv(peer, buffer, sizeof buffer, 0), 6);
    ASSERT_EQ(::send(peer, "250 OK\r\n", 8, 0), 8);
    ASSERT_TRUE(socket.waitForRead(2'000));
    vmime::string received;
    socket.receive(received);
    ASSERT_EQ(received, "250 OK\r\n");

    int quick = 0;
    socklen_t length = sizeof quick;
    ASSERT_EQ(::getsockopt(socket.descriptor(), IPPROTO_TCP, TCP_QUICKACK, &quick, &length), 0);
    EXPECT_NE(quick, 0) << "exchange " << exchange;
  }
  ::close(peer);
}

// vmime writes each pipelined command on its own; with TCP_NODELAY each would be a segment of
// its own. They go out together when the socket first waits for the replies.
TEST(TcpSocket, KeepsPipelinedCommandsUntilItWaitsForTheReplies) {
  Listener listener;
  TcpSocket socket(short_timeouts(), nullptr);
  const int peer = connect_to(listener, socket);
  ASSERT_GE(peer, 0);

  socket.send("MAIL FROM:<a@example.org>\r\n");
  socket.send("RCPT TO:<b@example.org>\r\n");
  socket.send("DATA\r\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(received_by(peer), "");
  EXPECT_FALSE(socket.is_idle_and_open(TcpSocket::Protocol::Plain)); // Commands still to go.

  EXPECT_FALSE(socket.waitForRead(10)); // No reply yet, but the commands went out.
  EXPECT_EQ(read_once(peer), "MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n");
  ::close(peer);
}

// A message larger than what the socket keeps goes out on its own as it is written.
TEST(TcpSocket, SendsWhatItKeepsOnceItHolds64KiB) {
  Listener listener;
  TcpSocket socket(short_timeouts(), nullptr);
  const int peer = connect_to(listener, socket);
  ASSERT_GE(peer, 0);
  const std::string piece(16 * 1024, 'x');
  std::atomic<size_t> received = 0;
  std::thread reader([&] {
    char buffer[16 * 1024];
    ssize_t count = 0;
    while (received < 4 * piece.size() && (count = ::recv(peer, buffer, sizeof buffer, 0)) > 0) {
      received += static_cast<size_t>(count);
    }
  });

  for (int written = 0; written < 3; ++written) {
    socket.sendRaw(reinterpret_cast<const vmime::byte_t*>(piece.data()), piece.size());
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(received, 0u);
  socket.sendRaw(reinterpret_cast<const vmime::byte_t*>(piece.data()), piece.size());
  reader.join();
  EXPECT_EQ(received, 4 * piece.size());
  ::close(peer);
}

// vmime says QUIT and closes at once, without reading: the QUIT must not stay behind.
TEST(TcpSocket, DisconnectingSendsWhatItStillKept) {
  Listener listener;
  TcpSocket socket(short_timeouts(), nullptr);
  const int peer = connect_to(listener, socket);
  ASSERT_GE(peer, 0);

  socket.send("QUIT\r\n");
  socket.disconnect();
  EXPECT_EQ(read_once(peer), "QUIT\r\n");
  ::close(peer);
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

TEST(TcpSocket, NoticesThePeerClosingAnIdleConnection) {
  Listener listener;
  TcpSocket socket(short_timeouts(), nullptr);
  socket.connect("127.0.0.1", listener.port());
  const int peer = listener.accept();
  ASSERT_GE(peer, 0);
  EXPECT_TRUE(socket.is_idle_and_open(TcpSocket::Protocol::Plain));

  ::close(peer);
  // The FIN travels through the loopback; allow it a moment, boundedly.
  for (int attempt = 0; attempt < 200 && socket.is_idle_and_open(TcpSocket::Protocol::Plain);
       ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_FALSE(socket.is_idle_and_open(TcpSocket::Protocol::Plain));
  EXPECT_FALSE(socket.isConnected());
  vmime::byte_t buffer[16];
  EXPECT_THROW(socket.receiveRaw(buffer, sizeof buffer), vmime::exceptions::socket_exception);
}

TEST(TcpSocket, UnsolicitedDataMeansAPlainConnectionIsNotIdle) {
  Listener listener;
  TcpSocket socket(short_timeouts(), nullptr);
  socket.connect("127.0.0.1", listener.port());
  const int peer = listener.accept();
  ASSERT_GE(peer, 0);
  ASSERT_EQ(::send(peer, "421 bye\r\n", 9, 0), 9);
  ASSERT_TRUE(socket.waitForRead(2'000));

  EXPECT_FALSE(socket.is_idle_and_open(TcpSocket::Protocol::Plain));
  // Under TLS the same bytes could be a session ticket: only a shutdown counts there.
  EXPECT_TRUE(socket.is_idle_and_open(TcpSocket::Protocol::Encrypted));
  ::close(peer);
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
