#include <engine/transport/send_pacer.hpp>
#include <engine/transport/transport.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <vector>

namespace mailroom::transport {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::steady_clock;

// A clock that moves only when the pacer sleeps (or the test says), and remembers every send.
class PacedClock {
public:
  steady_clock::time_point now() const { return m_now; }
  void advance(steady_clock::duration duration) { m_now += duration; }

  InProcessPacer pacer(PacerLimits limits, std::string name = "office") {
    return InProcessPacer(
      std::move(name), limits, [this] { return m_now; },
      [this](steady_clock::duration duration) {
        if (m_stopped) {
          return false;
        }
        m_now += duration;
        return true;
      });
  }

  void stop() { m_stopped = true; }

private:
  steady_clock::time_point m_now{seconds(1'000)};
  bool m_stopped = false;
};

Outcome accepted() {
  Outcome outcome;
  outcome.delivery.emplace();
  return outcome;
}

Outcome refused_with(std::string reply, FailureKind kind = FailureKind::Temporary) {
  Outcome outcome;
  outcome.failure.kind = kind;
  outcome.failure.server_reply = reply;
  outcome.failure.message = "mailbox 'office': " + reply;
  return outcome;
}

// Sends `count` messages as the second pass does (waiting turns); the clock time of each send.
std::vector<steady_clock::time_point> send_waiting(InProcessPacer& pacer, PacedClock& clock,
                                                   int count) {
  std::vector<steady_clock::time_point> sent;
  for (int index = 0; index < count; ++index) {
    EXPECT_EQ(pacer.take_turn(WhenPaced::Wait), Turn::Taken);
    auto start = pacer.start_send();
    EXPECT_EQ(start.turn, Turn::Taken);
    EXPECT_EQ(pacer.space_send(start), Turn::Taken);
    sent.push_back(clock.now());
    pacer.finish_send(start, accepted());
  }
  return sent;
}

double seconds_between(steady_clock::time_point from, steady_clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

// A send started and spaced, ready to go out.
SendStart spaced(InProcessPacer& pacer) {
  auto start = pacer.start_send();
  pacer.space_send(start);
  return start;
}

size_t most_in_any_window(const std::vector<steady_clock::time_point>& times,
                          steady_clock::duration window) {
  size_t most = 0;
  for (const auto& from : times) {
    most = std::max<size_t>(most, std::count_if(times.begin(), times.end(), [&](auto time) {
                              return time >= from && time < from + window;
                            }));
  }
  return most;
}

TEST(RateText, NamesTheRateInTheMailboxsUnitOrTheNextLargerOneWithAWholeNumber) {
  EXPECT_EQ(rate_text(0.5, seconds(60)), "30/minute");
  EXPECT_EQ(rate_text(0.25, seconds(60)), "15/minute");
  EXPECT_EQ(rate_text(5, seconds(1)), "5/second");
  EXPECT_EQ(rate_text(0.5, seconds(1)), "30/minute");
  EXPECT_EQ(rate_text(1.0 / 3'600, seconds(60)), "1/hour");
}

TEST(ThrottlingReply, IsATemporaryRefusalThatSaysRateTooManyOrThrottled) {
  EXPECT_TRUE(is_throttling_reply("421 4.7.0 Too many messages, slow down"));
  EXPECT_TRUE(is_throttling_reply("450 4.7.28 Our system has detected an unusual rate"));
  EXPECT_TRUE(is_throttling_reply("451 4.7.500 Server busy, throttled"));
  EXPECT_FALSE(is_throttling_reply("451 4.3.0 Temporary failure"));
  EXPECT_FALSE(is_throttling_reply(""));
}

TEST(InProcessPacer, KeepsAMailboxAt30AMinuteToOneMessageEveryTwoSecondsAndABit) {
  PacedClock clock;
  auto pacer = clock.pacer({Rate{30, seconds(60)}, std::nullopt});
  const auto sent = send_waiting(pacer, clock, 61);
  for (size_t index = 1; index < sent.size(); ++index) {
    EXPECT_NEAR(seconds_between(sent[index - 1], sent[index]), 2.04, 1e-6) << "message " << index;
  }
  EXPECT_EQ(most_in_any_window(sent, seconds(60)), 30u);
}

TEST(InProcessPacer, DoesNotPaceAMailboxWithoutARate) {
  PacedClock clock;
  auto pacer = clock.pacer({});
  const auto sent = send_waiting(pacer, clock, 100);
  EXPECT_EQ(sent.front(), sent.back()) << "no time passed";
  EXPECT_FALSE(pacer.seconds_left());
}

TEST(InProcessPacer, HoldsBackWhatHasNoTurnFreeAndCountsItInTheTimeLeft) {
  PacedClock clock;
  auto pacer = clock.pacer({Rate{30, seconds(60)}, std::nullopt});
  EXPECT_EQ(pacer.take_turn(WhenPaced::HoldBack), Turn::Taken);
  for (int index = 0; index < 10; ++index) {
    EXPECT_EQ(pacer.take_turn(WhenPaced::HoldBack), Turn::HeldBack);
  }
  ASSERT_TRUE(pacer.seconds_left());
  EXPECT_DOUBLE_EQ(*pacer.seconds_left(), 20.0) << "10 held back at one every 2 s";
  clock.advance(milliseconds(2'000));
  EXPECT_EQ(pacer.take_turn(WhenPaced::HoldBack), Turn::HeldBack) << "2% more than the rate";
  clock.advance(milliseconds(40));
  EXPECT_EQ(pacer.take_turn(WhenPaced::HoldBack), Turn::Taken) << "a turn is free again";
  EXPECT_EQ(pacer.take_turn(WhenPaced::WaitHeldBack), Turn::Taken);
  EXPECT_DOUBLE_EQ(*pacer.seconds_left(), 20.0) << "one more held back, one taken";
}

TEST(InProcessPacer, KeepsTheSendsApartWhateverTimePassedBetweenTurnAndSend) {
  PacedClock clock;
  auto pacer = clock.pacer({Rate{5, seconds(1)}, std::nullopt});
  // Two turns 204 ms apart; the first one's rendering took 150 ms longer than the second's.
  EXPECT_EQ(pacer.take_turn(WhenPaced::HoldBack), Turn::Taken);
  clock.advance(milliseconds(204));
  EXPECT_EQ(pacer.take_turn(WhenPaced::HoldBack), Turn::Taken);
  clock.advance(milliseconds(150));
  auto first = pacer.start_send();
  auto second = pacer.start_send();
  EXPECT_EQ(pacer.space_send(first), Turn::Taken);
  const auto first_at = clock.now();
  EXPECT_EQ(pacer.space_send(second), Turn::Taken);
  EXPECT_NEAR(seconds_between(first_at, clock.now()), 0.204, 1e-6);
  pacer.finish_send(first, accepted());
  pacer.finish_send(second, accepted());
}

TEST(InProcessPacer, StopsWaitingWhenAStopIsRequested) {
  PacedClock clock;
  auto pacer = clock.pacer({Rate{1, seconds(60)}, std::nullopt});
  EXPECT_EQ(pacer.take_turn(WhenPaced::Wait), Turn::Taken);
  clock.stop();
  EXPECT_EQ(pacer.take_turn(WhenPaced::Wait), Turn::Stopped);
}

TEST(InProcessPacer, RefusesTurnsOnceMaxPerRunMessagesWereAcceptedOrAreUnderWay) {
  PacedClock clock;
  auto pacer = clock.pacer({std::nullopt, 3u});
  const auto first = pacer.start_send();
  const auto second = pacer.start_send();
  const auto third = pacer.start_send();
  EXPECT_EQ(pacer.start_send().turn, Turn::LimitReached) << "three under way";
  pacer.finish_send(first, accepted());
  pacer.finish_send(second, refused_with("451 4.3.0 try later"));
  EXPECT_EQ(pacer.take_turn(WhenPaced::HoldBack), Turn::Taken) << "one was not accepted";
  const auto fourth = pacer.start_send();
  EXPECT_EQ(fourth.turn, Turn::Taken);
  pacer.finish_send(third, accepted());
  pacer.finish_send(fourth, accepted());
  EXPECT_EQ(pacer.take_turn(WhenPaced::HoldBack), Turn::LimitReached);
  EXPECT_EQ(pacer.start_send().turn, Turn::LimitReached);
}

TEST(InProcessPacer, HalvesTheRateOnAThrottlingReplyOnceAndRecoversAsMessagesAreAccepted) {
  PacedClock clock;
  auto pacer = clock.pacer({Rate{30, seconds(60)}, std::nullopt});
  auto first = pacer.start_send();
  auto second = pacer.start_send();
  pacer.space_send(first);
  pacer.space_send(second);
  const auto slowed =
    pacer.finish_send(first, refused_with("421 4.7.0 Too many messages, slow down"));
  ASSERT_TRUE(slowed);
  EXPECT_EQ(*slowed,
            "mailbox \"office\" slowed to 15/minute after: 421 4.7.0 Too many messages, slow down");
  EXPECT_DOUBLE_EQ(*pacer.current_rate(), 0.25);
  EXPECT_FALSE(pacer.finish_send(second, refused_with("421 4.7.0 Too many messages")))
    << "sent before the slow-down: says nothing of the new pace";
  EXPECT_DOUBLE_EQ(*pacer.current_rate(), 0.25);
  EXPECT_FALSE(pacer.finish_send(spaced(pacer), refused_with("451 4.3.0 disk full")))
    << "not a throttling reply";
  const auto sent = send_waiting(pacer, clock, 10);
  EXPECT_NEAR(seconds_between(sent[0], sent[1]), 4.08, 1e-6) << "15/minute";
  EXPECT_NEAR(*pacer.current_rate(), 0.275, 1e-9) << "a tenth back after 10 accepted";
  send_waiting(pacer, clock, 200);
  EXPECT_DOUBLE_EQ(*pacer.current_rate(), 0.5) << "never above the configured rate";
}

TEST(InProcessPacer, PacesAMailboxWithoutARateAtHalfItsRateOnceThrottled) {
  PacedClock clock;
  auto pacer = clock.pacer({});
  for (int index = 0; index < 20; ++index) {
    pacer.finish_send(spaced(pacer), accepted());
    clock.advance(milliseconds(100));
  }
  EXPECT_FALSE(pacer.current_rate());
  const auto slowed = pacer.finish_send(spaced(pacer), refused_with("450 4.7.0 rate limited"));
  ASSERT_TRUE(slowed);
  ASSERT_TRUE(pacer.current_rate());
  EXPECT_NEAR(*pacer.current_rate(), 5.0, 0.5) << "about 10 a second before";
  EXPECT_NE(slowed->find("slowed to 5/second"), std::string::npos) << *slowed;
}

// Another worker's slow-down (SharedPacer): taken over when slower than this worker's pace, from
// then on, and recovered from as from a slow-down of its own; replies to sends under way when it
// came say nothing more.
TEST(InProcessPacer, TakesOverASlowerPaceFromAnotherWorkerAndRecoversFromIt) {
  PacedClock clock;
  auto pacer = clock.pacer({Rate{10, seconds(1)}, std::nullopt});
  auto under_way = spaced(pacer);
  // 5/second: a message every 204 ms (the 2% margin included).
  const auto slowed = pacer.adopt_slowdown(std::chrono::microseconds(204'000));
  ASSERT_TRUE(slowed);
  EXPECT_EQ(*slowed, "mailbox \"office\" slowed to 5/second: another worker sending through it "
                     "was told it sends too fast");
  EXPECT_DOUBLE_EQ(*pacer.current_rate(), 5.0);
  EXPECT_FALSE(pacer.adopt_slowdown(std::chrono::microseconds(127'500)))
    << "8/second: not slower than its pace now";
  EXPECT_FALSE(pacer.finish_send(under_way, refused_with("421 4.7.0 Too many messages")))
    << "sent before the slow-down came";
  EXPECT_DOUBLE_EQ(*pacer.current_rate(), 5.0);
  const auto sent = send_waiting(pacer, clock, 10);
  EXPECT_NEAR(seconds_between(sent[0], sent[1]), 0.204, 1e-6) << "5/second";
  EXPECT_NEAR(*pacer.current_rate(), 5.5, 1e-9) << "a tenth back after 10 accepted";
  send_waiting(pacer, clock, 200);
  EXPECT_DOUBLE_EQ(*pacer.current_rate(), 10.0) << "never above the configured rate";
}

TEST(InProcessPacer, NeverSlowsBelowOneAMinute) {
  PacedClock clock;
  auto pacer = clock.pacer({Rate{1, seconds(60)}, std::nullopt});
  for (int index = 0; index < 5; ++index) {
    clock.advance(seconds(600));
    pacer.finish_send(spaced(pacer), refused_with("421 4.7.0 too many"));
  }
  EXPECT_DOUBLE_EQ(*pacer.current_rate(), 1.0 / 60);
}

} // namespace
} // namespace mailroom::transport
