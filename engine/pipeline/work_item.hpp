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
struct WorkItem : StreamedRecord {
  ReportEntry entry;                     // What became of it: sent, failed, skipped...
  std::vector<Error> warnings;           // What it went on despite, such as rejected addresses.
  std::optional<job::Reminder> reminder; // Set for a payment reminder.
};

} // namespace mailroom::pipeline
