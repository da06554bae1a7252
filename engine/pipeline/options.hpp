#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>

namespace mailroom::pipeline {

enum class ProgressStyle { Automatic, Bar, Plain, Json, None };

enum class Sending { Real, DryRun };
enum class Resending { SkipSent, ResendSent };

struct RunOptions {
  unsigned threads = 0; // 0: one per core.
  std::optional<size_t> limit; // Only the first N invoices of the job.
  Sending sending = Sending::Real;
  Resending resending = Resending::SkipSent;
  std::optional<std::filesystem::path> report;
  ProgressStyle progress = ProgressStyle::Automatic;
};

} // namespace mailroom::pipeline
