#pragma once

#include <engine/job/invoice_reader.hpp>
#include <engine/pipeline/context.hpp>
#include <engine/pipeline/stop.hpp>
#include <engine/util/hand_over.hpp>
#include <engine/util/text_set.hpp>

#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_pipeline.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <functional>
#include <iterator>
#include <memory>
#include <new>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

// The job's invoices streamed through the stages of a command (`run`, `render`, `check`,
// `print`): one oneTBB pipeline, with a bounded number of invoices in flight.

namespace mailroom::pipeline {

// One record of the job, as far as it could be read.
struct JobRecord {
  std::string label;                   // The invoice number, or "file:line" when it has none.
  std::optional<job::Invoice> invoice; // Set only for a valid invoice whose number is new.
  std::vector<Error> problems;         // Why there is no invoice.
};

// "file:line" of a record, for the messages and reports that name where an invoice stands.
inline std::string source_text(const Location& source) {
  return source.file + ":" + std::to_string(source.line);
}

// The one wording of a number that came earlier in the job, for every command: the first record
// with a number is the one used.
inline Error duplicate_number_problem(const job::Invoice& invoice) {
  return make_error("invoice number " + invoice.number +
                      " appears more than once in this job; only its first record is used",
                    Location{invoice.source.file, invoice.source.line, "number"});
}

// TBB's worker threads live for the whole command: each keeps one renderer with its fonts and
// letterheads loaded once.
inline render::Renderer& stream_renderer() {
  thread_local render::Renderer renderer;
  return renderer;
}

// The threads a command uses: `requested`, or `per_core` per core for 0. The command line refuses
// more than 256; the bound here keeps the tokens (and their memory) in check for other callers
// too.
inline unsigned worker_threads(unsigned requested, unsigned per_core = 1) {
  constexpr unsigned k_maximum_threads = 256;
  if (requested > 0) {
    return std::min(requested, k_maximum_threads);
  }
  return std::min(std::max(1u, std::thread::hardware_concurrency()) * std::max(1u, per_core),
                  k_maximum_threads);
}

// What the stream knows of each record before the command's own work: the line as read, or why
// it could not be read; the invoice as parsed, with its problems; whether its number came earlier
// in the job. A command's item type derives from it and adds its own results.
struct StreamedRecord {
  job::RawRecord record;
  std::optional<Error> read_error; // The record could not be read at all.
  job::ParsedInvoice parsed;
  bool duplicate = false; // A valid invoice whose number an earlier record has.
  // Outside the run's selection: parsed and looked at for duplicates only, as in a run of the
  // whole job, then neither worked on nor finished.
  bool passed_over = false;

  // A valid invoice seen for the first time in the job: the one to work on.
  bool usable() const { return !read_error && parsed.ok() && !duplicate; }
};

// When the reader stops taking records.
enum class OnStopRequest {
  GoOn,        // Read the whole job (commands that send nothing).
  StopReading, // SIGINT or SIGTERM ends the reading; the records already read go to the end.
};

struct StreamOptions {
  unsigned threads = 0;          // 0: `threads_per_core` per core.
  unsigned threads_per_core = 1; // For work that waits for the disk or the network, more than one.
  std::optional<size_t> limit;   // Read at most this many records.
  OnStopRequest on_stop = OnStopRequest::GoOn;
};

// The stages of one stream, each called for one item at a time.
template<typename Item>
struct StreamStages {
  std::function<std::unique_ptr<Item>()> next;       // In order: the next item; null at the end.
  std::function<void(Item&)> prepare;                // In parallel; may be left empty.
  std::function<void(Item&)> order;                  // In order; may be left empty.
  std::function<void(Item&)> work;                   // In parallel.
  std::function<void(std::unique_ptr<Item>)> finish; // In order, one call at a time.
};

// The one pipeline every command streams its work through: items taken in order from `next`,
// prepared in parallel, put in order (the duplicate numbers of a job), worked on in parallel,
// finished in order. At most a few items per thread are in flight, so memory does not grow with
// the work. A stop request ends the taking when the options say so; the limit bounds it.
//
// Each item moves from thread to thread through oneTBB, whose synchronisation ThreadSanitizer
// cannot see: every stage says where it takes an item over and hands it on (util/hand_over.hpp),
// so that TSan checks all the rest.
template<typename Item>
void stream_items(const StreamOptions& options, const StreamStages<Item>& stages) {
  const unsigned threads = worker_threads(options.threads, options.threads_per_core);
  // The arena sets how many threads work on the pipeline (this one and threads - 1 of oneTBB's
  // workers); the global limit lets oneTBB start that many. Without an arena of its own the
  // pipeline would run in the default one, sized to the cores: asking for more threads than
  // cores, to keep the cores busy while some threads wait for the disk or the mail server, would
  // silently give no more than one per core.
  tbb::task_scheduler_handle workers{tbb::attach{}};
  std::optional<tbb::global_control> parallelism(
    std::in_place, tbb::global_control::max_allowed_parallelism, threads);
  std::optional<tbb::task_arena> arena(std::in_place, static_cast<int>(threads));
  size_t taken = 0;

  // What this thread set up before the pipeline, and what each serial stage did with the items
  // before, happen before what the stages do next.
  const char started = 0;
  const char taking = 0;
  const char ordering = 0;
  const char finishing = 0;
  // This thread's renderer is made first, so that the one-time set-up of the libraries (GLib's
  // type classes, fontconfig) happens here, once, before any worker starts: it is guarded by
  // GLib's own locks, which TSan cannot see.
  stream_renderer();
  threads::hand_over(&started);
  const auto stage = [&started](const void* serial_stage, Item* item, const auto& body) {
    threads::take_over(&started);
    if (serial_stage != nullptr) {
      threads::take_over(serial_stage);
    }
    if (item != nullptr) {
      threads::take_over(item);
    }
    body();
    if (item != nullptr) {
      threads::hand_over(item);
    }
    if (serial_stage != nullptr) {
      threads::hand_over(serial_stage);
    }
  };

  const auto take = [&](tbb::flow_control& control) -> Item* {
    std::unique_ptr<Item> item;
    stage(&taking, nullptr, [&] {
      if ((options.on_stop == OnStopRequest::StopReading && stop_requested()) ||
          (options.limit && taken >= *options.limit)) {
        return;
      }
      item = stages.next();
      if (item) {
        ++taken;
        threads::hand_over(item.get());
      }
    });
    if (!item) {
      control.stop();
    }
    return item.release();
  };
  const auto prepare = [&](Item* item) -> Item* {
    stage(nullptr, item, [&] {
      if (stages.prepare) {
        stages.prepare(*item);
      }
    });
    return item;
  };
  const auto order = [&](Item* item) -> Item* {
    stage(&ordering, item, [&] {
      if (stages.order) {
        stages.order(*item);
      }
    });
    return item;
  };
  const auto work = [&](Item* item) -> Item* {
    stage(nullptr, item, [&] { stages.work(*item); });
    return item;
  };
  const auto hand_back = [&](Item* item) {
    stage(&finishing, item, [&] { stages.finish(std::unique_ptr<Item>(item)); });
  };

  arena->execute([&] {
    tbb::parallel_pipeline(
      threads * 4, tbb::make_filter<void, Item*>(tbb::filter_mode::serial_in_order, take) &
                     tbb::make_filter<Item*, Item*>(tbb::filter_mode::parallel, prepare) &
                     tbb::make_filter<Item*, Item*>(tbb::filter_mode::serial_in_order, order) &
                     tbb::make_filter<Item*, Item*>(tbb::filter_mode::parallel, work) &
                     tbb::make_filter<Item*, void>(tbb::filter_mode::serial_in_order, hand_back));
  });
  // oneTBB's workers end here, joined (their renderers with them), before the limit that let
  // oneTBB start them goes: a command streams its work once, and a next stream (in the tests)
  // starts workers of its own. Workers left over would exit at some later moment, and run the
  // next stream's stages without ThreadSanitizer seeing what they share with this thread through
  // oneTBB (which is not built for it).
  arena.reset();
  static_cast<void>(tbb::finalize(workers, std::nothrow));
  parallelism.reset();
  // What the serial stages did (the source's state, the caller's tallies) happens before the
  // caller goes on.
  threads::take_over(&taking);
  threads::take_over(&ordering);
  threads::take_over(&finishing);
}

// The job's records through stream_items: read in job order, parsed in parallel, duplicates found
// in job order (the first of two invoices with the same number is the one used), `work` done in
// parallel, `finish` called in job order, one call at a time.
//
// With a shard in the context's options, the other shards' records are passed over (after the
// duplicate check, which sees every record). With a selection in the context's options, the
// records outside it are passed over: neither
// `work` nor `finish` sees them. They are still parsed and looked at for duplicates, so that an
// invoice of the selection is a duplicate exactly when it would be in a run of the whole job (the
// ledger knows invoices by number). A record is in the selection only when its creditor and
// number could be read (`parse_invoice` reads them even from an invalid invoice, which is then
// failed as in any run); one that cannot be read or parsed that far cannot be known to be
// selected, and is passed over with the rest. Returns the keys of the selection that no record
// named, once every record (or the first `limit`) was read; none without a selection, or when a
// stop request ended the reading before (those are not started, not missing).
template<typename Item>
std::vector<job::SelectionKey> stream_records(
  const RunContext& context, const StreamOptions& options, const std::function<void(Item&)>& work,
  const std::function<void(std::unique_ptr<Item>)>& finish) {
  static_assert(std::is_base_of_v<StreamedRecord, Item>);
  job::InvoiceReader reader(context.job.invoice_files);
  util::TextSet numbers_seen;
  // Read by the serial `order` stage alone, and never changed during the stream; the tallies
  // below are kept by the serial stages alone (`next` and `order`).
  const std::optional<job::Selection>& selection = context.options.selection;
  const std::optional<job::Shard>& shard = context.options.shard;
  std::set<job::SelectionKey> matched;
  size_t read = 0;
  bool read_to_end = false;
  StreamStages<Item> stages;
  stages.next = [&]() -> std::unique_ptr<Item> {
    auto next = reader.next();
    if (!next) {
      read_to_end = true;
      return nullptr;
    }
    ++read;
    auto item = std::make_unique<Item>();
    if (*next) {
      item->record = std::move(**next);
    } else {
      item->read_error = next->error();
    }
    return item;
  };
  stages.prepare = [&](Item& item) {
    if (!item.read_error) {
      item.parsed = job::parse_invoice(item.record, context.creditors);
    }
  };
  stages.order = [&](Item& item) {
    if (!item.read_error && item.parsed.ok()) {
      item.duplicate = !numbers_seen.insert(item.parsed.invoice.number);
    }
    if (shard && !(item.read_error
                     ? shard->takes_unreadable()
                     : shard->takes(item.parsed.invoice.creditor, item.parsed.invoice.number))) {
      item.passed_over = true;
      return;
    }
    if (selection) {
      const auto keys = item.read_error ? std::set<job::SelectionKey>()
                                        : selection->keys_of(item.parsed.invoice.creditor,
                                                             item.parsed.invoice.number);
      item.passed_over = keys.empty();
      matched.insert(keys.begin(), keys.end());
    }
  };
  stages.work = [&](Item& item) {
    if (!item.passed_over) {
      work(item);
    }
  };
  stages.finish = [&](std::unique_ptr<Item> item) {
    if (!item->passed_over) {
      finish(std::move(item));
    }
  };
  stream_items(options, stages);

  std::vector<job::SelectionKey> unmatched;
  const bool read_all = read_to_end || (options.limit && read >= *options.limit);
  if (selection && read_all) {
    std::set_difference(selection->keys().begin(), selection->keys().end(), matched.begin(),
                        matched.end(), std::back_inserter(unmatched));
  }
  return unmatched;
}

// For the commands that only look at the invoices (`check`, `print`): calls `process` (from
// several threads at once) for every valid invoice, then `finish` (one call at a time, in job
// order) for every record, with the result of `process` or, for a record that is not a valid
// invoice, null. With a selection in the context's options, only its records; returns the keys
// of the selection that no record named (stream_records).
template<typename Outcome>
std::vector<job::SelectionKey> stream_job_records(
  const RunContext& context, unsigned threads,
  const std::function<Outcome(const job::Invoice&)>& process,
  const std::function<void(const JobRecord&, Outcome*)>& finish) {
  struct Item : StreamedRecord {
    std::optional<Outcome> outcome;
  };
  StreamOptions options;
  options.threads = threads;
  return stream_records<Item>(
    context, options,
    [&](Item& item) {
      if (item.usable()) {
        item.outcome.emplace(process(item.parsed.invoice));
      }
    },
    [&](std::unique_ptr<Item> item) {
      JobRecord record;
      const Location& source = item->read_error ? item->read_error->location : item->record.source;
      record.label =
        item->parsed.invoice.number.empty() ? source_text(source) : item->parsed.invoice.number;
      if (item->read_error) {
        record.problems.push_back(*item->read_error);
      } else if (!item->parsed.ok()) {
        record.problems = std::move(item->parsed.problems);
      } else if (item->duplicate) {
        record.problems.push_back(duplicate_number_problem(item->parsed.invoice));
      } else {
        record.invoice = std::move(item->parsed.invoice);
      }
      finish(record, item->outcome ? &*item->outcome : nullptr);
    });
}

} // namespace mailroom::pipeline
