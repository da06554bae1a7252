#pragma once

#include <engine/job/reminder.hpp>
#include <engine/pipeline/invoice_stream.hpp>
#include <engine/pipeline/report.hpp>

#include <optional>
#include <vector>

namespace mailroom::pipeline {

// One document travelling through the pipeline: an invoice of the job, or (`mailroom remind`) a
// payment reminder of an invoice of the register, which is then `parsed.invoice`, made from its
// facts. Created by the stream's source, dropped after recording.
// Where a document stands with its mailbox's pace (steps/take_turn.cpp).
enum class Pace {
  FirstPass,  // Goes out now if its mailbox has a turn free.
  HeldBack,   // Its mailbox had none: held back until the others are done.
  SecondPass, // Held back before: waits for its turn.
};

struct WorkItem : StreamedRecord {
  ReportEntry entry;                     // What became of it: sent, failed, skipped...
  std::vector<Error> warnings;           // What it went on despite, such as rejected addresses.
  std::optional<job::Reminder> reminder; // Set for a payment reminder.
  Pace pace = Pace::FirstPass;
};

} // namespace mailroom::pipeline
