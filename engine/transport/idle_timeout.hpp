#pragma once

#include <vmime/net/timeoutHandler.hpp>

#include <chrono>

// vmime asks a timeout handler whether the server has been silent for too long while it waits
// for a reply. Ours gives up (never asks to wait longer) after the settings' command timeout.

namespace mailroom::transport {

class IdleTimeout final : public vmime::net::timeoutHandler {
public:
  explicit IdleTimeout(std::chrono::milliseconds limit);

  bool isTimeOut() override;
  void resetTimeOut() override;
  bool handleTimeOut() override;

private:
  std::chrono::milliseconds m_limit;
  std::chrono::steady_clock::time_point m_start;
};

class IdleTimeoutFactory final : public vmime::net::timeoutHandlerFactory {
public:
  explicit IdleTimeoutFactory(std::chrono::milliseconds limit);

  std::shared_ptr<vmime::net::timeoutHandler> create() override;

private:
  std::chrono::milliseconds m_limit;
};

} // namespace mailroom::transport
