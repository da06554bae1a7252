#include <engine/pipeline/archive.hpp>
#include <engine/util/hash.hpp>

#include <gtest/gtest.h>
#include <tests/support/temporary_folder.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace mailroom::pipeline {
namespace {

using mailroom::testing::read_text;
using mailroom::testing::TemporaryFolder;

std::vector<std::string> names_in(const std::filesystem::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// Not a real PDF: the archive keeps bytes, it does not read them.
const std::string k_first_pdf = "%PDF-1.7\nfirst rendering\n%%EOF\n";
const std::string k_second_pdf = "%PDF-1.7\nsecond rendering, with a corrected address\n%%EOF\n";

class ArchiveTest : public ::testing::Test {
protected:
  TemporaryFolder m_folder;
  std::filesystem::path m_root = m_folder / "archive";
  Archive m_archive{m_root};

  Result<std::filesystem::path> keep(const std::string& creditor, const std::string& number,
                                     const std::string& pdf) {
    return m_archive.keep(creditor, number, pdf, hash::sha256_hex(pdf));
  }
};

TEST_F(ArchiveTest, KeepsThePdfUnderCreditorAndNumber) {
  const auto kept = keep("acme", "2026-000001", k_first_pdf);
  ASSERT_TRUE(kept.has_value()) << kept.error().to_string();
  EXPECT_EQ(*kept, m_root / "acme" / "2026-000001.pdf");
  EXPECT_EQ(read_text(*kept), k_first_pdf);
  EXPECT_EQ(names_in(m_root / "acme"), std::vector<std::string>{"2026-000001.pdf"});
}

TEST_F(ArchiveTest, TheSameContentAgainLeavesTheFileAlone) {
  const auto first = keep("acme", "2026-000001", k_first_pdf);
  ASSERT_TRUE(first.has_value()) << first.error().to_string();
  const auto written_at = std::filesystem::last_write_time(*first);
  const auto link_count = std::filesystem::hard_link_count(*first);

  const auto again = keep("acme", "2026-000001", k_first_pdf);
  ASSERT_TRUE(again.has_value()) << again.error().to_string();
  EXPECT_EQ(*again, *first);
  EXPECT_EQ(read_text(*again), k_first_pdf);
  EXPECT_EQ(std::filesystem::last_write_time(*again), written_at);
  EXPECT_EQ(std::filesystem::hard_link_count(*again), link_count);
  // No second copy and no temporary file left over.
  EXPECT_EQ(names_in(m_root / "acme"), std::vector<std::string>{"2026-000001.pdf"});
}

TEST_F(ArchiveTest, DifferentContentIsKeptBesideTheOriginalNeverOverIt) {
  const auto first = keep("acme", "2026-000001", k_first_pdf);
  ASSERT_TRUE(first.has_value()) << first.error().to_string();

  const auto second = keep("acme", "2026-000001", k_second_pdf);
  ASSERT_TRUE(second.has_value()) << second.error().to_string();
  const auto expected_name = "2026-000001." + hash::sha256_hex(k_second_pdf).substr(0, 12) + ".pdf";
  EXPECT_EQ(*second, m_root / "acme" / expected_name);
  EXPECT_EQ(read_text(*second), k_second_pdf);
  EXPECT_EQ(read_text(*first), k_first_pdf);
  EXPECT_EQ(
    names_in(m_root / "acme"),
    (std::vector<std::string>{
      "2026-000001." + hash::sha256_hex(k_second_pdf).substr(0, 12) + ".pdf", "2026-000001.pdf"}));

  // The second content once more: the versioned file is found again, nothing new appears.
  const auto third = keep("acme", "2026-000001", k_second_pdf);
  ASSERT_TRUE(third.has_value()) << third.error().to_string();
  EXPECT_EQ(*third, *second);
  EXPECT_EQ(names_in(m_root / "acme").size(), 2u);
}

// The pipeline begins keeping a PDF before it builds the mail and finishes before it sends: in
// between the PDF has no name in the archive, and one dropped there (the mail could not be
// built) leaves nothing behind.
TEST_F(ArchiveTest, APdfBegunIsArchivedOnlyWhenFinished) {
  const auto sha256 = hash::sha256_hex(k_first_pdf);
  {
    auto dropped = m_archive.begin("acme", "2026-000001", k_first_pdf, sha256);
    ASSERT_TRUE(dropped.has_value()) << dropped.error().to_string();
    EXPECT_FALSE(std::filesystem::exists(m_root / "acme" / "2026-000001.pdf"));
  }
  EXPECT_TRUE(names_in(m_root / "acme").empty());

  auto pending = m_archive.begin("acme", "2026-000001", k_first_pdf, sha256);
  ASSERT_TRUE(pending.has_value()) << pending.error().to_string();
  EXPECT_FALSE(std::filesystem::exists(m_root / "acme" / "2026-000001.pdf"));
  const auto kept = m_archive.finish(*pending);
  ASSERT_TRUE(kept.has_value()) << kept.error().to_string();
  EXPECT_EQ(*kept, m_root / "acme" / "2026-000001.pdf");
  EXPECT_EQ(read_text(*kept), k_first_pdf);
  EXPECT_EQ(names_in(m_root / "acme"), std::vector<std::string>{"2026-000001.pdf"});
}

TEST_F(ArchiveTest, CreditorsHaveFoldersOfTheirOwn) {
  ASSERT_TRUE(keep("acme", "2026-000001", k_first_pdf).has_value());
  ASSERT_TRUE(keep("northwind", "2026-000001", k_second_pdf).has_value());
  EXPECT_EQ(read_text(m_root / "acme" / "2026-000001.pdf"), k_first_pdf);
  EXPECT_EQ(read_text(m_root / "northwind" / "2026-000001.pdf"), k_second_pdf);
}

TEST_F(ArchiveTest, RefusesNamesThatWouldLeaveTheArchive) {
  const std::vector<std::pair<std::string, std::string>> refused = {
    {"acme", "../escape"},    {"acme", "2026/000001"},    {"acme", ".hidden"},
    {"acme", ".."},           {"../acme", "2026-000001"}, {"ac/me", "2026-000001"},
    {".acme", "2026-000001"}, {"", "2026-000001"},        {"acme", ""},
  };
  for (const auto& [creditor, number] : refused) {
    const auto kept = keep(creditor, number, k_first_pdf);
    EXPECT_FALSE(kept.has_value()) << creditor << " / " << number;
    if (!kept) {
      EXPECT_NE(kept.error().message.find("not a plain file name"), std::string::npos)
        << kept.error().message;
    }
  }
  // Nothing was written anywhere, inside the archive or beside it.
  EXPECT_FALSE(std::filesystem::exists(m_root));
  EXPECT_EQ(names_in(m_folder.path()), std::vector<std::string>{});
}

TEST_F(ArchiveTest, AnArchiveThatCannotBeCreatedIsAnErrorNamingTheFolder) {
  mailroom::testing::write_text(m_root, "a file where the archive folder should be");
  const auto kept = keep("acme", "2026-000001", k_first_pdf);
  ASSERT_FALSE(kept.has_value());
  EXPECT_NE(kept.error().to_string().find((m_root / "acme").string()), std::string::npos)
    << kept.error().to_string();
}

} // namespace
} // namespace mailroom::pipeline
