#include "certificates.hpp"

#include <engine/util/files.hpp>

#include <string_view>

namespace mailroom::transport {

namespace {

constexpr std::string_view k_begin = "-----BEGIN CERTIFICATE-----";
constexpr std::string_view k_end = "-----END CERTIFICATE-----";

} // namespace

Result<Certificates> load_certificates(const std::filesystem::path& pem_file) {
  const std::string bundle = TRY(files::read_file(pem_file));
  Certificates certificates;
  size_t position = 0;
  while ((position = bundle.find(k_begin, position)) != std::string::npos) {
    const size_t end = bundle.find(k_end, position);
    if (end == std::string::npos) {
      return make_error("certificate " + std::to_string(certificates.size() + 1) +
                          " has no END line",
                        Location{pem_file.string()});
    }
    const size_t length = end + k_end.size() - position;
    auto certificate = vmime::security::cert::X509Certificate::import(
      reinterpret_cast<const vmime::byte_t*>(bundle.data() + position), length);
    if (!certificate) {
      return make_error("certificate " + std::to_string(certificates.size() + 1) +
                          " is not a valid X.509 certificate",
                        Location{pem_file.string()});
    }
    certificates.push_back(std::move(certificate));
    position = end + k_end.size();
  }
  if (certificates.empty()) {
    return make_error("no PEM certificate found", Location{pem_file.string()});
  }
  return certificates;
}

} // namespace mailroom::transport
