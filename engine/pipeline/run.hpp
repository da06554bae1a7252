#pragma once

#include <engine/pipeline/options.hpp>
#include <engine/util/result.hpp>

#include <cstdio>
#include <filesystem>

// The three things mailroom does with a job. Each returns the process exit code:
// 0 all done, 1 some invoices not sent (or not valid), 2 the job itself is refused.

namespace mailroom::pipeline {

namespace exit_code {
constexpr int k_success = 0;
constexpr int k_some_not_sent = 1;
constexpr int k_refused = 2;
} // namespace exit_code

// Sends the job: read → validate → render → build mail → send → record.
int run_job(const std::filesystem::path& job_file, const RunOptions& options);

// Renders the job's invoices to <out>/<number>.pdf; sends and records nothing.
int render_job(const std::filesystem::path& job_file, const std::filesystem::path& out,
               const RunOptions& options);

// Reads everything and reports every problem; sends nothing, writes nothing.
int validate_job(const std::filesystem::path& job_file);

} // namespace mailroom::pipeline
