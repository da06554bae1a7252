#include "tcp_socket.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vmime/exception.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

namespace mailroom::transport {

namespace {

using Clock = std::chrono::steady_clock;

std::string describe_errno(int error) {
  return std::system_category().message(error);
}

bool is_retry(int error) {
  return error == EAGAIN || error == EWOULDBLOCK || error == EINTR;
}

int milliseconds_until(Clock::time_point deadline) {
  const auto remaining =
    std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return static_cast<int>(std::clamp<long long>(remaining, 0, 60'000));
}

// Connects a non-blocking socket, waiting until the deadline; returns 0 or an errno value.
int connect_until(int descriptor, const addrinfo& address, Clock::time_point deadline) {
  if (::connect(descriptor, address.ai_addr, address.ai_addrlen) == 0) {
    return 0;
  }
  if (errno != EINPROGRESS && errno != EINTR) {
    return errno;
  }
  while (true) {
    if (Clock::now() >= deadline) {
      return ETIMEDOUT;
    }
    pollfd entry{descriptor, POLLOUT, 0};
    const int ready = ::poll(&entry, 1, milliseconds_until(deadline));
    if (ready < 0) {
      if (errno == EINTR) {
        continue;
      }
      return errno;
    }
    if (ready > 0) {
      int error = 0;
      socklen_t length = sizeof error;
      if (::getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &error, &length) != 0) {
        return errno;
      }
      return error;
    }
  }
}

} // namespace

TcpSocket::TcpSocket(SocketTimeouts timeouts,
                     std::shared_ptr<vmime::net::timeoutHandler> timeout_handler)
  : m_timeouts(timeouts)
  , m_idle_limit(timeouts.idle)
  , m_timeout_handler(std::move(timeout_handler))
  , m_last_progress(Clock::now()) {}

TcpSocket::~TcpSocket() {
  disconnect();
}

void TcpSocket::connect(const vmime::string& address, const vmime::port_t port) {
  disconnect();
  m_peer_name = address;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  // Name resolution is bounded by the system resolver's own timeouts (resolv.conf `timeout` and
  // `attempts`), not by connect_timeout, as in Postfix.
  // FIXME: bound it by connect_timeout too (getaddrinfo_a), if slow resolvers become a problem.
  const int resolve_error =
    ::getaddrinfo(address.c_str(), std::to_string(port).c_str(), &hints, &found);
  if (resolve_error != 0) {
    throw vmime::exceptions::connection_error("cannot resolve " + address + ": " +
                                              ::gai_strerror(resolve_error));
  }
  const std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addresses(found, &::freeaddrinfo);

  // One deadline for all addresses of the host, so a name with many dead addresses cannot
  // multiply the timeout.
  const auto deadline = Clock::now() + m_timeouts.connect;
  int last_error = EHOSTUNREACH;
  for (const addrinfo* candidate = found; candidate != nullptr; candidate = candidate->ai_next) {
    const int descriptor =
      ::socket(candidate->ai_family, candidate->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
               candidate->ai_protocol);
    if (descriptor < 0) {
      last_error = errno;
      continue;
    }
    const int enabled = 1;
    // SMTP is a dialogue of small writes; without this each one may wait for the delayed ACK.
    ::setsockopt(descriptor, IPPROTO_TCP, TCP_NODELAY, &enabled, sizeof enabled);
    ::setsockopt(descriptor, SOL_SOCKET, SO_KEEPALIVE, &enabled, sizeof enabled);
    const int error = connect_until(descriptor, *candidate, deadline);
    if (error == 0) {
      m_descriptor = descriptor;
      m_status = 0;
      acknowledge_at_once();
      note_progress();
      return;
    }
    ::close(descriptor);
    last_error = error;
    if (Clock::now() >= deadline) {
      break;
    }
  }
  if (last_error == ETIMEDOUT) {
    throw vmime::exceptions::connection_error("no answer within " +
                                              std::to_string(m_timeouts.connect.count()) + " ms");
  }
  throw vmime::exceptions::connection_error(describe_errno(last_error));
}

void TcpSocket::disconnect() {
  if (m_descriptor >= 0) {
    // vmime says QUIT and closes without waiting for the reply: the QUIT still goes out, if the
    // connection takes it at once.
    if (!m_unsent.empty()) {
      static_cast<void>(
        ::send(m_descriptor, m_unsent.data(), m_unsent.size(), MSG_NOSIGNAL | MSG_DONTWAIT));
    }
    ::shutdown(m_descriptor, SHUT_RDWR);
    ::close(m_descriptor);
    m_descriptor = -1;
  }
  m_unsent.clear();
}

bool TcpSocket::isConnected() const {
  if (m_descriptor < 0) {
    return false;
  }
  // Connected unless the peer closed its side and nothing is left to read.
  char byte = 0;
  return ::recv(m_descriptor, &byte, 1, MSG_PEEK | MSG_DONTWAIT) != 0;
}

bool TcpSocket::is_idle_and_open(Protocol protocol) const {
  if (m_descriptor < 0 || !m_unsent.empty()) {
    return false;
  }
  pollfd entry{m_descriptor, POLLIN | POLLRDHUP, 0};
  int ready = 0;
  do {
    ready = ::poll(&entry, 1, 0);
  } while (ready < 0 && errno == EINTR);
  if (ready == 0) {
    return true;
  }
  if (ready < 0 || (entry.revents & (POLLHUP | POLLERR | POLLRDHUP | POLLNVAL)) != 0) {
    return false;
  }
  return protocol == Protocol::Encrypted;
}

bool TcpSocket::wait_for(Direction direction, int milliseconds) {
  if (m_descriptor < 0) {
    throw vmime::exceptions::socket_not_connected_exception();
  }
  const auto deadline = m_last_progress + m_idle_limit;
  const auto wait_until =
    milliseconds < 0 ? deadline
                     : std::min(deadline, Clock::now() + std::chrono::milliseconds(milliseconds));
  while (true) {
    const auto now = Clock::now();
    if (now >= deadline) {
      throw_timed_out();
    }
    if (now >= wait_until) {
      return false;
    }
    pollfd entry{m_descriptor, static_cast<short>(direction == Direction::Read ? POLLIN : POLLOUT),
                 0};
    const int ready = ::poll(&entry, 1, std::max(1, milliseconds_until(wait_until)));
    if (ready > 0) {
      // Errors and hang-ups count as ready: the next read or write reports them.
      return true;
    }
    if (ready < 0 && errno != EINTR) {
      throw vmime::exceptions::socket_exception(describe_errno(errno));
    }
  }
}

void TcpSocket::acknowledge_at_once() {
  // The server's replies to pipelined commands (MAIL, RCPT, DATA) may come in separate small
  // writes. A server without TCP_NODELAY (Postfix's smtp-sink is one) holds back the second until
  // the first is acknowledged, and Linux delays that ACK by 40 ms when it has nothing to send:
  // one message in six waited 40 ms for it in the benchmark. Linux leaves quick-ACK mode on its
  // own, so it is asked again after every read.
  const int enabled = 1;
  ::setsockopt(m_descriptor, IPPROTO_TCP, TCP_QUICKACK, &enabled, sizeof enabled);
}

bool TcpSocket::waitForRead(const int milliseconds) {
  flush();
  return wait_for(Direction::Read, milliseconds);
}

bool TcpSocket::waitForWrite(const int milliseconds) {
  flush();
  return wait_for(Direction::Write, milliseconds);
}

void TcpSocket::receive(vmime::string& buffer) {
  const size_t size = receiveRaw(m_buffer, sizeof m_buffer);
  buffer.assign(reinterpret_cast<const char*>(m_buffer), size);
}

size_t TcpSocket::receiveRaw(vmime::byte_t* buffer, const size_t count) {
  // Never blocks: vmime (and GnuTLS under it) wait with waitForRead when nothing is there. A
  // blocking read here would also make a TLS shutdown wait for the server's close_notify.
  flush();
  m_status &= ~STATUS_WOULDBLOCK;
  if (m_descriptor < 0) {
    throw vmime::exceptions::socket_not_connected_exception();
  }
  const ssize_t received = ::recv(m_descriptor, buffer, count, MSG_DONTWAIT);
  if (received > 0) {
    acknowledge_at_once();
    note_progress();
    return static_cast<size_t>(received);
  }
  if (received == 0) {
    throw vmime::exceptions::socket_exception("the server closed the connection");
  }
  if (!is_retry(errno)) {
    throw vmime::exceptions::socket_exception(describe_errno(errno));
  }
  if (Clock::now() >= m_last_progress + m_idle_limit) {
    throw_timed_out();
  }
  m_status |= STATUS_WOULDBLOCK;
  return 0;
}

void TcpSocket::send(const vmime::string& buffer) {
  sendRaw(reinterpret_cast<const vmime::byte_t*>(buffer.data()), buffer.size());
}

void TcpSocket::send(const char* text) {
  sendRaw(reinterpret_cast<const vmime::byte_t*>(text), std::strlen(text));
}

void TcpSocket::sendRaw(const vmime::byte_t* buffer, const size_t count) {
  constexpr size_t k_most_kept = size_t{64} * 1024;
  m_status &= ~STATUS_WOULDBLOCK;
  if (m_descriptor < 0) {
    throw vmime::exceptions::socket_not_connected_exception();
  }
  m_unsent.append(reinterpret_cast<const char*>(buffer), count);
  if (m_unsent.size() >= k_most_kept) {
    flush();
  }
}

void TcpSocket::flush() {
  // Emptied whatever happens (keeping its room for the next message): after a failed write the
  // connection is of no further use.
  struct Emptied {
    std::string& unsent;
    ~Emptied() { unsent.clear(); }
  } emptied{m_unsent};
  const char* next = m_unsent.data();
  size_t remaining = m_unsent.size();
  while (remaining > 0) {
    if (m_descriptor < 0) {
      throw vmime::exceptions::socket_not_connected_exception();
    }
    const ssize_t sent = ::send(m_descriptor, next, remaining, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (sent > 0) {
      next += sent;
      remaining -= static_cast<size_t>(sent);
      note_progress();
    } else if (sent < 0 && !is_retry(errno)) {
      throw vmime::exceptions::socket_exception(describe_errno(errno));
    } else {
      wait_for(Direction::Write, -1);
    }
  }
}

size_t TcpSocket::sendRawNonBlocking(const vmime::byte_t* buffer, const size_t count) {
  flush();
  m_status &= ~STATUS_WOULDBLOCK;
  if (m_descriptor < 0) {
    throw vmime::exceptions::socket_not_connected_exception();
  }
  const ssize_t sent = ::send(m_descriptor, buffer, count, MSG_NOSIGNAL | MSG_DONTWAIT);
  if (sent > 0) {
    note_progress();
    return static_cast<size_t>(sent);
  }
  if (sent < 0 && !is_retry(errno)) {
    throw vmime::exceptions::socket_exception(describe_errno(errno));
  }
  if (Clock::now() >= m_last_progress + m_idle_limit) {
    throw_timed_out();
  }
  m_status |= STATUS_WOULDBLOCK;
  return 0;
}

size_t TcpSocket::getBlockSize() const {
  return sizeof m_buffer;
}

unsigned int TcpSocket::getStatus() const {
  return m_status;
}

const vmime::string TcpSocket::getPeerName() const {
  return m_peer_name;
}

const vmime::string TcpSocket::getPeerAddress() const {
  sockaddr_storage peer{};
  socklen_t length = sizeof peer;
  if (m_descriptor < 0 ||
      ::getpeername(m_descriptor, reinterpret_cast<sockaddr*>(&peer), &length) != 0) {
    return m_peer_name;
  }
  char host[NI_MAXHOST] = {};
  if (::getnameinfo(reinterpret_cast<const sockaddr*>(&peer), length, host, sizeof host, nullptr, 0,
                    NI_NUMERICHOST) != 0) {
    return m_peer_name;
  }
  return host;
}

std::shared_ptr<vmime::net::timeoutHandler> TcpSocket::getTimeoutHandler() {
  return m_timeout_handler;
}

void TcpSocket::setTracer(std::shared_ptr<vmime::net::tracer> tracer) {
  m_tracer = std::move(tracer);
}

std::shared_ptr<vmime::net::tracer> TcpSocket::getTracer() {
  return m_tracer;
}

void TcpSocket::note_progress() {
  m_last_progress = Clock::now();
  if (m_timeout_handler) {
    m_timeout_handler->resetTimeOut();
  }
}

void TcpSocket::throw_timed_out() const {
  throw vmime::exceptions::operation_timed_out();
}

void TcpSocket::expect(Waiting waiting) {
  m_idle_limit = waiting == Waiting::ForFinalReply ? m_timeouts.data_done : m_timeouts.idle;
}

TcpSocketFactory::TcpSocketFactory(SocketTimeouts timeouts)
  : m_timeouts(timeouts) {}

std::shared_ptr<vmime::net::socket> TcpSocketFactory::create() {
  return create(nullptr);
}

std::shared_ptr<vmime::net::socket> TcpSocketFactory::create(
  std::shared_ptr<vmime::net::timeoutHandler> timeout_handler) {
  auto socket = std::make_shared<TcpSocket>(m_timeouts, std::move(timeout_handler));
  const std::lock_guard lock(m_mutex);
  m_latest_socket = socket;
  return socket;
}

std::shared_ptr<TcpSocket> TcpSocketFactory::latest_socket() const {
  const std::lock_guard lock(m_mutex);
  return m_latest_socket.lock();
}

} // namespace mailroom::transport
