#pragma once

#include <engine/pipeline/invoice_stream.hpp>
#include <engine/pipeline/report.hpp>

#include <optional>
#include <vector>

namespace mailroom::pipeline {

// One invoice travelling through the pipeline. Created by the reader, dropped after recording.
struct WorkItem : StreamedRecord {
  ReportEntry entry;           // What became of it: sent, failed, skipped...
  std::vector<Error> warnings; // What it went on despite, such as rejected addresses.
};

} // namespace mailroom::pipeline
