#include <engine/util/files.hpp>

#include <gtest/gtest.h>
#include <tests/support/temporary_folder.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace mailroom::files {
namespace {

using mailroom::testing::read_text;
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

TEST(ReadFile, ReadsAllBytesIncludingNulAndCarriageReturns) {
  TemporaryFolder folder;
  using namespace std::string_literals;
  const std::string contents = "line one\r\nline\0two\n\xFF"s;
  write_text(folder / "data.bin", contents);
  const auto read = read_file(folder / "data.bin");
  ASSERT_TRUE(read.has_value()) << read.error().to_string();
  EXPECT_EQ(*read, contents);
}

TEST(ReadFile, EmptyFile) {
  TemporaryFolder folder;
  write_text(folder / "empty", "");
  const auto read = read_file(folder / "empty");
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(*read, "");
}

TEST(ReadFile, MissingFileNamesTheFile) {
  TemporaryFolder folder;
  const auto path = folder / "absent.toml";
  const auto read = read_file(path);
  ASSERT_FALSE(read.has_value());
  EXPECT_EQ(read.error().location.file, path.string());
  EXPECT_NE(read.error().message.find("cannot open"), std::string::npos) << read.error().message;
  EXPECT_NE(read.error().message.find("No such file"), std::string::npos) << read.error().message;
}

TEST(ReadFile, AFolderIsAnError) {
  TemporaryFolder folder;
  const auto read = read_file(folder.path());
  EXPECT_FALSE(read.has_value());
}

TEST(WriteFileAtomically, CreatesANewFile) {
  TemporaryFolder folder;
  const auto path = folder / "out.pdf";
  const auto written = write_file_atomically(path, "%PDF-1.7 bytes", Overwrite::Refused);
  ASSERT_TRUE(written.has_value()) << written.error().to_string();
  EXPECT_EQ(read_text(path), "%PDF-1.7 bytes");
  EXPECT_EQ(names_in(folder.path()), std::vector<std::string>{"out.pdf"});
}

TEST(WriteFileAtomically, WritesEmptyAndBinaryContents) {
  TemporaryFolder folder;
  using namespace std::string_literals;
  ASSERT_TRUE(write_file_atomically(folder / "empty", "").has_value());
  EXPECT_EQ(read_text(folder / "empty"), "");
  const std::string binary = "\0\x01\x02\xFF"s;
  ASSERT_TRUE(write_file_atomically(folder / "binary", binary).has_value());
  EXPECT_EQ(read_text(folder / "binary"), binary);
}

TEST(WriteFileAtomically, OverwritesWhenAllowed) {
  TemporaryFolder folder;
  const auto path = folder / "state";
  write_text(path, "old contents that are longer");
  const auto written = write_file_atomically(path, "new", Overwrite::Allowed);
  ASSERT_TRUE(written.has_value()) << written.error().to_string();
  EXPECT_EQ(read_text(path), "new");
  EXPECT_EQ(names_in(folder.path()), std::vector<std::string>{"state"});
}

TEST(WriteFileAtomically, DefaultAllowsOverwriting) {
  TemporaryFolder folder;
  const auto path = folder / "state";
  write_text(path, "old");
  ASSERT_TRUE(write_file_atomically(path, "new").has_value());
  EXPECT_EQ(read_text(path), "new");
}

TEST(WriteFileAtomically, RefusesAnExistingFileWhenOverwriteIsRefused) {
  TemporaryFolder folder;
  const auto path = folder / "invoice-1.pdf";
  write_text(path, "first");
  const auto written = write_file_atomically(path, "second", Overwrite::Refused);
  ASSERT_FALSE(written.has_value());
  EXPECT_EQ(written.error().location.file, path.string());
  EXPECT_NE(written.error().message.find("File exists"), std::string::npos)
    << written.error().message;
  EXPECT_EQ(read_text(path), "first");
  // The temporary file is cleaned up on failure too.
  EXPECT_EQ(names_in(folder.path()), std::vector<std::string>{"invoice-1.pdf"});
}

TEST(WriteFileAtomically, RefusedNeverFollowsASymlinkAtTheTarget) {
  TemporaryFolder folder;
  const auto victim = folder / "victim";
  write_text(victim, "precious");
  const auto link = folder / "link";
  std::filesystem::create_symlink(victim, link);
  const auto written = write_file_atomically(link, "overwritten", Overwrite::Refused);
  EXPECT_FALSE(written.has_value());
  EXPECT_EQ(read_text(victim), "precious");
  EXPECT_TRUE(std::filesystem::is_symlink(link));
}

TEST(WriteFileAtomically, RefusedDoesNotCreateTheTargetOfADanglingSymlink) {
  TemporaryFolder folder;
  const auto target = folder / "would-be-created";
  const auto link = folder / "dangling";
  std::filesystem::create_symlink(target, link);
  const auto written = write_file_atomically(link, "bytes", Overwrite::Refused);
  EXPECT_FALSE(written.has_value());
  EXPECT_FALSE(std::filesystem::exists(target));
}

TEST(WriteFileAtomically, AllowedReplacesASymlinkInsteadOfWritingThroughIt) {
  TemporaryFolder folder;
  const auto victim = folder / "victim";
  write_text(victim, "precious");
  const auto link = folder / "link";
  std::filesystem::create_symlink(victim, link);
  const auto written = write_file_atomically(link, "new", Overwrite::Allowed);
  ASSERT_TRUE(written.has_value()) << written.error().to_string();
  EXPECT_EQ(read_text(victim), "precious");
  EXPECT_FALSE(std::filesystem::is_symlink(link));
  EXPECT_EQ(read_text(link), "new");
}

TEST(WriteFileAtomically, MissingFolderIsAnError) {
  TemporaryFolder folder;
  const auto written = write_file_atomically(folder / "no-such-folder" / "file", "bytes");
  ASSERT_FALSE(written.has_value());
  EXPECT_NE(written.error().message.find("No such file"), std::string::npos)
    << written.error().message;
  EXPECT_TRUE(names_in(folder.path()).empty());
}

TEST(WriteFileAtomically, TwoWritesOfTheSameNameLeaveOnlyTheFile) {
  TemporaryFolder folder;
  const auto path = folder / "a";
  ASSERT_TRUE(write_file_atomically(path, "1").has_value());
  ASSERT_TRUE(write_file_atomically(path, "2").has_value());
  EXPECT_FALSE(write_file_atomically(path, "3", Overwrite::Refused).has_value());
  EXPECT_EQ(read_text(path), "2");
  EXPECT_EQ(names_in(folder.path()), std::vector<std::string>{"a"});
}

TEST(StagedFile, HasNoNameUntilPutInPlace) {
  TemporaryFolder folder;
  auto staged = StagedFile::write(folder / "invoice.pdf", "%PDF-1.7");
  ASSERT_TRUE(staged) << staged.error().to_string();
  // Only the temporary file, hidden beside the place it will take.
  const auto before = names_in(folder.path());
  ASSERT_EQ(before.size(), 1u);
  EXPECT_EQ(before.front().rfind(".invoice.pdf.tmp.", 0), 0u) << before.front();
  ASSERT_TRUE(staged->put_in_place(folder / "invoice.pdf", Overwrite::Refused));
  EXPECT_EQ(names_in(folder.path()), std::vector<std::string>{"invoice.pdf"});
  EXPECT_EQ(read_text(folder / "invoice.pdf"), "%PDF-1.7");
  // Put in place once only.
  EXPECT_FALSE(staged->put_in_place(folder / "again.pdf", Overwrite::Allowed));
}

TEST(StagedFile, WrittenPieceByPieceItHoldsEveryPieceInOrder) {
  TemporaryFolder folder;
  auto staged = StagedFile::create(folder / "report.json");
  ASSERT_TRUE(staged) << staged.error().to_string();
  for (const auto* piece : {"{", "\"invoices\": [", "]", "}"}) {
    ASSERT_TRUE(staged->append(piece, folder / "report.json"));
  }
  EXPECT_FALSE(std::filesystem::exists(folder / "report.json"));
  ASSERT_TRUE(staged->put_in_place(folder / "report.json", Overwrite::Allowed));
  EXPECT_EQ(read_text(folder / "report.json"), "{\"invoices\": []}");
  // Once in place it takes no more.
  EXPECT_FALSE(staged->append("x", folder / "report.json"));
}

TEST(StagedFile, DroppedBeforeItIsPutInPlaceLeavesNothing) {
  TemporaryFolder folder;
  {
    auto staged = StagedFile::write(folder / "invoice.pdf", "%PDF-1.7");
    ASSERT_TRUE(staged) << staged.error().to_string();
    auto moved = std::move(*staged); // The move hands the temporary file over, once.
  }
  EXPECT_TRUE(names_in(folder.path()).empty());
}

TEST(StagedFile, RefusedAtOneNameCanStillGoToAnother) {
  TemporaryFolder folder;
  write_text(folder / "invoice.pdf", "already there");
  auto staged = StagedFile::write(folder / "invoice.pdf", "new bytes");
  ASSERT_TRUE(staged) << staged.error().to_string();
  const auto refused = staged->put_in_place(folder / "invoice.pdf", Overwrite::Refused);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().to_string().find("invoice.pdf"), std::string::npos)
    << refused.error().to_string();
  ASSERT_TRUE(staged->put_in_place(folder / "invoice.2.pdf", Overwrite::Refused));
  EXPECT_EQ(read_text(folder / "invoice.pdf"), "already there");
  EXPECT_EQ(read_text(folder / "invoice.2.pdf"), "new bytes");
  EXPECT_EQ(names_in(folder.path()), (std::vector<std::string>{"invoice.2.pdf", "invoice.pdf"}));
}

TEST(ResolveRelativeTo, ResolvesAgainstTheFilesFolder) {
  EXPECT_EQ(resolve_relative_to("/srv/jobs/demo.toml", "creditors.toml"),
            std::filesystem::path("/srv/jobs/creditors.toml"));
  EXPECT_EQ(resolve_relative_to("/srv/jobs/demo.toml", "../var/mailroom.db"),
            std::filesystem::path("/srv/var/mailroom.db"));
  // A relative file is anchored in the working folder: the result is always absolute.
  EXPECT_EQ(resolve_relative_to("jobs/demo.toml", "./a/./b"),
            (std::filesystem::current_path() / "jobs/a/b").lexically_normal());
  EXPECT_TRUE(resolve_relative_to("jobs/demo.toml", "../var/mail/acme").is_absolute());
}

TEST(ResolveRelativeTo, KeepsAbsolutePaths) {
  EXPECT_EQ(resolve_relative_to("/srv/jobs/demo.toml", "/var/lib/mailroom/db"),
            std::filesystem::path("/var/lib/mailroom/db"));
  EXPECT_EQ(resolve_relative_to("/srv/jobs/demo.toml", "/var/../etc/x"),
            std::filesystem::path("/etc/x"));
}

TEST(ResolveRelativeTo, FileInTheCurrentFolder) {
  EXPECT_EQ(resolve_relative_to("demo.toml", "data/a.jsonl"),
            std::filesystem::current_path() / "data/a.jsonl");
}

} // namespace
} // namespace mailroom::files
