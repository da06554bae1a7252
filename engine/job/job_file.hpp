#pragma once

#include <engine/job/model.hpp>
#include <engine/util/result.hpp>

#include <filesystem>
#include <vector>

namespace mailroom::job {

// Reads a job file (TOML): the job, or every problem found in it. Paths in it are resolved
// against the job file's folder.
Checked<Job> load_job(const std::filesystem::path& path);

// Reads a creditors file (TOML): the creditors, or every problem found in it. The creditors are
// at least one, and every creditor's mailbox exists.
Checked<Creditors> load_creditors(const std::filesystem::path& path);

// Parses a mailbox URL ("smtp://host:port", "smtps://host:port", "maildir:PATH") into `mailbox`;
// relative maildir paths are resolved against `relative_to`.
Status parse_mailbox_url(std::string_view url, const std::filesystem::path& relative_to,
                         Mailbox& mailbox);

} // namespace mailroom::job
