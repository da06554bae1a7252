#include "base64.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace mailroom::base64 {

std::string encode_lines(std::string_view bytes, std::size_t characters_per_line) {
  if (characters_per_line == 0 || characters_per_line % 4 != 0) {
    throw std::invalid_argument("base64 lines hold a multiple of 4 characters");
  }
  const std::size_t bytes_per_line = characters_per_line / 4 * 3;
  // A last chunk of one or two bytes short of a line still fills it (with padding).
  const std::size_t full_lines = (bytes.size() + 2) / bytes_per_line;
  const std::size_t encoded_size = (bytes.size() + 2) / 3 * 4;
  // EVP_EncodeBlock writes a terminating NUL after each block: one byte of room at the end.
  std::string encoded(encoded_size + 2 * full_lines + 1, '\0');
  auto* output = reinterpret_cast<unsigned char*>(encoded.data());
  const auto* input = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t left = bytes.size();
  while (left > 0) {
    const std::size_t take = left < bytes_per_line ? left : bytes_per_line;
    const auto written =
      static_cast<std::size_t>(EVP_EncodeBlock(output, input, static_cast<int>(take)));
    output += written;
    input += take;
    left -= take;
    if (written == characters_per_line) {
      *output++ = '\r';
      *output++ = '\n';
    }
  }
  encoded.resize(
    static_cast<std::size_t>(output - reinterpret_cast<unsigned char*>(encoded.data())));
  return encoded;
}

} // namespace mailroom::base64
