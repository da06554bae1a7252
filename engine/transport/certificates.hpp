#pragma once

#include <engine/util/result.hpp>

#include <vmime/security/cert/X509Certificate.hpp>

#include <filesystem>
#include <memory>
#include <vector>

// Trusted certificate authorities for TLS, read from a PEM bundle.

namespace mailroom::transport {

using Certificates = std::vector<std::shared_ptr<vmime::security::cert::X509Certificate>>;

// Debian's bundle of the system's trusted authorities.
inline constexpr const char* k_system_ca_bundle = "/etc/ssl/certs/ca-certificates.crt";

// Every "-----BEGIN CERTIFICATE-----" block of the file; an error if the file cannot be read,
// holds no certificate or holds one that does not parse.
Result<Certificates> load_certificates(const std::filesystem::path& pem_file);

} // namespace mailroom::transport
