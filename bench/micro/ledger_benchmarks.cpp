#include "fixtures.hpp"

#include <engine/ledger/ledger.hpp>

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>

// The ledger's cost per sent invoice: mark_sending then mark_sent, as deliver() does for every
// invoice: two commits, of which only `sending` waits for a sync to disk (the `sent` mark rides
// on the next one).

namespace mailroom::bench {

namespace {

// Argument: where the ledger file lives. 0: the disk (/var/tmp), where a sync waits for the disk;
// 1: tmpfs (/dev/shm), where it returns at once, which leaves SQLite's own work.
void ledger_write(benchmark::State& state) {
  const std::filesystem::path folder = state.range(0) == 1 ? "/dev/shm" : "/var/tmp";
  const auto path = folder / ("mailroom-micro-ledger-" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + "-wal");
  std::filesystem::remove(path.string() + "-shm");
  {
    auto ledger = ledger::Ledger::open(path);
    if (!ledger) {
      state.SkipWithError(ledger.error().to_string().c_str());
      return;
    }
    LatencyRecorder latency;
    long index = 0;
    for (auto _ : state) {
      const auto number = "2026-" + std::to_string(index++);
      latency.start();
      auto sending = (*ledger)->mark_sending(ledger::SendingRecord{
        "bench", number, "acme", "klant@example.org", number + ".1.mailroom@acme.example",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"});
      auto sent = sending ? (*ledger)->mark_sent("bench", number, "", "250 2.0.0 Ok: queued")
                          : Status(sending.error());
      latency.stop();
      if (!sent) {
        state.SkipWithError(sent.error().to_string().c_str());
        break;
      }
    }
    state.SetItemsProcessed(state.iterations());
    latency.report(state);
  }
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + "-wal");
  std::filesystem::remove(path.string() + "-shm");
}
BENCHMARK(ledger_write)
  ->ArgName("tmpfs")
  ->Arg(0)
  ->Arg(1)
  ->Unit(benchmark::kMicrosecond)
  ->UseRealTime();

} // namespace

} // namespace mailroom::bench
