#pragma once

#include <chrono>

// A run asked to stop (SIGINT, SIGTERM): the reader takes no new invoice, retries are abandoned,
// the invoices under way finish. The flag is a lock-free atomic, so a signal handler may set it.

namespace mailroom::pipeline {

// Async-signal-safe.
void request_stop();
bool stop_requested();
// For tests and for the next run in the same process.
void clear_stop_request();

// Sleeps for `duration`, waking early when a stop is requested; true if it slept the whole time.
bool sleep_unless_stopped(std::chrono::milliseconds duration);

} // namespace mailroom::pipeline
