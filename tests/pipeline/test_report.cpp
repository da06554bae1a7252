#include <engine/pipeline/report.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <tests/support/small_filesystem.hpp>
#include <tests/support/temporary_folder.hpp>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace mailroom::pipeline {
namespace {

using mailroom::testing::read_text;
using mailroom::testing::SmallFilesystem;
using mailroom::testing::TemporaryFolder;
using mailroom::testing::write_text;

// Names in `folder`, so tests can check that no temporary file was left behind.
std::vector<std::string> names_in(const std::filesystem::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

ReportEntry sent_entry() {
  ReportEntry entry;
  entry.number = "2026-000001";
  entry.creditor = "acme";
  entry.status = InvoiceStatus::Sent;
  entry.recipients = "admin@devries.example; boekhouding@devries.example";
  entry.sent_at = "2026-11-20T09:15:02Z";
  entry.message_id = "abc.1.mailroom@acme.example";
  entry.source = "invoices.jsonl:1";
  entry.render_milliseconds = 2.3456789;
  return entry;
}

ReportEntry failed_entry() {
  ReportEntry entry;
  entry.number = "2026-000002";
  entry.creditor = "northwind";
  entry.status = InvoiceStatus::InvalidAddress;
  entry.recipients = "";
  entry.error = "no valid email address: \"nobody@\": no domain";
  entry.source = "invoices.jsonl:2";
  return entry;
}

// Opens a writer or fails the test.
std::optional<ReportWriter> open_writer(const std::filesystem::path& path) {
  auto opened = ReportWriter::open(path);
  if (!opened) {
    ADD_FAILURE() << opened.error().to_string();
    return std::nullopt;
  }
  return std::move(*opened);
}

TEST(ReportWriter, WritesTheCountsAndEveryEntryAsJson) {
  TemporaryFolder folder;
  const auto path = folder / "report.json";
  Counters counters;
  {
    auto writer = open_writer(path);
    ASSERT_TRUE(writer);
    ASSERT_TRUE(writer->add(sent_entry()).has_value());
    counters.count(InvoiceStatus::Sent);
    ASSERT_TRUE(writer->add(failed_entry()).has_value());
    counters.count(InvoiceStatus::InvalidAddress);
    // Entries are streamed aside: the report itself appears only when finished.
    EXPECT_FALSE(std::filesystem::exists(path));
    const auto finished = writer->finish("november-run", counters);
    ASSERT_TRUE(finished.has_value()) << finished.error().to_string();
  }

  const auto report = nlohmann::json::parse(read_text(path));
  EXPECT_EQ(report["job"], "november-run");
  EXPECT_EQ(report["total"], 2);
  EXPECT_EQ(report["sent"], 1);
  EXPECT_EQ(report["skipped"], 0);
  EXPECT_EQ(report["failed"], 0);
  EXPECT_EQ(report["invalid_address"], 1);
  EXPECT_EQ(report["interrupted"], 0);
  EXPECT_EQ(report["unknown"], 0);
  EXPECT_EQ(report["prepared"], 0);
  ASSERT_TRUE(report["invoices"].is_array());
  ASSERT_EQ(report["invoices"].size(), 2u);

  const auto& sent = report["invoices"][0];
  EXPECT_EQ(sent["number"], "2026-000001");
  EXPECT_EQ(sent["creditor"], "acme");
  EXPECT_EQ(sent["status"], "sent");
  EXPECT_EQ(sent["recipients"], "admin@devries.example; boekhouding@devries.example");
  EXPECT_EQ(sent["sent_at"], "2026-11-20T09:15:02Z");
  EXPECT_EQ(sent["message_id"], "abc.1.mailroom@acme.example");
  EXPECT_EQ(sent["error"], "");
  // Rounded to the microsecond.
  EXPECT_DOUBLE_EQ(sent["render_ms"].get<double>(), 2.346);

  const auto& failed = report["invoices"][1];
  EXPECT_EQ(failed["number"], "2026-000002");
  EXPECT_EQ(failed["creditor"], "northwind");
  EXPECT_EQ(failed["status"], "invalid_address");
  // Never sent: null rather than an empty time, so a reader cannot mistake it for one.
  EXPECT_TRUE(failed["sent_at"].is_null());
  EXPECT_EQ(failed["message_id"], "");
  EXPECT_EQ(failed["error"], "no valid email address: \"nobody@\": no domain");
  EXPECT_TRUE(failed["render_ms"].is_null()) << "an invoice never rendered has no render time";

  // Only the report is left: the entries file and the report's temporary file are gone.
  EXPECT_EQ(names_in(folder.path()), std::vector<std::string>{"report.json"});
}

TEST(ReportWriter, AnEmptyRunHasAnEmptyInvoicesArray) {
  TemporaryFolder folder;
  const auto path = folder / "report.json";
  Counters counters;
  {
    auto writer = open_writer(path);
    ASSERT_TRUE(writer);
    ASSERT_TRUE(writer->finish("empty-job", counters).has_value());
  }
  const auto report = nlohmann::json::parse(read_text(path));
  EXPECT_EQ(report["job"], "empty-job");
  EXPECT_EQ(report["total"], 0);
  ASSERT_TRUE(report["invoices"].is_array());
  EXPECT_TRUE(report["invoices"].empty());
  EXPECT_EQ(names_in(folder.path()), std::vector<std::string>{"report.json"});
}

TEST(ReportWriter, KeepsTextAsWrittenAndReplacesBytesThatAreNotUtf8) {
  TemporaryFolder folder;
  const auto path = folder / "report.json";
  Counters counters;
  {
    auto writer = open_writer(path);
    ASSERT_TRUE(writer);
    auto entry = failed_entry();
    entry.status = InvoiceStatus::Failed;
    // A server reply or a file name may carry any byte; the report must still parse.
    entry.error = "Café 't Hoekje: \"quoted\"\nnext line \xFF\xFE";
    ASSERT_TRUE(writer->add(entry).has_value());
    counters.count(InvoiceStatus::Failed);
    ASSERT_TRUE(writer->finish("job", counters).has_value());
  }
  const auto report = nlohmann::json::parse(read_text(path));
  const std::string error = report["invoices"][0]["error"];
  EXPECT_EQ(error.rfind("Café 't Hoekje: \"quoted\"\nnext line ", 0), 0u) << error;
  EXPECT_EQ(error.find('\xFF'), std::string::npos);
  EXPECT_EQ(report["failed"], 1);
}

TEST(ReportWriter, CreatesTheReportsFolder) {
  TemporaryFolder folder;
  const auto path = folder / "var/reports/report.json";
  Counters counters;
  {
    auto writer = open_writer(path);
    ASSERT_TRUE(writer);
    ASSERT_TRUE(writer->add(sent_entry()).has_value());
    counters.count(InvoiceStatus::Sent);
    ASSERT_TRUE(writer->finish("job", counters).has_value());
  }
  const auto report = nlohmann::json::parse(read_text(path));
  EXPECT_EQ(report["invoices"].size(), 1u);
}

TEST(ReportWriter, ReplacesAnOlderReport) {
  TemporaryFolder folder;
  const auto path = folder / "report.json";
  write_text(path, "an older report");
  Counters counters;
  {
    auto writer = open_writer(path);
    ASSERT_TRUE(writer);
    ASSERT_TRUE(writer->finish("job", counters).has_value());
  }
  EXPECT_EQ(nlohmann::json::parse(read_text(path))["job"], "job");
}

TEST(ReportWriter, AWriterDroppedBeforeFinishingLeavesNothingBehind) {
  TemporaryFolder folder;
  {
    auto writer = open_writer(folder / "report.json");
    ASSERT_TRUE(writer);
    ASSERT_TRUE(writer->add(sent_entry()).has_value());
  }
  EXPECT_TRUE(names_in(folder.path()).empty());
}

TEST(ReportWriter, AnUnwritablePathIsAnErrorNamingIt) {
  TemporaryFolder folder;
  // A file where a folder should be: no permission trick, so it holds for root too.
  write_text(folder / "not-a-folder", "x");
  const auto path = folder / "not-a-folder/report.json";
  const auto opened = ReportWriter::open(path);
  ASSERT_FALSE(opened.has_value());
  EXPECT_NE(opened.error().to_string().find(path.string()), std::string::npos)
    << opened.error().to_string();
  EXPECT_NE(opened.error().message.find("cannot write the report"), std::string::npos)
    << opened.error().message;
}

TEST(ReportWriter, AFullDiskIsAnErrorAndNeverAShorterReport) {
  SmallFilesystem disk(64 * 1024);
  if (!disk.mounted()) {
    GTEST_SKIP() << disk.why_not();
  }
  const auto path = disk.path() / "report.json";
  // An older report stays as it was: the new one is put in place whole or not at all.
  write_text(path, "{\"job\": \"october-run\"}\n");
  auto writer = open_writer(path);
  ASSERT_TRUE(writer);
  ReportEntry entry = failed_entry();
  entry.error.append(400, 'x');
  Status added = Ok{};
  size_t entries = 0;
  for (; entries < 1000 && added; ++entries) {
    added = writer->add(entry);
  }
  ASSERT_FALSE(added) << "1,000 entries of 500 bytes fitted in 64 KiB";
  EXPECT_LT(entries, 1000u);
  EXPECT_NE(added.error().message.find("cannot write the report: No space left on device"),
            std::string::npos)
    << added.error().to_string();
  // Every later entry, and the report's end, say so too.
  EXPECT_FALSE(writer->add(sent_entry()));
  Counters counters;
  const auto finished = writer->finish("november-run", counters);
  ASSERT_FALSE(finished);
  EXPECT_NE(finished.error().to_string().find(path.string()), std::string::npos)
    << finished.error().to_string();
  EXPECT_EQ(read_text(path), "{\"job\": \"october-run\"}\n");
  writer.reset();
  EXPECT_EQ(names_in(disk.path()), std::vector<std::string>{"report.json"});
}

TEST(ReportWriter, AReportThatFillsTheDiskAtTheEndIsAnErrorToo) {
  SmallFilesystem disk(64 * 1024);
  if (!disk.mounted()) {
    GTEST_SKIP() << disk.why_not();
  }
  // The entries fit (about 40 KiB), but not a second copy of them in the report itself.
  const auto path = disk.path() / "report.json";
  auto writer = open_writer(path);
  ASSERT_TRUE(writer);
  ReportEntry entry = failed_entry();
  entry.error.append(300, 'x');
  for (int index = 0; index < 100; ++index) {
    ASSERT_TRUE(writer->add(entry).has_value()) << index;
  }
  Counters counters;
  const auto finished = writer->finish("november-run", counters);
  ASSERT_FALSE(finished);
  EXPECT_NE(finished.error().to_string().find("No space left on device"), std::string::npos)
    << finished.error().to_string();
  EXPECT_FALSE(std::filesystem::exists(path));
  writer.reset();
  EXPECT_TRUE(names_in(disk.path()).empty());
}

} // namespace
} // namespace mailroom::pipeline
