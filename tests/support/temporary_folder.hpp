#pragma once

#include <filesystem>
#include <string>

namespace mailroom::testing {

// A fresh folder under the system's temporary folder, removed with everything in it at the end
// of the test.
class TemporaryFolder {
public:
  TemporaryFolder();
  ~TemporaryFolder();
  TemporaryFolder(const TemporaryFolder&) = delete;
  TemporaryFolder& operator=(const TemporaryFolder&) = delete;

  const std::filesystem::path& path() const { return m_path; }
  std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

private:
  std::filesystem::path m_path;
};

// Writes `contents` to `path`, creating parent folders.
void write_text(const std::filesystem::path& path, const std::string& contents);
std::string read_text(const std::filesystem::path& path);

// The source tree (for templates, letterheads, sample data) and the built binary.
std::filesystem::path source_dir();
std::filesystem::path mailroom_binary();

} // namespace mailroom::testing
