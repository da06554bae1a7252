#pragma once

#include <engine/job/invoice_reader.hpp>
#include <engine/pipeline/report.hpp>

#include <optional>

namespace mailroom::pipeline {

// One invoice travelling through the pipeline. Created by the reader, dropped after recording.
struct WorkItem {
  job::RawRecord record;
  std::optional<Error> read_error; // The record could not be read at all.
  job::ParsedInvoice parsed;
  bool duplicate = false;
  ReportEntry entry;
};

} // namespace mailroom::pipeline
