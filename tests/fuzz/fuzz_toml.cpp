// libFuzzer harness: TOML text through job::load_creditors and job::load_job, which read from
// files, so the input is written to a file of a scratch folder first. The first byte chooses the
// reader. Any crash, hang, sanitizer report or exception escaping is a finding.

#include <engine/job/job_file.hpp>

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

// One scratch folder per fuzzing process, removed at exit.
const std::filesystem::path& scratch_folder() {
  static const std::filesystem::path folder = [] {
    auto path =
      std::filesystem::temp_directory_path() / ("mailroom-fuzz-toml-" + std::to_string(::getpid()));
    std::filesystem::create_directories(path);
    std::atexit([] {
      std::error_code error;
      std::filesystem::remove_all(scratch_folder(), error);
    });
    return path;
  }();
  return folder;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) {
    return 0;
  }
  const bool job = (data[0] & 1) != 0;
  const auto path = scratch_folder() / (job ? "job.toml" : "creditors.toml");
  {
    std::ofstream stream(path, std::ios::binary | std::ios::trunc);
    stream.write(reinterpret_cast<const char*>(data + 1), static_cast<std::streamsize>(size - 1));
  }
  // A refused file always says why, and a file read has nothing wrong with it.
  const auto refused_without_reason = [](const auto& loaded) {
    return loaded.has_value() == !loaded.problems().empty() ||
           (!loaded.has_value() && loaded.error().message.empty());
  };
  if (job) {
    if (refused_without_reason(mailroom::job::load_job(path))) {
      __builtin_trap();
    }
  } else if (refused_without_reason(mailroom::job::load_creditors(path))) {
    __builtin_trap();
  }
  return 0;
}
