#include <engine/job/shard.hpp>

#include <gtest/gtest.h>

#include <vector>

namespace mailroom::job {
namespace {

TEST(Shard, ReadsKOfNAndAutoFromTheCompletionIndex) {
  auto shard = parse_shard("1/4", std::nullopt);
  ASSERT_TRUE(shard) << shard.error().message;
  EXPECT_EQ(shard->index, 1u);
  EXPECT_EQ(shard->count, 4u);
  EXPECT_EQ(shard->text(), "1/4");
  shard = parse_shard("auto/3", "2");
  ASSERT_TRUE(shard) << shard.error().message;
  EXPECT_EQ(shard->text(), "2/3");
}

TEST(Shard, SaysWhatWasExpected) {
  const auto problem = [](std::string_view text, std::optional<std::string_view> index) {
    auto shard = parse_shard(text, index);
    EXPECT_FALSE(shard) << text;
    return shard ? std::string() : shard.error().message;
  };
  EXPECT_NE(problem("4/4", std::nullopt).find("numbered 0 to 3"), std::string::npos);
  EXPECT_NE(problem("1", std::nullopt).find("expected K/N"), std::string::npos);
  EXPECT_NE(problem("1/0", std::nullopt).find("N must be"), std::string::npos);
  EXPECT_NE(problem("-1/4", std::nullopt).find("K must be"), std::string::npos);
  EXPECT_NE(problem("auto/4", std::nullopt).find("JOB_COMPLETION_INDEX"), std::string::npos);
  EXPECT_NE(problem("auto/4", "x").find("not a whole number"), std::string::npos);
  EXPECT_NE(problem("auto/4", "4").find("numbered 0 to 3"), std::string::npos);
}

// Every invoice in exactly one shard, the shards about equal, and the same answer every time.
TEST(Shard, EveryInvoiceFallsInExactlyOneShardAndTheyAreEven) {
  constexpr unsigned k_count = 4;
  std::vector<int> sizes(k_count, 0);
  for (int number = 1; number <= 4000; ++number) {
    const auto text = "2026-" + std::to_string(number);
    int taken = 0;
    for (unsigned index = 0; index < k_count; ++index) {
      if (Shard{index, k_count}.takes("acme", text)) {
        ++taken;
        ++sizes[index];
      }
    }
    EXPECT_EQ(taken, 1) << text;
  }
  for (const int size : sizes) {
    EXPECT_GT(size, 850);
    EXPECT_LT(size, 1150);
  }
  // Stable: these are what every worker, on any machine, computes.
  EXPECT_EQ(shard_of("acme", "2026-000001", 4), shard_of("acme", "2026-000001", 4));
  EXPECT_TRUE((Shard{0, 1}.takes("anyone", "anything")));
}

} // namespace
} // namespace mailroom::job
