#pragma once

#include <string>
#include <string_view>

namespace mailroom::hash {

// Lower-case hexadecimal SHA-256 of the bytes (computed by OpenSSL).
std::string sha256_hex(std::string_view bytes);

} // namespace mailroom::hash
