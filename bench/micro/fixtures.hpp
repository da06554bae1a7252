#pragma once

#include <engine/job/model.hpp>

#include <benchmark/benchmark.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

// What every micro-benchmark needs: the benchmark's creditor (Acme, on the repository's
// letterhead) and invoices with the same content as bench/generate_job.py writes.

namespace mailroom::bench {

std::filesystem::path source_dir();

// The creditors of the benchmark job, read from a creditors file written once per process.
const job::Creditors& creditors();
const job::Creditor& acme();

// The benchmark invoice with `line_count` lines (15: one page; 45: two pages).
job::Invoice invoice(int index, int line_count);

// Times each iteration of a benchmark loop, so that p50 and p99 can be reported as counters
// beside Google Benchmark's mean.
class LatencyRecorder {
public:
  void start() { m_started = std::chrono::steady_clock::now(); }
  void stop() {
    m_microseconds.push_back(
      std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - m_started)
        .count());
  }
  // Adds p50_us and p99_us, averaged over the benchmark's threads.
  void report(benchmark::State& state);

private:
  std::chrono::steady_clock::time_point m_started;
  std::vector<double> m_microseconds;
};

} // namespace mailroom::bench
