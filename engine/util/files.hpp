#pragma once

#include "result.hpp"

#include <filesystem>
#include <string>
#include <string_view>

namespace mailroom::files {

Result<std::string> read_file(const std::filesystem::path& path);

enum class Overwrite { Allowed, Refused };

// Whether a file is synced to disk before it gets its name (Now), or left for the caller to sync
// later with others (Later: see pipeline/archive_sync.hpp), a crash in between possibly leaving
// it missing or torn.
enum class Syncing { Now, Later };

// Writes through a temporary file in the same folder, synced to disk, then renames it into place
// and syncs the folder, so a reader never sees half a file and a power cut never takes the name
// away. The final component is never followed if it is a symbolic link.
Status write_file_atomically(const std::filesystem::path& path, std::string_view bytes,
                             Overwrite overwrite = Overwrite::Allowed);

// Syncs the folder holding `file`, so that its entry for the file is on disk.
Status sync_folder_of(const std::filesystem::path& file);

// A file written in two steps, so that other work can overlap its way to disk: `write` puts the
// bytes in a temporary file in the target's folder and starts the disk writing them;
// `put_in_place` waits until they are on disk and gives the file its name. Destroyed before
// that, it removes the temporary file.
class StagedFile {
public:
  // `path` is where the file will go; the temporary file is made beside it.
  static Result<StagedFile> write(const std::filesystem::path& path, std::string_view bytes);
  // An empty staged file, to be written piece by piece with `append`.
  static Result<StagedFile> create(const std::filesystem::path& path);

  // Adds `bytes` to the end; an error (a full disk) names `path`, where the file was to go.
  Status append(std::string_view bytes, const std::filesystem::path& path);
  StagedFile(StagedFile&& other) noexcept;
  StagedFile& operator=(StagedFile&&) = delete;
  StagedFile(const StagedFile&) = delete;
  StagedFile& operator=(const StagedFile&) = delete;
  ~StagedFile();

  // Syncs the bytes, puts them at `path`, which must be in the same folder as the one given to
  // `write`, and syncs the folder. If they cannot be put there (with Overwrite::Refused, because
  // a file is there), the staged bytes stay, and may be put at another path. Syncing::Later
  // gives them their name without either sync.
  Status put_in_place(const std::filesystem::path& path, Overwrite overwrite,
                      Syncing syncing = Syncing::Now);

  // Whether nothing is staged any more: the bytes got their name (even if the folder's sync then
  // failed), or were dropped because they could not be synced.
  bool placed() const { return m_temporary.empty(); }

private:
  StagedFile(int descriptor, std::filesystem::path temporary)
    : m_descriptor(descriptor)
    , m_temporary(std::move(temporary)) {}
  void discard();

  int m_descriptor = -1;             // Open until synced.
  std::filesystem::path m_temporary; // Empty once put in place (or moved from).
};

// `relative` resolved against the folder holding `file` (paths in our files are relative to the
// file they are written in), as an absolute path; absolute paths are kept.
std::filesystem::path resolve_relative_to(const std::filesystem::path& file,
                                          const std::filesystem::path& relative);

} // namespace mailroom::files
