#include "histogram.hpp"

#include <algorithm>

namespace mailroom::metrics {

Histogram::Histogram(std::vector<double> upper_bounds)
  : m_upper_bounds(std::move(upper_bounds))
  , m_bucket_counts(m_upper_bounds.size() + 1, 0) {}

Histogram::Histogram(const Histogram& other)
  : m_upper_bounds(other.m_upper_bounds) {
  std::lock_guard lock(other.m_mutex);
  m_bucket_counts = other.m_bucket_counts;
  m_sum = other.m_sum;
  m_count = other.m_count;
}

void Histogram::observe(double value) {
  // The first bound not below the value: `le` includes the bound itself.
  const auto bucket = static_cast<size_t>(
    std::lower_bound(m_upper_bounds.begin(), m_upper_bounds.end(), value) - m_upper_bounds.begin());
  std::lock_guard lock(m_mutex);
  ++m_bucket_counts[bucket];
  m_sum += value;
  ++m_count;
}

Histogram::Snapshot Histogram::snapshot() const {
  Snapshot snapshot;
  snapshot.upper_bounds = m_upper_bounds;
  std::lock_guard lock(m_mutex);
  uint64_t running = 0;
  for (const auto count : m_bucket_counts) {
    running += count;
    snapshot.cumulative_counts.push_back(running);
  }
  snapshot.sum = m_sum;
  snapshot.count = m_count;
  return snapshot;
}

const std::vector<double>& send_duration_buckets() {
  static const std::vector<double> bounds{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                          1,     2.5,  5,     10,   30,  60};
  return bounds;
}

const std::vector<double>& render_duration_buckets() {
  static const std::vector<double> bounds{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                          0.1,   0.25,   0.5,   1,    2.5,   5};
  return bounds;
}

} // namespace mailroom::metrics
