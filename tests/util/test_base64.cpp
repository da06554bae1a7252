#include <engine/util/base64.hpp>

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <stdexcept>
#include <string>

namespace mailroom::base64 {
namespace {

std::string decoded(std::string text) {
  std::string joined;
  for (const char character : text) {
    if (character != '\r' && character != '\n') {
      joined += character;
    }
  }
  std::string bytes(joined.size(), '\0');
  const int length =
    EVP_DecodeBlock(reinterpret_cast<unsigned char*>(bytes.data()),
                    reinterpret_cast<const unsigned char*>(joined.data()), int(joined.size()));
  EXPECT_GE(length, 0);
  bytes.resize(length < 0 ? 0 : size_t(length));
  // EVP_DecodeBlock counts the padding as zero bytes.
  const size_t padding = joined.size() - joined.find_last_not_of('=') - 1;
  bytes.resize(bytes.size() - padding);
  return bytes;
}

TEST(Base64, EncodesAsRfc4648Says) {
  EXPECT_EQ(encode_lines("", 60), "");
  EXPECT_EQ(encode_lines("f", 60), "Zg==");
  EXPECT_EQ(encode_lines("fo", 60), "Zm8=");
  EXPECT_EQ(encode_lines("foo", 60), "Zm9v");
  EXPECT_EQ(encode_lines("foobar", 60), "Zm9vYmFy");
}

TEST(Base64, EndsEveryFullLineWithCrLf) {
  EXPECT_EQ(encode_lines("foobar", 4), "Zm9v\r\nYmFy\r\n");
  EXPECT_EQ(encode_lines("foobarf", 4), "Zm9v\r\nYmFy\r\nZg==\r\n"); // Padding fills it.
  EXPECT_EQ(encode_lines("foobarf", 8), "Zm9vYmFy\r\nZg==");
  const std::string encoded = encode_lines(std::string(1000, 'x'), 60);
  size_t start = 0;
  for (size_t end = encoded.find("\r\n"); end != std::string::npos;
       start = end + 2, end = encoded.find("\r\n", start)) {
    EXPECT_EQ(end - start, 60U);
  }
  EXPECT_EQ(encoded.size() - start, (1000 % 45 + 2) / 3 * 4);
}

TEST(Base64, DecodesBackToEveryByte) {
  std::string bytes;
  for (int index = 0; index < 5000; ++index) {
    bytes += static_cast<char>(index * 31 % 256);
  }
  for (const size_t size : {1, 44, 45, 46, 4999, 5000}) {
    EXPECT_EQ(decoded(encode_lines(bytes.substr(0, size), 60)), bytes.substr(0, size)) << size;
  }
}

TEST(Base64, RefusesALineLengthThatIsNotAMultipleOfFour) {
  EXPECT_THROW(encode_lines("foo", 62), std::invalid_argument);
  EXPECT_THROW(encode_lines("foo", 0), std::invalid_argument);
}

} // namespace
} // namespace mailroom::base64
