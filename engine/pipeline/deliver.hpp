#pragma once

#include <engine/pipeline/context.hpp>
#include <engine/pipeline/work_item.hpp>

namespace mailroom::pipeline {

// Send: the whole way. BuildOnly: everything but sending and recording (dry runs).
// RenderOnly: the PDF only, written to RunContext::render_folder.
enum class Delivery { Send, BuildOnly, RenderOnly };

// Takes one parsed invoice through render → build mail → send → record, filling item.entry.
// Every failure is recorded (ledger and entry), never thrown. Thread-safe: each calling thread
// uses its own renderer.
void deliver(RunContext& context, WorkItem& item, Delivery delivery);

// Records an invoice that could not be read or parsed (or was a duplicate) as failed.
void record_unusable(RunContext& context, WorkItem& item, Delivery delivery);

} // namespace mailroom::pipeline
