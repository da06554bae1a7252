// The archive's group sync (pipeline/archive_sync.hpp): PDFs reach the disk in groups, their
// notes in the ledger go once they are synced, and a run killed before the sync leaves notes the
// next run acts on: an intact PDF is synced, a lost or torn one is rendered again and put back
// when it is byte for byte the one that went out, and one that renders differently is never
// written but said loudly, run after run.

#include "delivery_check.hpp"
#include "job_fixture.hpp"

#include <engine/ledger/ledger.hpp>
#include <engine/pipeline/archive.hpp>
#include <engine/pipeline/archive_sync.hpp>
#include <engine/util/files.hpp>

#include <gtest/gtest.h>
#include <tests/support/process.hpp>
#include <tests/support/smtp_server.hpp>
#include <tests/support/temporary_folder.hpp>

#include <csignal>
#include <thread>

namespace mailroom::testing {
namespace {

using namespace std::chrono_literals;

std::vector<ledger::Entry> noted_copies(ledger::Ledger& ledger) {
  auto copies = ledger.unsynced_archive_copies("test-job");
  EXPECT_TRUE(copies) << copies.error().to_string();
  return copies ? *copies : std::vector<ledger::Entry>{};
}

std::unique_ptr<ledger::Ledger> open_ledger(const JobFixture& job) {
  auto opened = ledger::Ledger::open(job.ledger_address());
  EXPECT_TRUE(opened) << opened.error().to_string();
  return opened ? std::move(*opened) : nullptr;
}

ledger::SendingRecord unsynced(std::string number) {
  ledger::SendingRecord record{"test-job",           std::move(number), "acme",
                               "a@customer.example", "<1@mailroom>",    std::string(64, 'a')};
  record.archive_copy = ledger::ArchiveCopy::NotYetSynced;
  return record;
}

TEST(ArchiveSyncTest, TheThreadSyncsEveryIntervalAndForgetsOnlyWhatWasWritten) {
  TemporaryFolder folder;
  auto ledger = ledger::Ledger::open(folder / "ledger.db");
  ASSERT_TRUE(ledger) << ledger.error().to_string();
  ASSERT_TRUE((*ledger)->mark_sending(unsynced("2026-1")));
  ASSERT_TRUE((*ledger)->mark_sending(unsynced("2026-2")));
  auto sync = pipeline::ArchiveSync::start(folder / "archive", **ledger, "test-job", 50ms);
  ASSERT_TRUE(sync) << sync.error().to_string();
  EXPECT_TRUE(std::filesystem::is_directory(folder / "archive"));

  // Only 2026-1 is said to be written: 2026-2's note stays, whatever the syncs.
  (*sync)->written("2026-1");
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (noted_copies(**ledger).size() != 1 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  auto left = noted_copies(**ledger);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left.front().number, "2026-2");

  (*sync)->written("2026-2");
  ASSERT_TRUE((*sync)->finish());
  EXPECT_TRUE(noted_copies(**ledger).empty());
  EXPECT_FALSE((*sync)->failure());
}

TEST(ArchiveSyncTest, AnArchiveFolderThatCannotBeMadeIsAClearError) {
  TemporaryFolder folder;
  auto ledger = ledger::Ledger::open(folder / "ledger.db");
  ASSERT_TRUE(ledger) << ledger.error().to_string();
  write_text(folder / "file", "not a folder");
  auto sync = pipeline::ArchiveSync::start(folder / "file" / "archive", **ledger, "test-job");
  ASSERT_FALSE(sync);
  EXPECT_NE(sync.error().to_string().find("archive folder"), std::string::npos)
    << sync.error().to_string();
  EXPECT_NE(sync.error().to_string().find((folder / "file").string()), std::string::npos)
    << sync.error().to_string();
}

class ArchiveCrashTest : public ::testing::Test {
protected:
  static constexpr int k_invoices = 30;

  ArchiveCrashTest()
    : m_server(m_server_folder.path(), {"--reply-delay", "0.2"})
    , m_job(m_server.url()) {}

  std::vector<std::string> invoices(const std::string& renamed = {}) const {
    std::vector<std::string> lines;
    for (int index = 1; index <= k_invoices; ++index) {
      char number[32];
      std::snprintf(number, sizeof number, "2026-%06d", index);
      const std::string debtor = number == renamed ? "Bakkerij Anders" : "Bakkerij De Vries";
      lines.push_back(make_invoice(number, index % 2 == 1 ? "acme" : "northwind",
                                   "debtor" + std::to_string(index) + "@customer.example", debtor)
                        .dump());
    }
    return lines;
  }

  std::vector<std::string> arguments() const {
    return {"run", m_job.job_file().string(), "--progress", "none", "--threads", "2"};
  }

  // Runs the job and kills it (-9) once the ledger notes at least three invoices the server
  // accepted whose archived PDF is not synced yet; the notes as the killed run left them.
  std::vector<ledger::Entry> kill_before_the_archive_is_synced() {
    BackgroundRun run(arguments(), m_output_folder.path());
    EXPECT_GE(m_server.wait_for_messages(1, 30s).size(), 1u) << run.err();
    auto ledger = open_ledger(m_job);
    if (ledger == nullptr) {
      return {};
    }
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (std::chrono::steady_clock::now() < deadline) {
      size_t sent = 0;
      for (const auto& entry : noted_copies(*ledger)) {
        sent += entry.state == ledger::State::Sent ? 1 : 0;
      }
      if (sent >= 3) {
        break;
      }
      std::this_thread::sleep_for(5ms);
    }
    run.signal(SIGKILL);
    run.wait(30s);
    return noted_copies(*ledger);
  }

  std::filesystem::path archived(const ledger::Entry& entry) const {
    return m_job.archive() / entry.creditor / (entry.number + ".pdf");
  }

  TemporaryFolder m_server_folder;
  TemporaryFolder m_output_folder;
  SmtpServer m_server;
  JobFixture m_job;
};

TEST_F(ArchiveCrashTest, ARunLeavesNothingUnsyncedAndEveryPdfAsItWentOut) {
  m_job.write(invoices());
  const auto result = run_mailroom({"run", m_job.job_file().string(), "--progress", "none"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  auto ledger = open_ledger(m_job);
  ASSERT_NE(ledger, nullptr);
  EXPECT_TRUE(noted_copies(*ledger).empty());
  const pipeline::Archive archive(m_job.archive());
  for (const auto& [number, entry] : ledger_entries(m_job)) {
    auto found = archive.find(entry.creditor, number, entry.pdf_sha256);
    ASSERT_TRUE(found) << found.error().to_string();
    EXPECT_EQ(found->content, pipeline::Archive::Found::Content::Matches) << number;
    EXPECT_EQ(found->path, archived(entry));
  }
}

// A crash between the send and the archive's sync: the PDFs it lost are put back from a new
// rendering, identical to those that went out; those it left intact are synced; the notes go.
TEST_F(ArchiveCrashTest, PdfsLostBeforeTheArchiveWasSyncedArePutBackAsTheyWentOut) {
  m_job.write(invoices());
  auto noted = kill_before_the_archive_is_synced();
  std::vector<ledger::Entry> sent;
  for (const auto& entry : noted) {
    if (entry.state == ledger::State::Sent) {
      sent.push_back(entry);
    }
  }
  ASSERT_GE(sent.size(), 3u) << "the killed run left " << noted.size() << " notes";
  // What a power cut may leave of PDFs written but not synced: one gone, one torn; the rest are
  // intact (this kill only ended the process).
  const auto& lost = sent[0];
  const auto& torn = sent[1];
  ASSERT_TRUE(std::filesystem::remove(archived(lost)));
  const auto torn_bytes = read_text(archived(torn));
  write_text(archived(torn), torn_bytes.substr(0, torn_bytes.size() / 2));

  const auto rerun = run_mailroom(arguments());
  EXPECT_NE(rerun.exit_code, 2) << rerun.out << rerun.err;
  EXPECT_NE(rerun.err.find("2 PDFs that went out were lost from the archive"), std::string::npos)
    << rerun.err;
  EXPECT_NE(rerun.err.find("restored " + archived(lost).string()), std::string::npos) << rerun.err;
  // The lost one is back under its own name; the torn one is left as found (nothing is ever
  // overwritten) and the PDF that went out is put beside it.
  const pipeline::Archive archive(m_job.archive());
  for (const auto& entry : noted) {
    auto found = archive.find(entry.creditor, entry.number, entry.pdf_sha256);
    ASSERT_TRUE(found) << found.error().to_string();
    EXPECT_EQ(found->content, pipeline::Archive::Found::Content::Matches) << entry.number;
  }
  EXPECT_EQ(archive.find(lost.creditor, lost.number, lost.pdf_sha256)->path, archived(lost));
  EXPECT_EQ(read_text(archived(torn)), torn_bytes.substr(0, torn_bytes.size() / 2));
  auto ledger = open_ledger(m_job);
  ASSERT_NE(ledger, nullptr);
  EXPECT_TRUE(noted_copies(*ledger).empty());
  // Nothing went out twice.
  for (const auto& [number, count] : arrivals_by_number(m_server.messages())) {
    EXPECT_EQ(count, 1) << number;
  }
}

// A lost PDF whose invoice now renders differently (its data changed since it went out) is never
// written: the run says so loudly, ends with exit code 1, and the next run says it again.
TEST_F(ArchiveCrashTest, ALostPdfThatRendersDifferentlyIsNeverWrittenAndSaidEveryRun) {
  m_job.write(invoices());
  auto noted = kill_before_the_archive_is_synced();
  const ledger::Entry* lost = nullptr;
  for (const auto& entry : noted) {
    if (entry.state == ledger::State::Sent) {
      lost = &entry;
      break;
    }
  }
  ASSERT_NE(lost, nullptr);
  ASSERT_TRUE(std::filesystem::remove(archived(*lost)));
  m_job.write(invoices(lost->number));

  for (int run = 0; run < 2; ++run) {
    const auto result = run_mailroom(arguments());
    EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
    EXPECT_NE(result.err.find("rendering it again gives another PDF"), std::string::npos)
      << result.err;
    EXPECT_NE(result.err.find(lost->pdf_sha256), std::string::npos) << result.err;
    const pipeline::Archive archive(m_job.archive());
    auto found = archive.find(lost->creditor, lost->number, lost->pdf_sha256);
    ASSERT_TRUE(found) << found.error().to_string();
    EXPECT_EQ(found->content, pipeline::Archive::Found::Content::Missing);
    auto ledger = open_ledger(m_job);
    ASSERT_NE(ledger, nullptr);
    const auto left = noted_copies(*ledger);
    ASSERT_EQ(left.size(), 1u);
    EXPECT_EQ(left.front().number, lost->number);
  }
}

} // namespace
} // namespace mailroom::testing
