#pragma once

#include <charconv>
#include <cmath>
#include <map>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

// Reads Prometheus's text exposition format back, as strictly as Prometheus's own parser (and
// promtool check metrics, which Debian 12 ships only with the whole Prometheus server): every
// line a comment of HELP or TYPE (each once per metric, before its samples) or a sample
// `name{label="value",...} value`; each metric's samples together; no series twice; each
// histogram's buckets cumulative with le="+Inf" equal to its _count. Throws std::runtime_error
// naming the line and what is wrong.

namespace mailroom::testing {

struct MetricSample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

struct ParsedExposition {
  std::map<std::string, std::string> types; // By metric name.
  std::map<std::string, std::string> helps;
  std::vector<MetricSample> samples;

  // The value of the one sample of `name` with exactly these labels; throws if there is none.
  double value(const std::string& name, const std::map<std::string, std::string>& labels) const {
    for (const auto& sample : samples) {
      if (sample.name == name && sample.labels == labels) {
        return sample.value;
      }
    }
    throw std::runtime_error("no sample " + name);
  }
  bool has(const std::string& name) const {
    for (const auto& sample : samples) {
      if (sample.name == name) {
        return true;
      }
    }
    return false;
  }
};

inline double parse_metric_value(const std::string& text) {
  if (text == "+Inf") {
    return INFINITY;
  }
  if (text == "-Inf") {
    return -INFINITY;
  }
  if (text == "NaN") {
    return NAN;
  }
  double value = 0;
  const auto parsed = std::from_chars(text.data(), text.data() + text.size(), value);
  if (parsed.ec != std::errc() || parsed.ptr != text.data() + text.size()) {
    throw std::runtime_error("not a number: \"" + text + "\"");
  }
  return value;
}

inline ParsedExposition parse_exposition(const std::string& text) {
  static const std::regex metric_name("[a-zA-Z_:][a-zA-Z0-9_:]*");
  static const std::regex label_name("[a-zA-Z_][a-zA-Z0-9_]*");
  static const std::set<std::string> known_types{"counter", "gauge", "histogram", "summary",
                                                 "untyped"};
  if (!text.empty() && text.back() != '\n') {
    throw std::runtime_error("the last line does not end with a newline");
  }
  ParsedExposition result;
  std::set<std::string> closed; // Metrics whose samples are behind us.
  std::string current;          // The metric whose samples come now.
  std::set<std::string> series;
  const auto family_of = [&](const std::string& name) -> std::string {
    if (result.types.count(name)) {
      return name;
    }
    for (const char* suffix : {"_bucket", "_sum", "_count"}) {
      const std::string ending = suffix;
      if (name.size() > ending.size() && name.ends_with(ending)) {
        const auto base = name.substr(0, name.size() - ending.size());
        if (result.types.count(base) && result.types[base] == "histogram") {
          return base;
        }
      }
    }
    return {};
  };
  size_t number = 0;
  size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find('\n', start);
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    ++number;
    const auto fail = [&](const std::string& why) {
      throw std::runtime_error("line " + std::to_string(number) + ": " + why + ": " + line);
    };
    if (line.empty()) {
      fail("an empty line");
    }
    if (line.starts_with("# HELP ") || line.starts_with("# TYPE ")) {
      const bool help = line[2] == 'H';
      const auto rest = line.substr(7);
      const auto space = rest.find(' ');
      const auto name = rest.substr(0, space);
      if (!std::regex_match(name, metric_name)) {
        fail("a bad metric name");
      }
      if (closed.count(name) ||
          (name != current && (result.helps.count(name) || result.types.count(name)))) {
        fail("a metric described again after its samples");
      }
      if (current != name && !current.empty()) {
        closed.insert(current);
      }
      current = name;
      auto& described = help ? result.helps : result.types;
      if (described.count(name)) {
        fail(std::string(help ? "HELP" : "TYPE") + " given twice");
      }
      if (space == std::string::npos) {
        fail("nothing after the name");
      }
      described[name] = rest.substr(space + 1);
      if (!help && !known_types.count(described[name])) {
        fail("an unknown type");
      }
      continue;
    }
    if (line.starts_with("#")) {
      continue;
    }
    MetricSample sample;
    size_t at = 0;
    while (at < line.size() && line[at] != '{' && line[at] != ' ') {
      ++at;
    }
    sample.name = line.substr(0, at);
    if (!std::regex_match(sample.name, metric_name)) {
      fail("a bad metric name");
    }
    if (at < line.size() && line[at] == '{') {
      ++at;
      while (at < line.size() && line[at] != '}') {
        const auto equals = line.find('=', at);
        if (equals == std::string::npos || equals + 1 >= line.size() || line[equals + 1] != '"') {
          fail("a label without =\"");
        }
        const auto name = line.substr(at, equals - at);
        if (!std::regex_match(name, label_name)) {
          fail("a bad label name \"" + name + "\"");
        }
        std::string value;
        at = equals + 2;
        for (;; ++at) {
          if (at >= line.size()) {
            fail("a label value without its closing quote");
          }
          if (line[at] == '"') {
            break;
          }
          if (line[at] == '\\') {
            ++at;
            if (at >= line.size()) {
              fail("a backslash at the end");
            }
            if (line[at] == 'n') {
              value += '\n';
            } else if (line[at] == '\\' || line[at] == '"') {
              value += line[at];
            } else {
              fail("an unknown escape");
            }
          } else {
            value += line[at];
          }
        }
        ++at; // The closing quote.
        if (!sample.labels.emplace(name, value).second) {
          fail("a label twice");
        }
        if (at < line.size() && line[at] == ',') {
          ++at;
        }
      }
      if (at >= line.size()) {
        fail("labels without their closing brace");
      }
      ++at; // The brace.
    }
    if (at >= line.size() || line[at] != ' ') {
      fail("no space before the value");
    }
    sample.value = parse_metric_value(line.substr(at + 1));
    const auto family = family_of(sample.name);
    if (family.empty()) {
      fail("a sample of a metric without TYPE");
    }
    if (family != current) {
      fail("a sample away from its metric's other samples");
    }
    std::string key = sample.name;
    for (const auto& [name, value] : sample.labels) {
      key += "\x1f" + name + "=" + value;
    }
    if (!series.insert(key).second) {
      fail("a series twice");
    }
    result.samples.push_back(std::move(sample));
  }
  // Each histogram: per series (its labels but le), buckets by ascending le, cumulative, the last
  // le="+Inf" and equal to _count; a _sum.
  for (const auto& [name, type] : result.types) {
    if (type != "histogram") {
      continue;
    }
    std::map<std::map<std::string, std::string>, std::vector<std::pair<double, double>>> buckets;
    for (const auto& sample : result.samples) {
      if (sample.name == name + "_bucket") {
        auto labels = sample.labels;
        if (!labels.count("le")) {
          throw std::runtime_error(name + "_bucket without le");
        }
        const double bound = parse_metric_value(labels["le"]);
        labels.erase("le");
        buckets[labels].emplace_back(bound, sample.value);
      }
    }
    for (const auto& [labels, list] : buckets) {
      for (size_t index = 1; index < list.size(); ++index) {
        if (!(list[index].first > list[index - 1].first)) {
          throw std::runtime_error(name + ": le not ascending");
        }
        if (list[index].second < list[index - 1].second) {
          throw std::runtime_error(name + ": buckets not cumulative");
        }
      }
      if (list.empty() || !std::isinf(list.back().first)) {
        throw std::runtime_error(name + ": no le=\"+Inf\" bucket");
      }
      if (list.back().second != result.value(name + "_count", labels)) {
        throw std::runtime_error(name + ": le=\"+Inf\" is not _count");
      }
      (void)result.value(name + "_sum", labels);
    }
  }
  return result;
}

} // namespace mailroom::testing
