#pragma once

#include <engine/job/model.hpp>
#include <engine/util/result.hpp>

#include <filesystem>
#include <optional>
#include <string>

// Finding the template files of one language in a creditor's template folder.

namespace mailroom::mail {

struct TemplateFile {
  std::filesystem::path path;
  std::string source;
};

// `name` from the language's subfolder (nl/, en/) if it is there, else from the folder itself;
// std::nullopt when neither has it. A file that is a link to outside the folder, is not a
// regular file, cannot be read or is not UTF-8 is an error naming that file.
Result<std::optional<TemplateFile>> find_template_file(const std::filesystem::path& folder,
                                                       job::Language language,
                                                       std::string_view name);

} // namespace mailroom::mail
