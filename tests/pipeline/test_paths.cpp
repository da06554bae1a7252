// Paths built from data must stay where they belong: invoice numbers and creditor ids cannot leave
// the archive, template files cannot be links out of their folder, and archive files are never
// written through a symbolic link planted in the archive.

#include "job_fixture.hpp"

#include <engine/job/invoice_reader.hpp>
#include <engine/pipeline/archive.hpp>
#include <engine/util/hash.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <tests/support/process.hpp>
#include <tests/support/temporary_folder.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace mailroom::testing {
namespace {

namespace fs = std::filesystem;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

size_t files_in(const fs::path& folder) {
  size_t count = 0;
  std::error_code error;
  for (auto entry = fs::recursive_directory_iterator(folder, error);
       !error && entry != fs::recursive_directory_iterator(); entry.increment(error)) {
    count += entry->is_regular_file() ? 1 : 0;
  }
  return count;
}

job::Creditors creditors_with(const std::string& id) {
  job::Creditors creditors;
  creditors.path = "creditors.toml";
  job::Creditor creditor;
  creditor.id = id;
  creditors.by_id.emplace(id, creditor);
  return creditors;
}

job::ParsedInvoice parse(const nlohmann::json& invoice, const job::Creditors& creditors) {
  return job::parse_invoice(job::RawRecord{Location{"in.jsonl", 1, ""}, invoice.dump()}, creditors);
}

TEST(Paths, TheReaderRefusesInvoiceNumbersThatCouldLeaveTheArchive) {
  const auto creditors = creditors_with("acme");
  for (const std::string& number :
       std::vector<std::string>{"../../etc/passwd", "/etc/passwd", "..", ".", ".hidden", "a/b",
                                "a\\b", std::string("2026\0.pdf", 9), "C:x", "%2e%2e"}) {
    const auto parsed = parse(make_invoice(number, "acme", "a@b.example"), creditors);
    ASSERT_FALSE(parsed.ok()) << number;
    EXPECT_EQ(parsed.problems[0].location.field, "number") << number;
  }
}

TEST(Paths, TheReaderRefusesCreditorIdsThatCouldLeaveTheArchive) {
  // Even when the creditors file really has such an id.
  for (const std::string& id : std::vector<std::string>{"../evil", "/tmp", "..", ".acme", "a/b"}) {
    const auto parsed = parse(make_invoice("2026-1", id, "a@b.example"), creditors_with(id));
    ASSERT_EQ(parsed.problems.size(), 1U) << id;
    EXPECT_EQ(parsed.problems[0].location.field, "creditor") << id;
    EXPECT_TRUE(contains(parsed.problems[0].message, "not usable as a creditor id"))
      << parsed.problems[0].message;
  }
}

TEST(Paths, TheArchiveRefusesNamesThatAreNotPlain) {
  TemporaryFolder folder;
  pipeline::Archive archive(folder / "archive");
  const std::string pdf = "%PDF-1.7";
  const auto sha = hash::sha256_hex(pdf);
  for (const auto& [creditor, number] :
       std::vector<std::pair<std::string, std::string>>{{"acme", "../escape"},
                                                        {"acme", "/tmp/escape"},
                                                        {"acme", ".hidden"},
                                                        {"acme", ""},
                                                        {"..", "1"},
                                                        {"../acme", "1"},
                                                        {"", "1"},
                                                        {"a/b", "1"}}) {
    EXPECT_FALSE(archive.keep(creditor, number, pdf, sha).has_value()) << creditor << " " << number;
  }
  EXPECT_EQ(files_in(folder.path()), 0U);
}

TEST(Paths, TheArchiveNeverWritesThroughAPlantedLink) {
  TemporaryFolder folder;
  const auto victim = folder / "victim.txt";
  write_text(victim, "do not touch");
  fs::create_directories(folder / "archive/acme");
  fs::create_symlink(victim, folder / "archive/acme/2026-1.pdf");
  fs::create_symlink(folder / "created-outside.txt", folder / "archive/acme/2026-2.pdf");

  pipeline::Archive archive(folder / "archive");
  const std::string pdf = "%PDF-1.7 new";
  const auto sha = hash::sha256_hex(pdf);
  // A link to an existing file: the file is left alone, the PDF is kept beside the link.
  auto kept = archive.keep("acme", "2026-1", pdf, sha);
  ASSERT_TRUE(kept.has_value()) << kept.error().to_string();
  EXPECT_EQ(read_text(victim), "do not touch");
  EXPECT_TRUE(fs::is_symlink(folder / "archive/acme/2026-1.pdf"));
  EXPECT_FALSE(fs::is_symlink(*kept));
  EXPECT_EQ(kept->parent_path(), folder / "archive/acme");
  EXPECT_EQ(read_text(*kept), pdf);
  // A dangling link: nothing is created at its target.
  EXPECT_FALSE(archive.keep("acme", "2026-2", pdf, sha).has_value());
  EXPECT_FALSE(fs::exists(folder / "created-outside.txt"));
}

// Through the binary: links planted in the archive before a run, pointing out of it.
TEST(PathsEndToEnd, LinksPlantedInTheArchiveAreNotFollowed) {
  JobFixture job("maildir:outbox");
  job.write({make_invoice("2026-000001", "acme", "a@b.example").dump(),
             make_invoice("2026-000002", "acme", "c@d.example").dump()});
  const auto victim = job.root() / "victim.txt";
  write_text(victim, "do not touch");
  fs::create_directories(job.archive() / "acme");
  fs::create_symlink(victim, job.archive() / "acme/2026-000001.pdf");
  fs::create_symlink(job.root() / "created-outside.pdf", job.archive() / "acme/2026-000002.pdf");

  const auto result = run_mailroom(
    {"run", job.job_file().string(), "--progress", "none", "--report", job.report().string()});
  ASSERT_FALSE(result.timed_out);
  EXPECT_EQ(read_text(victim), "do not touch");
  EXPECT_FALSE(fs::exists(job.root() / "created-outside.pdf"));
  EXPECT_TRUE(fs::is_symlink(job.archive() / "acme/2026-000001.pdf"));
  EXPECT_TRUE(fs::is_symlink(job.archive() / "acme/2026-000002.pdf"));
  // Nothing but the outbox and the archive folder gained files.
  for (const auto& entry : fs::recursive_directory_iterator(job.root())) {
    if (entry.is_regular_file() && !entry.is_symlink()) {
      const auto relative = entry.path().lexically_relative(job.root()).string();
      EXPECT_TRUE(relative.rfind("outbox/", 0) == 0 || relative.rfind("var/", 0) == 0 ||
                  relative == "victim.txt" || relative.find(".toml") != std::string::npos ||
                  relative == "invoices.jsonl")
        << relative;
    }
  }
  // The dangling link makes archiving 2026-000002 fail: reported, not sent.
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_TRUE(contains(result.err, "2026-000002")) << result.err;
  const auto report = nlohmann::json::parse(read_text(job.report()));
  EXPECT_EQ(report["sent"], 1) << report.dump();
  EXPECT_EQ(files_in(job.root() / "outbox"), 1U);
}

// A template file that is a link to a file outside the template folder: the job is refused
// before anything is sent, and the linked file's text never reaches a mail.
TEST(PathsEndToEnd, ATemplateLinkOutOfItsFolderRefusesTheJob) {
  JobFixture job("maildir:outbox");
  job.write({make_invoice("2026-000001", "acme", "a@b.example").dump()});
  const auto secret = job.root() / "secret.txt";
  write_text(secret, "SECRET {{invoice.number}}");
  const auto templates = job.root() / "templates";
  fs::create_directories(templates);
  write_text(templates / "body.txt.mustache", "Body\n");
  fs::create_symlink(secret, templates / "subject.mustache");
  auto creditors = read_text(job.root() / "creditors.toml");
  const auto acme_templates = (source_dir() / "templates/emails/acme").string();
  creditors.replace(creditors.find(acme_templates), acme_templates.size(), templates.string());
  write_text(job.root() / "creditors.toml", creditors);

  const auto result = run_mailroom({"run", job.job_file().string(), "--progress", "none"});
  ASSERT_FALSE(result.timed_out);
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_TRUE(contains(result.err, "outside the template folder")) << result.err;
  EXPECT_TRUE(contains(result.err, (templates / "subject.mustache").string())) << result.err;
  EXPECT_EQ(files_in(job.root() / "outbox"), 0U);
}

} // namespace
} // namespace mailroom::testing
