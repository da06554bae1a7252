#include "hash.hpp"

#include <openssl/evp.h>

#include <array>
#include <cstdio>

namespace mailroom::hash {

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int digest_length = 0;
  // EVP_Digest is a one-shot call that cannot fail for SHA-256 on in-memory data.
  EVP_Digest(bytes.data(), bytes.size(), digest.data(), &digest_length, EVP_sha256(), nullptr);
  std::string hex;
  hex.reserve(size_t{digest_length} * 2);
  static constexpr char digits[] = "0123456789abcdef";
  for (unsigned int index = 0; index < digest_length; ++index) {
    hex += digits[digest[index] >> 4];
    hex += digits[digest[index] & 0x0F];
  }
  return hex;
}

} // namespace mailroom::hash
