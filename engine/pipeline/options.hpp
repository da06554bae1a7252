#pragma once

#include <engine/job/selection.hpp>
#include <engine/job/shard.hpp>

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

namespace mailroom::pipeline {

enum class ProgressStyle { Automatic, Bar, Plain, Json, None };

enum class Sending { Real, DryRun };
// SkipSent: only invoices never sent (or failed). ResendUnknown: also those whose delivery is
// unknown (state `unknown`, or `sending` left by a run that stopped). ResendSent: everything.
enum class Resending { SkipSent, ResendUnknown, ResendSent };

// Whether the invoices are drawn on their creditor's letterhead: as the job file and the creditors
// file say (JobDefault), or on it (Include) or without it (Omit) for this run, whatever they say.
// A creditor that has no letterhead file sends its invoices without one in any case.
enum class LetterheadChoice { JobDefault, Include, Omit };

// Which invoices of the job a run takes, by creditor and number (job/selection.hpp).
using Selection = job::Selection;

struct RunOptions {
  unsigned threads = 0;        // 0: two per core to send, one per core otherwise.
  std::optional<size_t> limit; // Only the first N invoices of the job.
  // Only these invoices of the job; none: every invoice. The records outside it are passed over
  // (not worked, recorded, counted or reported); each key that names no record of the job is
  // reported as failed. With a limit, the selection is taken among the first N records.
  std::optional<Selection> selection;
  // Only this shard's invoices (job/shard.hpp); the others' are passed over like those outside a
  // selection. None: every invoice.
  std::optional<job::Shard> shard;
  // What the workers of one run have in common (`--run-id`): a mailbox's max_per_run then counts
  // the messages of all of them, in the ledger they share. None: each counts its own.
  std::optional<std::string> run_id;
  LetterheadChoice letterhead = LetterheadChoice::JobDefault;
  Sending sending = Sending::Real;
  Resending resending = Resending::SkipSent;
  std::optional<std::filesystem::path> report;
  ProgressStyle progress = ProgressStyle::Automatic;
  // Prometheus's text format for node_exporter's textfile collector (metrics/metrics_file.hpp).
  std::optional<std::filesystem::path> metrics;
};

} // namespace mailroom::pipeline
