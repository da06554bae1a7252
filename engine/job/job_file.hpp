#pragma once

#include <engine/job/model.hpp>
#include <engine/util/result.hpp>

#include <filesystem>
#include <vector>

namespace mailroom::job {

// Reads a job file (TOML). Paths in it are resolved against the job file's folder. Every problem
// found is put in `all_problems` when given; the error returned is the first.
Result<Job> load_job(const std::filesystem::path& path, std::vector<Error>* all_problems = nullptr);

// Reads a creditors file (TOML): every problem found, not only the first.
// On success the result holds at least one creditor, and every creditor's mailbox exists.
Result<Creditors> load_creditors(const std::filesystem::path& path,
                                 std::vector<Error>* all_problems = nullptr);

// Parses a mailbox URL ("smtp://host:port", "smtps://host:port", "maildir:PATH") into `mailbox`;
// relative maildir paths are resolved against `relative_to`.
Status parse_mailbox_url(std::string_view url, const std::filesystem::path& relative_to,
                         Mailbox& mailbox);

} // namespace mailroom::job
