#include <engine/transport/transport.hpp>

#include <gtest/gtest.h>
#include <tests/support/temporary_folder.hpp>

#include <filesystem>
#include <set>
#include <thread>

namespace mailroom::transport {
namespace {

using testing::TemporaryFolder;

Settings maildir_settings(const std::filesystem::path& folder) {
  Settings settings;
  settings.name = "trial";
  settings.url = "maildir:" + folder.string();
  return settings;
}

std::unique_ptr<Transport> open(const Settings& settings) {
  auto transport = open_transport(settings);
  if (!transport) {
    ADD_FAILURE() << transport.error().to_string();
    return nullptr;
  }
  return std::move(*transport);
}

std::vector<std::filesystem::path> files_in(const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    files.push_back(entry.path());
  }
  return files;
}

const Envelope k_envelope{"billing@acme.example", {"customer@example.com"}};

TEST(MaildirTransport, CheckCreatesTheFolders) {
  TemporaryFolder folder;
  const auto maildir = folder / "Mail" / "outbox";
  auto transport = open(maildir_settings(maildir));
  ASSERT_TRUE(transport);
  ASSERT_TRUE(transport->check());
  for (const char* name : {"tmp", "new", "cur"}) {
    EXPECT_TRUE(std::filesystem::is_directory(maildir / name)) << name;
    EXPECT_TRUE(files_in(maildir / name).empty()) << name;
  }
}

TEST(MaildirTransport, StoresEachMessageInNewWithLineFeeds) {
  TemporaryFolder folder;
  const auto maildir = folder / "outbox";
  auto transport = open(maildir_settings(maildir));
  ASSERT_TRUE(transport);

  const std::string message =
    "Subject: Invoice 7\r\nContent-Type: text/plain\r\n\r\nBinary-ish \r line\r\n.\r\nend\r\n";
  const auto outcome = transport->send(k_envelope, message);
  ASSERT_TRUE(outcome.delivered()) << outcome.failure.message;

  const auto stored = files_in(maildir / "new");
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].filename().string(), outcome.delivery->server_reply);
  EXPECT_EQ(testing::read_text(stored[0]),
            "Subject: Invoice 7\nContent-Type: text/plain\n\nBinary-ish \r line\n.\nend\n");
  EXPECT_TRUE(files_in(maildir / "tmp").empty());
  EXPECT_TRUE(files_in(maildir / "cur").empty());
  EXPECT_EQ(stored[0].filename().string().find(':'), std::string::npos);
}

TEST(MaildirTransport, ConcurrentSendsGetDistinctFiles) {
  TemporaryFolder folder;
  const auto maildir = folder / "outbox";
  auto transport = open(maildir_settings(maildir));
  ASSERT_TRUE(transport);

  constexpr int k_threads = 4;
  constexpr int k_per_thread = 25;
  std::vector<std::thread> threads;
  for (int thread = 0; thread < k_threads; ++thread) {
    threads.emplace_back([&, thread] {
      for (int index = 0; index < k_per_thread; ++index) {
        const auto outcome = transport->send(
          k_envelope, "Subject: " + std::to_string(thread * 1000 + index) + "\r\n\r\nx\r\n");
        EXPECT_TRUE(outcome.delivered()) << outcome.failure.message;
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  std::set<std::string> contents;
  for (const auto& file : files_in(maildir / "new")) {
    contents.insert(testing::read_text(file));
  }
  EXPECT_EQ(contents.size(), static_cast<size_t>(k_threads * k_per_thread));
  EXPECT_TRUE(contents.contains("Subject: 3024\n\nx\n"));
  EXPECT_TRUE(files_in(maildir / "tmp").empty());
}

TEST(MaildirTransport, UnwritableLocationFailsCheckAndSend) {
  TemporaryFolder folder;
  // A path below a regular file cannot become a folder, whoever runs the test (root included).
  testing::write_text(folder / "plain-file", "not a folder");
  auto transport = open(maildir_settings(folder / "plain-file" / "outbox"));
  ASSERT_TRUE(transport);

  const auto status = transport->check();
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message.find("mailbox 'trial'"), std::string::npos)
    << status.error().message;
  const auto outcome = transport->send(k_envelope, "Subject: x\r\n\r\n");
  ASSERT_FALSE(outcome.delivered());
  EXPECT_EQ(outcome.failure.kind, FailureKind::Temporary);
  EXPECT_NE(outcome.failure.message.find("plain-file"), std::string::npos)
    << outcome.failure.message;
}

TEST(MaildirTransport, RelativePathIsRefused) {
  Settings settings;
  settings.name = "trial";
  settings.url = "maildir:relative/outbox";
  const auto transport = open_transport(settings);
  ASSERT_FALSE(transport);
  EXPECT_NE(transport.error().message.find("absolute"), std::string::npos)
    << transport.error().message;
}

} // namespace
} // namespace mailroom::transport
