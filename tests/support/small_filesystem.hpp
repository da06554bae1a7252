#pragma once

#include <tests/support/temporary_folder.hpp>

#include <cstddef>
#include <filesystem>
#include <string>

// A file system of a few kilobytes (a tmpfs mounted on a temporary folder), for the tests of what
// mailroom does when the disk is full: a real ENOSPC from the kernel, not a simulated one.
// Mounting needs root, as the test suite runs in CI; elsewhere `mounted()` is false and
// `why_not()` says why, for the test to skip with.

namespace mailroom::testing {

class SmallFilesystem {
public:
  explicit SmallFilesystem(size_t bytes);
  ~SmallFilesystem();
  SmallFilesystem(const SmallFilesystem&) = delete;
  SmallFilesystem& operator=(const SmallFilesystem&) = delete;

  bool mounted() const { return m_mounted; }
  const std::string& why_not() const { return m_why_not; }
  const std::filesystem::path& path() const { return m_folder.path(); }

private:
  TemporaryFolder m_folder;
  bool m_mounted = false;
  std::string m_why_not;
};

} // namespace mailroom::testing
