#include <engine/metrics/histogram.hpp>

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace mailroom::metrics {
namespace {

TEST(Histogram, AValueOnABoundCountsInThatBucketAndJustAboveInTheNext) {
  Histogram histogram({0.1, 0.5, 1});
  histogram.observe(0.1);    // le="0.1": the bound itself belongs to its bucket.
  histogram.observe(0.1001); // le="0.5".
  histogram.observe(0.5);    // le="0.5".
  histogram.observe(1);      // le="1".
  histogram.observe(7);      // Only +Inf.
  histogram.observe(0);      // le="0.1".
  const auto snapshot = histogram.snapshot();
  ASSERT_EQ(snapshot.cumulative_counts.size(), 4u);
  EXPECT_EQ(snapshot.cumulative_counts[0], 2u);
  EXPECT_EQ(snapshot.cumulative_counts[1], 4u);
  EXPECT_EQ(snapshot.cumulative_counts[2], 5u);
  EXPECT_EQ(snapshot.cumulative_counts[3], 6u);
  EXPECT_EQ(snapshot.count, 6u);
  EXPECT_DOUBLE_EQ(snapshot.sum, 0.1 + 0.1001 + 0.5 + 1 + 7);
}

TEST(Histogram, ObservationsFromManyThreadsAreAllCounted) {
  Histogram histogram(send_duration_buckets());
  std::vector<std::thread> threads;
  for (int thread = 0; thread < 8; ++thread) {
    threads.emplace_back([&histogram, thread] {
      for (int index = 0; index < 10'000; ++index) {
        histogram.observe(0.001 * (index % 100) + thread);
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  const auto snapshot = histogram.snapshot();
  EXPECT_EQ(snapshot.count, 80'000u);
  EXPECT_EQ(snapshot.cumulative_counts.back(), 80'000u);
}

TEST(Histogram, TheShippedBoundsAscend) {
  for (const auto* bounds : {&send_duration_buckets(), &render_duration_buckets()}) {
    for (size_t index = 1; index < bounds->size(); ++index) {
      EXPECT_LT((*bounds)[index - 1], (*bounds)[index]);
    }
  }
}

} // namespace
} // namespace mailroom::metrics
