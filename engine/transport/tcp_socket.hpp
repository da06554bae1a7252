#pragma once

#include <vmime/net/socket.hpp>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

// Our TCP socket for vmime. vmime's own POSIX socket leaves Nagle's algorithm on, which delays
// every SMTP command that follows a partial segment by the peer's delayed ACK (about 40 ms a
// message on loopback); ours sets TCP_NODELAY. It also bounds connecting and every wait by our
// timeouts, and never lets SIGPIPE through.
//
// With TCP_NODELAY every write is a segment of its own, and vmime writes each pipelined command
// (RSET, MAIL, RCPT, DATA) and each piece of the message separately. So the socket keeps what
// vmime writes until it reads (the replies), waits, or holds 64 KiB, and then sends it in one
// write: one segment for the pipelined commands, as RFC 2920 wants, and a message of this size
// in one. The end of a message's data is sent at once by the connection (`flush`), so that a
// connection lost before the final dot is known not to have delivered it.

namespace mailroom::transport {

struct SocketTimeouts {
  std::chrono::milliseconds connect{30'000};
  // The longest the server may stay silent (or refuse our data) before we give up.
  std::chrono::milliseconds idle{300'000};
  // The same for the reply to the final dot of a message, which may take a virus scan longer.
  std::chrono::milliseconds data_done{600'000};
};

class TcpSocket final : public vmime::net::socket {
public:
  TcpSocket(SocketTimeouts timeouts, std::shared_ptr<vmime::net::timeoutHandler> timeout_handler);
  ~TcpSocket() override;

  // vmime::net::socket. Failures throw vmime exceptions, as vmime expects of a socket:
  // connection_error when connecting fails, socket_exception when the connection breaks and
  // operation_timed_out when the server is silent for longer than the idle timeout.
  void connect(const vmime::string& address, const vmime::port_t port) override;
  void disconnect() override;
  bool isConnected() const override;
  bool waitForRead(const int milliseconds = 30000) override;
  bool waitForWrite(const int milliseconds = 30000) override;
  void receive(vmime::string& buffer) override;
  size_t receiveRaw(vmime::byte_t* buffer, const size_t count) override;
  void send(const vmime::string& buffer) override;
  void send(const char* text) override;
  void sendRaw(const vmime::byte_t* buffer, const size_t count) override;
  size_t sendRawNonBlocking(const vmime::byte_t* buffer, const size_t count) override;
  size_t getBlockSize() const override;
  unsigned int getStatus() const override;
  // The name we connected to, as given: TLS checks the certificate against it.
  const vmime::string getPeerName() const override;
  const vmime::string getPeerAddress() const override;
  std::shared_ptr<vmime::net::timeoutHandler> getTimeoutHandler() override;
  void setTracer(std::shared_ptr<vmime::net::tracer> tracer) override;
  std::shared_ptr<vmime::net::tracer> getTracer() override;

  // The file descriptor, or -1 when not connected.
  int descriptor() const { return m_descriptor; }

  // Sends what vmime wrote and the socket still holds. Throws as sendRaw would.
  void flush();

  enum class Protocol { Plain, Encrypted };
  // False if the peer closed the connection or reset it while it sat idle in the pool. On a
  // plain connection, anything the server sent unasked (such as "421 idle timeout") counts as
  // closed too; on an encrypted one it may be a TLS record, so only the shutdown is reliable.
  bool is_idle_and_open(Protocol protocol) const;

  // Switches the silence allowed between the `idle` and `data_done` limits.
  enum class Waiting { ForCommandReply, ForFinalReply };
  void expect(Waiting waiting);

private:
  // Asks the kernel to acknowledge what arrives next at once rather than after its delay.
  void acknowledge_at_once();
  enum class Direction { Read, Write };
  bool wait_for(Direction direction, int milliseconds);
  void note_progress();
  [[noreturn]] void throw_timed_out() const;

  SocketTimeouts m_timeouts;
  std::chrono::milliseconds m_idle_limit;
  std::shared_ptr<vmime::net::timeoutHandler> m_timeout_handler;
  std::shared_ptr<vmime::net::tracer> m_tracer;
  int m_descriptor = -1;
  unsigned int m_status = 0;
  std::string m_peer_name;
  std::chrono::steady_clock::time_point m_last_progress;
  vmime::byte_t m_buffer[16384];
  std::string m_unsent; // Written by vmime, not yet sent.
};

// Makes TcpSockets for one vmime service, and remembers the latest so the pool can ask whether
// a connection it kept is still open.
class TcpSocketFactory final : public vmime::net::socketFactory {
public:
  explicit TcpSocketFactory(SocketTimeouts timeouts);

  std::shared_ptr<vmime::net::socket> create() override;
  std::shared_ptr<vmime::net::socket> create(
    std::shared_ptr<vmime::net::timeoutHandler> timeout_handler) override;

  std::shared_ptr<TcpSocket> latest_socket() const;

private:
  SocketTimeouts m_timeouts;
  mutable std::mutex m_mutex;
  std::weak_ptr<TcpSocket> m_latest_socket;
};

} // namespace mailroom::transport
