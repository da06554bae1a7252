#include "exposition.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <stdexcept>

namespace mailroom::metrics {

namespace {

std::string_view type_name(MetricType type) {
  switch (type) {
    case MetricType::Counter:
      return "counter";
    case MetricType::Gauge:
      return "gauge";
    case MetricType::Histogram:
      return "histogram";
  }
  return "untyped";
}

// HELP text escapes backslash and newline (not the double quote).
std::string escape_help(std::string_view help) {
  std::string escaped;
  for (const char character : help) {
    if (character == '\\') {
      escaped += "\\\\";
    } else if (character == '\n') {
      escaped += "\\n";
    } else {
      escaped += character;
    }
  }
  return escaped;
}

std::string labels_text(const Labels& labels) {
  if (labels.empty()) {
    return {};
  }
  std::string text = "{";
  for (size_t index = 0; index < labels.size(); ++index) {
    text += (index == 0 ? "" : ",") + labels[index].first + "=\"" +
            escape_label_value(labels[index].second) + "\"";
  }
  return text + "}";
}

} // namespace

std::string format_value(double value) {
  if (std::isnan(value)) {
    return "NaN";
  }
  if (std::isinf(value)) {
    return value > 0 ? "+Inf" : "-Inf";
  }
  std::array<char, 64> buffer{};
  const auto written = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return std::string(buffer.data(), written.ptr);
}

std::string escape_label_value(std::string_view value) {
  std::string escaped;
  for (const char character : value) {
    if (character == '\\') {
      escaped += "\\\\";
    } else if (character == '"') {
      escaped += "\\\"";
    } else if (character == '\n') {
      escaped += "\\n";
    } else {
      escaped += character;
    }
  }
  return escaped;
}

void Exposition::metric(std::string_view name, MetricType type, std::string_view help) {
  if (!m_names.emplace(name).second) {
    // A programming error: Prometheus refuses a file that names a metric twice.
    throw std::logic_error("metric " + std::string(name) + " started twice");
  }
  m_text += "# HELP " + std::string(name) + " " + escape_help(help) + "\n";
  m_text += "# TYPE " + std::string(name) + " " + std::string(type_name(type)) + "\n";
}

void Exposition::sample(std::string_view name, const Labels& labels, double value) {
  m_text += std::string(name) + labels_text(labels) + " " + format_value(value) + "\n";
}

void Exposition::histogram(std::string_view name, const Labels& labels,
                           const Histogram::Snapshot& snapshot) {
  const std::string bucket = std::string(name) + "_bucket";
  for (size_t index = 0; index < snapshot.cumulative_counts.size(); ++index) {
    auto with_bound = labels;
    with_bound.emplace_back("le", index < snapshot.upper_bounds.size()
                                    ? format_value(snapshot.upper_bounds[index])
                                    : "+Inf");
    sample(bucket, with_bound, static_cast<double>(snapshot.cumulative_counts[index]));
  }
  sample(std::string(name) + "_sum", labels, snapshot.sum);
  sample(std::string(name) + "_count", labels, static_cast<double>(snapshot.count));
}

} // namespace mailroom::metrics
