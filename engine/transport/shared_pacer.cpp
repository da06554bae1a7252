#include "shared_pacer.hpp"

namespace mailroom::transport {

namespace {

// As InProcessPacer spaces its messages: 2% further apart than the rate.
constexpr double k_margin = 1.02;

std::int64_t microseconds_since_epoch(std::chrono::system_clock::time_point time) {
  return std::chrono::duration_cast<std::chrono::microseconds>(time.time_since_epoch()).count();
}

} // namespace

SharedPacer::SharedPacer(std::unique_ptr<InProcessPacer> own, std::string mailbox, ClaimSlot claim,
                         WallClock clock, InProcessPacer::Sleep sleep, Notice notice)
  : m_own(std::move(own))
  , m_mailbox(std::move(mailbox))
  , m_claim(std::move(claim))
  , m_clock(std::move(clock))
  , m_sleep(std::move(sleep))
  , m_notice(std::move(notice)) {}

Turn SharedPacer::space_send(SendStart& start) {
  const auto own = m_own->space_send(start);
  const auto rate = m_own->current_rate();
  if (own != Turn::Taken || !rate) {
    return own;
  }
  const auto interval = static_cast<std::int64_t>(k_margin * 1'000'000.0 / *rate);
  const auto now = microseconds_since_epoch(m_clock());
  const auto slot = m_claim(m_mailbox, now, interval);
  if (!slot) {
    std::call_once(m_failure_said, [&] {
      m_notice("mailbox \"" + m_mailbox +
               "\": the ledger gave no slot of the schedule the workers share (" +
               slot.error().message + "); this run keeps its own pace");
    });
    return Turn::Taken;
  }
  if (*slot > now && !m_sleep(std::chrono::microseconds(*slot - now))) {
    start.turn = Turn::Stopped;
    return Turn::Stopped;
  }
  return Turn::Taken;
}

} // namespace mailroom::transport
