#pragma once

#include <engine/pipeline/invoice_stream.hpp>
#include <engine/pipeline/report.hpp>

#include <optional>

namespace mailroom::pipeline {

// One invoice travelling through the pipeline. Created by the reader, dropped after recording.
struct WorkItem : StreamedRecord {
  ReportEntry entry; // What became of it: sent, failed, skipped...
};

} // namespace mailroom::pipeline
