#pragma once

#include "result.hpp"

#include <filesystem>
#include <string>
#include <string_view>

namespace mailroom::files {

Result<std::string> read_file(const std::filesystem::path& path);

enum class Overwrite { Allowed, Refused };

// Writes through a temporary file in the same folder, then renames it into place, so a reader
// never sees half a file. The final component is never followed if it is a symbolic link.
Status write_file_atomically(const std::filesystem::path& path, std::string_view bytes,
                             Overwrite overwrite = Overwrite::Allowed);

// `relative` resolved against the folder holding `file` (paths in our files are relative to the
// file they are written in), as an absolute path; absolute paths are kept.
std::filesystem::path resolve_relative_to(const std::filesystem::path& file,
                                          const std::filesystem::path& relative);

} // namespace mailroom::files
