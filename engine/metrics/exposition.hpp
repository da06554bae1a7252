#pragma once

#include <engine/metrics/histogram.hpp>

#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// Prometheus's text exposition format (version 0.0.4), as node_exporter's textfile collector
// reads it: per metric a HELP and a TYPE line, once, then its samples, `name{label="value"} 1.5`.

namespace mailroom::metrics {

using Labels = std::vector<std::pair<std::string, std::string>>;

enum class MetricType { Counter, Gauge, Histogram };

class Exposition {
public:
  // Starts a metric: its HELP and TYPE lines. Its samples follow, before the next metric's.
  void metric(std::string_view name, MetricType type, std::string_view help);
  void sample(std::string_view name, const Labels& labels, double value);
  // A histogram's samples: `<name>_bucket` per bound and +Inf (cumulative), `<name>_sum`,
  // `<name>_count`.
  void histogram(std::string_view name, const Labels& labels, const Histogram::Snapshot& snapshot);

  const std::string& text() const { return m_text; }

private:
  std::string m_text;
  std::set<std::string, std::less<>> m_names; // Each metric is started once.
};

// A sample's value: the shortest decimal that reads back as the same double; +Inf, -Inf, NaN.
std::string format_value(double value);
// A label's value inside its quotes: backslash, double quote and newline escaped.
std::string escape_label_value(std::string_view value);

} // namespace mailroom::metrics
