#include <engine/metrics/metrics_file.hpp>

#include <gtest/gtest.h>
#include <tests/metrics/exposition_check.hpp>
#include <tests/support/temporary_folder.hpp>

#include <chrono>
#include <thread>

namespace mailroom::metrics {
namespace {

using namespace std::chrono_literals;
using testing::parse_exposition;
using testing::read_text;
using testing::TemporaryFolder;

// Every file in `folder` but `keep`: the temporary files a write left behind.
std::vector<std::string> others_in(const std::filesystem::path& folder, const std::string& keep) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.path().filename() != keep) {
      names.push_back(entry.path().filename().string());
    }
  }
  return names;
}

TEST(MetricsFile, AFolderThatIsNotThereIsRefusedBeforeTheRunNamingIt) {
  TemporaryFolder folder;
  const auto missing = folder / "textfile" / "mailroom.prom";
  const auto prepared = MetricsFile::prepare(missing, "nightly");
  ASSERT_FALSE(prepared);
  EXPECT_NE(prepared.error().to_string().find((folder / "textfile").string()), std::string::npos)
    << prepared.error().to_string();
  EXPECT_FALSE(MetricsFile::prepare(folder.path(), "nightly"));
  EXPECT_TRUE(MetricsFile::prepare(folder / "mailroom.prom", "nightly"));
}

TEST(MetricsFile, IsWrittenAtTheStartEveryIntervalAndAtTheEndLeavingNoTemporaryFile) {
  TemporaryFolder folder;
  const auto path = folder / "mailroom.prom";
  auto file = MetricsFile::prepare(path, "nightly", 50ms);
  ASSERT_TRUE(file) << file.error().to_string();
  auto& metrics = (*file)->start();
  // Written at once: the run has just started.
  auto parsed = parse_exposition(read_text(path));
  EXPECT_EQ(parsed.value("mailroom_run_finished", {{"mailroom_job", "nightly"}}), 0);
  EXPECT_EQ(parsed.value("mailroom_invoices_expected", {{"mailroom_job", "nightly"}}), 0);
  // Written again while the run goes on.
  metrics.expect(3);
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (parse_exposition(read_text(path))
           .value("mailroom_invoices_expected", {{"mailroom_job", "nightly"}}) != 3) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "not rewritten within 10 s";
    std::this_thread::sleep_for(10ms);
  }
  (*file)->finish(0);
  parsed = parse_exposition(read_text(path));
  EXPECT_EQ(parsed.value("mailroom_run_finished", {{"mailroom_job", "nightly"}}), 1);
  EXPECT_EQ(parsed.value("mailroom_run_exit_code", {{"mailroom_job", "nightly"}}), 0);
  EXPECT_TRUE(others_in(folder.path(), "mailroom.prom").empty());
}

TEST(MetricsFile, ARefusedRunKeepsTheLastSuccessTheRunBeforeItWrote) {
  TemporaryFolder folder;
  const auto path = folder / "mailroom.prom";
  {
    auto file = MetricsFile::prepare(path, "nightly");
    ASSERT_TRUE(file);
    (*file)->start().went_through();
    (*file)->finish(0);
  }
  const double success =
    parse_exposition(read_text(path))
      .value("mailroom_last_success_timestamp_seconds", {{"mailroom_job", "nightly"}});
  std::this_thread::sleep_for(20ms);
  {
    // Refused before it started (the job could not be read): under the name it is given.
    auto file = MetricsFile::prepare(path, "nightly");
    ASSERT_TRUE(file);
    (*file)->finish(2);
  }
  const auto parsed = parse_exposition(read_text(path));
  EXPECT_EQ(parsed.value("mailroom_run_exit_code", {{"mailroom_job", "nightly"}}), 2);
  EXPECT_EQ(parsed.value("mailroom_last_success_timestamp_seconds", {{"mailroom_job", "nightly"}}),
            success);
}

} // namespace
} // namespace mailroom::metrics
