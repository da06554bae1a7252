#include "journey.hpp"

#include <deque>

namespace mailroom::steps {

using pipeline::source_text;

Journey::Journey(pipeline::RunContext& run_context, pipeline::WorkItem& work_item)
  : context(run_context)
  , item(work_item)
  , invoice(work_item.parsed.invoice)
  , creditor(*run_context.creditors.find(work_item.parsed.invoice.creditor))
  , reminder(work_item.reminder ? &*work_item.reminder : nullptr)
  , document(reminder != nullptr
               ? ledger::reminder_document(invoice.number, reminder->level, invoice.creditor)
               : invoice.number)
  , entry(work_item.entry)
  , book(run_context.ledger.get(), run_context.job.name, run_context.read_only_ledger) {
  entry.number = document;
  entry.creditor = invoice.creditor;
  entry.source = source_text(invoice.source);
}

Next Journey::fail(std::string error) {
  entry.status = pipeline::InvoiceStatus::Failed;
  entry.error = std::move(error);
  return Next::Done;
}

Next Journey::fail_and_record(std::string error) {
  fail(std::move(error));
  book.record_failure(entry);
  return Next::Done;
}

void travel(pipeline::RunContext& context, pipeline::WorkItem& item, std::span<const Step> steps) {
  Journey journey(context, item);
  for (const Step step : steps) {
    if (step(journey) == Next::Done) {
      return;
    }
  }
  journey.entry.status = pipeline::InvoiceStatus::Prepared;
}

std::vector<job::SelectionKey> stream_journeys(
  pipeline::RunContext& context, const pipeline::StreamOptions& options,
  std::span<const Step> steps, const std::function<void(const pipeline::WorkItem&)>& finish,
  const DocumentSource& source) {
  const auto work = [&](pipeline::WorkItem& item) {
    if (item.usable()) {
      travel(context, item, steps);
    } else {
      settle_unusable(context, item);
    }
  };
  // The documents take_turn held back for their mailbox's pace, in order, for the second pass.
  std::deque<std::unique_ptr<pipeline::WorkItem>> held_back;
  const auto finished = [&](std::unique_ptr<pipeline::WorkItem> item) {
    if (item->pace == pipeline::Pace::HeldBack) {
      held_back.push_back(std::move(item));
      return;
    }
    finish(*item);
  };
  std::vector<job::SelectionKey> unmatched;
  if (!source) {
    unmatched = pipeline::stream_records<pipeline::WorkItem>(context, options, work, finished);
  } else {
    pipeline::StreamStages<pipeline::WorkItem> stages;
    stages.next = source;
    stages.work = work;
    stages.finish = finished;
    pipeline::stream_items(options, stages);
  }
  if (!held_back.empty()) {
    // The second pass: only the paced mailboxes' documents are left, each waiting for its turn.
    // A stop request ends the taking; those not taken were not started (nothing was marked).
    // FIXME: a thread waiting for a turn of one paced mailbox is not free for another's; with a
    // few threads per paced mailbox each keeps its pace (ARCHITECTURE.md, "Mailbox pacing").
    pipeline::StreamStages<pipeline::WorkItem> stages;
    stages.next = [&]() -> std::unique_ptr<pipeline::WorkItem> {
      if (held_back.empty()) {
        return nullptr;
      }
      auto item = std::move(held_back.front());
      held_back.pop_front();
      item->pace = pipeline::Pace::SecondPass;
      item->entry = {};
      item->warnings.clear();
      return item;
    };
    stages.work = work;
    stages.finish = finished;
    auto second = options;
    second.limit.reset();
    pipeline::stream_items(second, stages);
  }
  return unmatched;
}

void settle_unusable(pipeline::RunContext& context, pipeline::WorkItem& item) {
  auto& entry = item.entry;
  entry.source = source_text(item.record.source);
  entry.number = item.parsed.invoice.number;
  entry.creditor = item.parsed.invoice.creditor;
  entry.status = pipeline::InvoiceStatus::Failed;
  if (item.read_error) {
    entry.source = source_text(item.read_error->location);
    entry.error = item.read_error->to_string();
  } else if (item.duplicate) {
    entry.error = pipeline::duplicate_number_problem(item.parsed.invoice).to_string();
    // The duplicate is recorded under its own key so that the first one's row stays intact.
    entry.number += "@" + entry.source;
  } else {
    std::string errors;
    for (const auto& problem : item.parsed.problems) {
      errors += (errors.empty() ? "" : "; ") + problem.to_string();
    }
    entry.error = errors;
  }
  LedgerBook(context.ledger.get(), context.job.name).record_failure(entry);
}

} // namespace mailroom::steps
