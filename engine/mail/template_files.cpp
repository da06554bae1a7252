#include "template_files.hpp"

#include <engine/util/files.hpp>
#include <engine/util/text.hpp>

#include <system_error>

namespace mailroom::mail {

namespace {

Location location_of(const std::filesystem::path& path) {
  return Location{path.string(), 0, ""};
}

// The file's real location must be inside the folder's real location: a template folder is
// handed to us by configuration, and a link out of it could expose any file the process can read.
Status check_inside(const std::filesystem::path& folder, const std::filesystem::path& file) {
  std::error_code error;
  const auto real_folder = std::filesystem::canonical(folder, error);
  if (error) {
    return make_error("cannot resolve the template folder: " + error.message(),
                      location_of(folder));
  }
  const auto real_file = std::filesystem::canonical(file, error);
  if (error) {
    return make_error("cannot resolve the template file: " + error.message(), location_of(file));
  }
  const auto relative = real_file.lexically_relative(real_folder);
  if (relative.empty() || *relative.begin() == "..") {
    return make_error("the template file lies outside the template folder (through a link)",
                      location_of(file));
  }
  return Ok{};
}

Result<TemplateFile> read_template_file(const std::filesystem::path& folder,
                                        const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return make_error("not a regular file", location_of(path));
  }
  TRY(check_inside(folder, path));
  auto source = files::read_file(path);
  if (!source) {
    return std::move(source).error();
  }
  if (!text::is_valid_utf8(*source)) {
    return make_error("the template is not valid UTF-8", location_of(path));
  }
  return TemplateFile{path, std::move(*source)};
}

} // namespace

Result<std::optional<TemplateFile>> find_template_file(const std::filesystem::path& folder,
                                                       job::Language language,
                                                       std::string_view name) {
  // The names are ours (subject.mustache, ...) and the subfolders are language codes, so no
  // path built here can contain "..".
  const std::filesystem::path candidates[] = {
    folder / std::string(job::language_code(language)) / std::string(name),
    folder / std::string(name),
  };
  for (const auto& candidate : candidates) {
    std::error_code error;
    const auto status = std::filesystem::symlink_status(candidate, error);
    if (error || !std::filesystem::exists(status)) {
      continue;
    }
    return std::optional<TemplateFile>(TRY(read_template_file(folder, candidate)));
  }
  return std::optional<TemplateFile>();
}

} // namespace mailroom::mail
