#include <engine/transport/message_stream.hpp>

#include <gtest/gtest.h>

#include <string>

namespace mailroom::transport {
namespace {

TEST(MessageStream, NoBlockButTheLastEndsWithADot) {
  const std::string message = "a.\r\n..\r\nb...\r\n.";
  MessageStream stream(message);
  std::string copy;
  while (!stream.eof()) {
    vmime::byte_t block[4];
    const size_t length = stream.read(block, sizeof block);
    ASSERT_GT(length, 0u);
    copy.append(reinterpret_cast<const char*>(block), length);
    if (!stream.eof()) {
      EXPECT_NE(copy.back(), '.') << "block ending at " << copy.size();
    }
  }
  EXPECT_EQ(copy, message);
}

std::string read_all(std::string_view message) {
  MessageStream stream(message);
  std::string copy;
  while (!stream.eof()) {
    vmime::byte_t block[64];
    copy.append(reinterpret_cast<const char*>(block), stream.read(block, sizeof block));
  }
  return copy;
}

TEST(MessageStream, DoublesALeadingDotThatVmimeWouldNot) {
  EXPECT_EQ(read_all(".starts\r\nx"), "..starts\r\nx");
  EXPECT_EQ(read_all("."), "..");
  // vmime doubles these itself.
  EXPECT_EQ(read_all(".\r\nx"), ".\r\nx");
  EXPECT_EQ(read_all("Subject: x\r\n.y"), "Subject: x\r\n.y");
}

TEST(MessageStream, TheFinalLineEndIsLeftToVmime) {
  EXPECT_EQ(data_for_vmime("Subject: x\r\n\r\nbody\r\n"), "Subject: x\r\n\r\nbody");
  EXPECT_EQ(data_for_vmime("body"), "body");
  EXPECT_EQ(data_for_vmime(""), "");
}

} // namespace
} // namespace mailroom::transport
