#pragma once

#include "compare.hpp"

#include <engine/util/result.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

// A folder of approved samples, one `<number>.pdf` per invoice: checking a rendered invoice
// against its sample, and (re)writing samples when testers approve a new layout.

namespace mailroom::check {

enum class SampleVerdict { Match, Differs, MissingSample, Updated, Unchanged };

struct SampleOutcome {
  SampleVerdict verdict = SampleVerdict::Match;
  std::string description; // What differs, for Differs; empty otherwise.

  // The word a report line shows: "match", "differs: page 2, 1.3% pixels", "missing sample",
  // "updated", "unchanged".
  std::string to_string() const;
};

class SampleFolder {
public:
  explicit SampleFolder(std::filesystem::path folder)
    : m_folder(std::move(folder)) {}

  // `<folder>/<number>.pdf`; an error for a number that cannot be a file name.
  Result<std::filesystem::path> sample_path(const std::string& number) const;

  // Compares `rendered` with the sample of `number`. When `diff_folder` is given, each differing
  // page gets `<diff_folder>/<number>-page<N>.png`.
  Result<SampleOutcome> check(const std::string& number, const std::string& rendered,
                              const CompareOptions& options,
                              const std::optional<std::filesystem::path>& diff_folder) const;

  // The numbers of every sample in the folder (`<number>.pdf`), sorted; none when the folder
  // does not exist.
  std::vector<std::string> sample_numbers() const;

  // Makes `rendered` the sample of `number` (Updated), unless it already is (Unchanged).
  Result<SampleOutcome> update(const std::string& number, const std::string& rendered) const;

private:
  std::filesystem::path m_folder;
};

} // namespace mailroom::check
