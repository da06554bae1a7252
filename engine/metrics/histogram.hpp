#pragma once

#include <cstdint>
#include <mutex>
#include <vector>

// A histogram of fixed buckets, as Prometheus keeps one: each observation counts in the first
// bucket whose upper bound it does not exceed (`le`, less than or equal), or in the last, +Inf.
// Observed from any thread.

namespace mailroom::metrics {

class Histogram {
public:
  // `upper_bounds` ascending and finite; +Inf is implied after them.
  explicit Histogram(std::vector<double> upper_bounds);
  Histogram(const Histogram& other);
  Histogram& operator=(const Histogram&) = delete;

  void observe(double value);

  // What the histogram holds at one moment, as the exposition format writes it.
  struct Snapshot {
    std::vector<double> upper_bounds;
    // Per bound, then +Inf: how many observations were at most that bound (cumulative); the last
    // equals `count`.
    std::vector<uint64_t> cumulative_counts;
    double sum = 0;
    uint64_t count = 0;
  };
  Snapshot snapshot() const;

private:
  const std::vector<double> m_upper_bounds;
  mutable std::mutex m_mutex;
  std::vector<uint64_t> m_bucket_counts; // Per bound, then +Inf; not cumulative.
  double m_sum = 0;
  uint64_t m_count = 0;
};

// Bounds for a mail server's reply to one message: 5 ms on the same machine to a minute for a
// large attachment to a slow server.
const std::vector<double>& send_duration_buckets();
// Bounds for rendering one invoice: a millisecond to five seconds.
const std::vector<double>& render_duration_buckets();

} // namespace mailroom::metrics
