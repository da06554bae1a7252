#pragma once

#include <engine/job/invoice_reader.hpp>
#include <engine/pipeline/context.hpp>

#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_pipeline.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

// The job's invoices streamed for the commands that only look at them (`check`, `print`): read
// in order, parsed in parallel, duplicates found in order, the command's work done in parallel,
// and the results handed back in job order. At most a few invoices per thread are in flight.

namespace mailroom::pipeline {

// One record of the job, as far as it could be read.
struct JobRecord {
  std::string label;                   // The invoice number, or "file:line" when it has none.
  std::optional<job::Invoice> invoice; // Set only for a valid invoice whose number is new.
  std::vector<Error> problems;         // Why there is no invoice.
};

// TBB's worker threads live for the whole command: each keeps one renderer with its fonts and
// letterheads loaded once.
inline render::Renderer& stream_renderer() {
  thread_local render::Renderer renderer;
  return renderer;
}

// The threads a command uses: `requested`, or one per core for 0. The command line refuses more
// than 256; the bound here keeps the tokens (and their memory) in check for other callers too.
inline unsigned worker_threads(unsigned requested) {
  constexpr unsigned k_maximum_threads = 256;
  if (requested > 0) {
    return std::min(requested, k_maximum_threads);
  }
  return std::max(1u, std::thread::hardware_concurrency());
}

// Calls `process` (from several threads at once) for every valid invoice, then `finish` (one
// call at a time, in job order) for every record, with the result of `process` or, for a record
// that is not a valid invoice, null.
template<typename Outcome>
void stream_job_records(const RunContext& context, unsigned threads,
                        const std::function<Outcome(const job::Invoice&)>& process,
                        const std::function<void(const JobRecord&, Outcome*)>& finish) {
  struct Item {
    job::RawRecord raw;
    JobRecord record;
    std::optional<Outcome> outcome;
  };
  const unsigned workers = worker_threads(threads);
  tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism, workers);
  job::InvoiceReader reader(context.job.invoice_files);
  std::unordered_set<std::string> numbers_seen;

  const auto read = [&](tbb::flow_control& control) -> Item* {
    auto next = reader.next();
    if (!next) {
      control.stop();
      return nullptr;
    }
    auto item = std::make_unique<Item>();
    if (*next) {
      item->raw = std::move(**next);
      item->record.label = item->raw.source.file + ":" + std::to_string(item->raw.source.line);
    } else {
      item->record.label =
        next->error().location.file + ":" + std::to_string(next->error().location.line);
      item->record.problems.push_back(next->error());
    }
    return item.release();
  };
  const auto parse = [&](Item* item) -> Item* {
    if (item->record.problems.empty()) {
      auto parsed = job::parse_invoice(item->raw, context.creditors);
      if (!parsed.invoice.number.empty()) {
        item->record.label = parsed.invoice.number;
      }
      if (parsed.ok()) {
        item->record.invoice = std::move(parsed.invoice);
      } else {
        item->record.problems = std::move(parsed.problems);
      }
    }
    return item;
  };
  // In job order, so that the first of two invoices with the same number is the one used.
  const auto find_duplicates = [&](Item* item) -> Item* {
    if (item->record.invoice && !numbers_seen.insert(item->record.invoice->number).second) {
      const auto& source = item->record.invoice->source;
      item->record.problems.push_back(
        make_error(item->record.invoice->number + " appears more than once in this job",
                   Location{source.file, source.line, "number"}));
      item->record.invoice.reset();
    }
    return item;
  };
  const auto work = [&](Item* item) -> Item* {
    if (item->record.invoice) {
      item->outcome.emplace(process(*item->record.invoice));
    }
    return item;
  };
  const auto hand_back = [&](Item* item) {
    std::unique_ptr<Item> owned(item);
    finish(owned->record, owned->outcome ? &*owned->outcome : nullptr);
  };

  tbb::parallel_pipeline(
    workers * 4,
    tbb::make_filter<void, Item*>(tbb::filter_mode::serial_in_order, read) &
      tbb::make_filter<Item*, Item*>(tbb::filter_mode::parallel, parse) &
      tbb::make_filter<Item*, Item*>(tbb::filter_mode::serial_in_order, find_duplicates) &
      tbb::make_filter<Item*, Item*>(tbb::filter_mode::parallel, work) &
      tbb::make_filter<Item*, void>(tbb::filter_mode::serial_in_order, hand_back));
}

} // namespace mailroom::pipeline
