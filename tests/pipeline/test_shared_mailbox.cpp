// Workers sharing a paced mailbox through one ledger (pipeline/shared_mailbox.hpp and
// transport/shared_pacer.hpp): two SharedPacers, each with a connection of its own to one real
// SQLite ledger file, as two worker processes would have. A throttling reply to one slows the
// other; a max_per_run shared by a run id counts the messages of both.

#include <engine/ledger/ledger.hpp>
#include <engine/pipeline/shared_mailbox.hpp>
#include <engine/transport/shared_pacer.hpp>
#include <engine/transport/transport.hpp>

#include <gtest/gtest.h>
#include <tests/support/temporary_folder.hpp>

#include <chrono>

namespace mailroom::testing {
namespace {

using namespace std::chrono_literals;
using transport::Turn;

// One worker: its own connection to the ledger, its pacer, and what it said.
class Worker {
public:
  Worker(const std::filesystem::path& ledger_file, transport::PacerLimits limits,
         std::optional<std::string> run) {
    auto ledger = ledger::Ledger::open(ledger_file);
    EXPECT_TRUE(ledger) << ledger.error().to_string();
    m_ledger = std::move(*ledger);
    // The waits are not slept: what is paced here is the pacers' arithmetic, not time.
    const auto sleep = [](std::chrono::steady_clock::duration) { return true; };
    auto own = std::make_unique<transport::InProcessPacer>(
      "acme", limits, [] { return std::chrono::steady_clock::now(); }, sleep);
    m_own = own.get();
    const auto count = run ? transport::RunCount::SharedByRun : transport::RunCount::EachWorker;
    m_pacer = std::make_unique<transport::SharedPacer>(
      std::move(own), "acme",
      std::make_unique<pipeline::LedgerSharedMailbox>(*m_ledger, "acme", std::move(run)), count,
      [] { return std::chrono::system_clock::now(); }, sleep,
      [this](const std::string& sentence) { m_said.push_back(sentence); });
  }

  transport::SendPacer& pacer() { return *m_pacer; }
  ledger::Ledger& ledger() { return *m_ledger; }
  double rate() const { return m_own->current_rate().value_or(0); }
  const std::vector<std::string>& said() const { return m_said; }

  // A message started and spaced, ready to go out.
  transport::SendStart spaced() {
    auto start = m_pacer->start_send();
    EXPECT_EQ(start.turn, Turn::Taken);
    EXPECT_EQ(m_pacer->space_send(start), Turn::Taken);
    return start;
  }

private:
  std::unique_ptr<ledger::Ledger> m_ledger;
  transport::InProcessPacer* m_own = nullptr;
  std::unique_ptr<transport::SharedPacer> m_pacer;
  std::vector<std::string> m_said;
};

transport::Outcome accepted() {
  transport::Outcome outcome;
  outcome.delivery.emplace();
  return outcome;
}

transport::Outcome throttled() {
  transport::Outcome outcome;
  outcome.failure.kind = transport::FailureKind::Temporary;
  outcome.failure.server_reply = "451 4.7.0 Too many messages, slow down";
  outcome.failure.message = "mailbox 'acme': " + outcome.failure.server_reply;
  return outcome;
}

std::int64_t microseconds_ago(std::chrono::seconds ago) {
  return std::chrono::duration_cast<std::chrono::microseconds>(
           (std::chrono::system_clock::now() - ago).time_since_epoch())
    .count();
}

TEST(SharedMailbox, AThrottlingReplyToOneWorkerSlowsTheOtherWithItsNextSlot) {
  TemporaryFolder folder;
  const auto file = folder / "ledger.db";
  const transport::PacerLimits limits{transport::Rate{10, 1s}, std::nullopt};
  Worker first(file, limits, std::nullopt);
  Worker second(file, limits, std::nullopt);
  // A slow-down of a run long gone (twenty minutes ago) slows nobody now.
  ASSERT_TRUE(first.ledger().note_mailbox_slowdown("acme", {1'000'000, microseconds_ago(1200s)}));
  first.pacer().finish_send(first.spaced(), accepted());
  second.pacer().finish_send(second.spaced(), accepted());
  EXPECT_DOUBLE_EQ(first.rate(), 10.0);
  EXPECT_DOUBLE_EQ(second.rate(), 10.0);

  const auto slowed = first.pacer().finish_send(first.spaced(), throttled());
  ASSERT_TRUE(slowed);
  EXPECT_EQ(*slowed, "mailbox \"acme\" slowed to 5/second after: 451 4.7.0 Too many messages, "
                     "slow down");
  EXPECT_DOUBLE_EQ(first.rate(), 5.0);
  EXPECT_DOUBLE_EQ(second.rate(), 10.0) << "not before its next slot";
  second.pacer().finish_send(second.spaced(), accepted());
  EXPECT_NEAR(second.rate(), 5.0, 1e-9);
  EXPECT_EQ(second.said(),
            std::vector<std::string>{"mailbox \"acme\" slowed to 5/second: another worker sending "
                                     "through it was told it sends too fast"});
  // The one that noted it does not take its own slow-down over again, nor does the other twice.
  first.pacer().finish_send(first.spaced(), accepted());
  second.pacer().finish_send(second.spaced(), accepted());
  EXPECT_TRUE(first.said().empty());
  EXPECT_EQ(second.said().size(), 1u);
  EXPECT_DOUBLE_EQ(first.rate(), 5.0);
}

TEST(SharedMailbox, TheWorkersOfOneRunSendNoMoreThanMaxPerRunTogether) {
  TemporaryFolder folder;
  const auto file = folder / "ledger.db";
  const transport::PacerLimits limits{std::nullopt, 3u};
  Worker first(file, limits, "night-1");
  Worker second(file, limits, "night-1");
  const auto one = first.spaced();
  const auto two = second.spaced();
  const auto three = first.spaced();
  EXPECT_EQ(second.pacer().start_send().turn, Turn::LimitReached);
  EXPECT_EQ(first.pacer().start_send().turn, Turn::LimitReached);
  first.pacer().finish_send(one, accepted());
  second.pacer().finish_send(two, accepted());
  // Not accepted: given back, and the other worker may send one more.
  first.pacer().finish_send(three, transport::Outcome{});
  const auto four = second.spaced();
  second.pacer().finish_send(four, accepted());
  EXPECT_EQ(first.pacer().start_send().turn, Turn::LimitReached);
  // The next night's run counts from zero; a worker without a run id counts its own.
  Worker next_night(file, limits, "night-2");
  next_night.pacer().finish_send(next_night.spaced(), accepted());
  Worker alone(file, limits, std::nullopt);
  for (int message = 0; message < 3; ++message) {
    alone.pacer().finish_send(alone.spaced(), accepted());
  }
  EXPECT_EQ(alone.pacer().start_send().turn, Turn::LimitReached);
}

} // namespace
} // namespace mailroom::testing
