#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>

namespace mailroom::pipeline {

enum class ProgressStyle { Automatic, Bar, Plain, Json, None };

enum class Sending { Real, DryRun };
// SkipSent: only invoices never sent (or failed). ResendUnknown: also those whose delivery is
// unknown (state `unknown`, or `sending` left by a run that stopped). ResendSent: everything.
enum class Resending { SkipSent, ResendUnknown, ResendSent };

struct RunOptions {
  unsigned threads = 0;        // 0: two per core to send, one per core otherwise.
  std::optional<size_t> limit; // Only the first N invoices of the job.
  Sending sending = Sending::Real;
  Resending resending = Resending::SkipSent;
  std::optional<std::filesystem::path> report;
  ProgressStyle progress = ProgressStyle::Automatic;
};

} // namespace mailroom::pipeline
