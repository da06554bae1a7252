#include "samples.hpp"

#include <engine/util/files.hpp>

#include <algorithm>
#include <system_error>

namespace mailroom::check {

namespace {

Status create_folder(const std::filesystem::path& folder) {
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) {
    return make_error("cannot create the folder: " + error.message(), Location{folder.string()});
  }
  return Ok{};
}

} // namespace

std::string SampleOutcome::to_string() const {
  switch (verdict) {
    case SampleVerdict::Match:
      return "match";
    case SampleVerdict::Differs:
      return "differs: " + description;
    case SampleVerdict::MissingSample:
      return "missing sample";
    case SampleVerdict::Updated:
      return "updated";
    case SampleVerdict::Unchanged:
      return "unchanged";
  }
  return "";
}

Result<std::filesystem::path> SampleFolder::sample_path(const std::string& number) const {
  // Invoice numbers are validated to be file-name safe; "." and ".." would still leave the folder.
  if (number.empty() || number == "." || number == ".." || number.find('/') != std::string::npos) {
    return make_error("\"" + number + "\" cannot name a sample file", Location{m_folder.string()});
  }
  return m_folder / (number + ".pdf");
}

Result<SampleOutcome> SampleFolder::check(
  const std::string& number, const std::string& rendered, const CompareOptions& options,
  const std::optional<std::filesystem::path>& diff_folder) const {
  const auto path = TRY(sample_path(number));
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    return SampleOutcome{SampleVerdict::MissingSample, {}};
  }
  const auto sample = TRY(files::read_file(path));
  const auto comparison =
    TRY(compare_pdfs(sample, path.string(), rendered, number + " (rendered)", options,
                     diff_folder ? DiffImages::Make : DiffImages::Skip));
  if (comparison.verdict == Verdict::Match) {
    return SampleOutcome{SampleVerdict::Match, {}};
  }
  if (diff_folder && !comparison.diff_images.empty()) {
    TRY(create_folder(*diff_folder));
    for (const auto& image : comparison.diff_images) {
      const auto file = *diff_folder / (number + "-page" + std::to_string(image.page) + ".png");
      TRY(files::write_file_atomically(file, image.png));
    }
  }
  return SampleOutcome{SampleVerdict::Differs, comparison.description};
}

std::vector<std::string> SampleFolder::sample_numbers() const {
  std::vector<std::string> numbers;
  std::error_code error;
  for (std::filesystem::directory_iterator entry(m_folder, error), end; !error && entry != end;
       entry.increment(error)) {
    const auto& path = entry->path();
    if (path.extension() == ".pdf" && entry->is_regular_file(error)) {
      numbers.push_back(path.stem().string());
    }
  }
  std::sort(numbers.begin(), numbers.end());
  return numbers;
}

Result<SampleOutcome> SampleFolder::update(const std::string& number,
                                           const std::string& rendered) const {
  const auto path = TRY(sample_path(number));
  std::error_code error;
  if (std::filesystem::exists(path, error)) {
    const auto sample = TRY(files::read_file(path));
    if (sample == rendered) {
      return SampleOutcome{SampleVerdict::Unchanged, {}};
    }
  }
  TRY(create_folder(m_folder));
  TRY(files::write_file_atomically(path, rendered));
  return SampleOutcome{SampleVerdict::Updated, {}};
}

} // namespace mailroom::check
