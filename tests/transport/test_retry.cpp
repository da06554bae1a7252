#include <engine/transport/transport.hpp>

#include <gtest/gtest.h>
#include <tests/support/temporary_folder.hpp>

namespace mailroom::transport {
namespace {

using std::chrono::milliseconds;

TEST(BackoffDelay, DoublesFromTheBaseUpToTheCap) {
  RetryPolicy policy;
  policy.backoff_base = milliseconds(1000);
  policy.backoff_cap = milliseconds(5000);
  EXPECT_EQ(backoff_delay(policy, 1, 0.0), milliseconds(1000));
  EXPECT_EQ(backoff_delay(policy, 2, 0.0), milliseconds(2000));
  EXPECT_EQ(backoff_delay(policy, 3, 0.0), milliseconds(4000));
  EXPECT_EQ(backoff_delay(policy, 4, 0.0), milliseconds(5000));
  EXPECT_EQ(backoff_delay(policy, 1000, 0.0), milliseconds(5000)) << "no overflow";
}

TEST(BackoffDelay, JitterAddsUpToTheDelayAgain) {
  RetryPolicy policy;
  policy.backoff_base = milliseconds(10);
  EXPECT_EQ(backoff_delay(policy, 2, 0.5), milliseconds(30));
  EXPECT_EQ(backoff_delay(policy, 2, 0.999), milliseconds(39));
  EXPECT_EQ(backoff_delay(policy, 2, 7.0), milliseconds(40)) << "random numbers are clamped";
}

TEST(RetryPolicy, DefaultsAreThoseOfTheDocumentation) {
  const Settings settings;
  EXPECT_EQ(settings.retry.max_attempts, 5u);
  EXPECT_EQ(settings.retry.retry_for, milliseconds(600'000));
  EXPECT_EQ(settings.connect_timeout, milliseconds(30'000));
  EXPECT_EQ(settings.command_timeout, milliseconds(300'000));
  EXPECT_EQ(settings.data_timeout, milliseconds(600'000));
}

TEST(RetryPolicy, ATransportCarriesItsPolicyAndRemembersTheFirstReasonItWasGivenUp) {
  testing::TemporaryFolder folder;
  Settings settings;
  settings.name = "archive";
  settings.url = "maildir:" + (folder / "maildir").string();
  settings.retry.max_attempts = 3;
  auto transport = open_transport(settings);
  ASSERT_TRUE(transport) << transport.error().to_string();
  EXPECT_EQ((*transport)->retry_policy().max_attempts, 3u);
  EXPECT_FALSE((*transport)->unreachable());
  (*transport)->mark_unreachable("connection refused");
  (*transport)->mark_unreachable("later reason");
  EXPECT_EQ((*transport)->unreachable(), std::optional<std::string>("connection refused"));
}

} // namespace
} // namespace mailroom::transport
