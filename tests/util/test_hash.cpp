#include <engine/util/hash.hpp>

#include <gtest/gtest.h>

#include <string>

namespace mailroom::hash {
namespace {

// Test vectors from FIPS 180-2 and NIST's examples.
TEST(Sha256Hex, Abc) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256Hex, Empty) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256Hex, TwoBlockMessage) {
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256Hex, MillionAs) {
  EXPECT_EQ(sha256_hex(std::string(1'000'000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256Hex, HashesEmbeddedNulBytes) {
  using namespace std::string_literals;
  const std::string with_nul = "a\0b"s;
  ASSERT_EQ(with_nul.size(), 3U);
  EXPECT_NE(sha256_hex(with_nul), sha256_hex("a"));
  EXPECT_NE(sha256_hex(with_nul), sha256_hex("ab"));
}

TEST(Sha256Hex, IsSixtyFourLowerCaseHexDigits) {
  const auto hex = sha256_hex("mailroom");
  ASSERT_EQ(hex.size(), 64U);
  for (const char character : hex) {
    EXPECT_TRUE((character >= '0' && character <= '9') || (character >= 'a' && character <= 'f'))
      << "unexpected character " << character;
  }
}

} // namespace
} // namespace mailroom::hash
