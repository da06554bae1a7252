#pragma once

// A throwaway certificate authority made with /usr/bin/openssl when a test first asks for it,
// in a temporary folder that lives as long as the test program: nothing secret is committed, and
// nothing expires in the repository.

#include <tests/support/process.hpp>
#include <tests/support/temporary_folder.hpp>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace mailroom::testing {

struct TestCertificates {
  std::filesystem::path authority; // The CA's certificate: what ca_file names.
  std::filesystem::path host_cert; // Signed by the CA for localhost and 127.0.0.1.
  std::filesystem::path host_key;
  std::filesystem::path wrong_host_cert; // Signed by the CA, but for mail.elsewhere.example.
  std::filesystem::path wrong_host_key;
  std::filesystem::path self_signed_cert; // For localhost and 127.0.0.1, signed by itself.
  std::filesystem::path self_signed_key;

  // Arguments of tests/support/smtp_server.py offering STARTTLS with a certificate pair.
  std::vector<std::string> server_arguments(const std::filesystem::path& certificate,
                                            const std::filesystem::path& key) const {
    return {"--tls-cert", certificate.string(), "--tls-key", key.string()};
  }
  std::vector<std::string> host_server_arguments() const {
    return server_arguments(host_cert, host_key);
  }
};

namespace certificate_detail {

inline void openssl(const std::vector<std::string>& arguments) {
  std::vector<std::string> command{"/usr/bin/openssl"};
  command.insert(command.end(), arguments.begin(), arguments.end());
  const auto result = run_process(command, {}, std::chrono::seconds(60));
  if (result.exit_code != 0) {
    throw std::runtime_error("openssl failed: " + result.err);
  }
}

// A P-256 key and a certificate for `names` (a subjectAltName list), signed by the CA or, when
// `authority` is empty, by itself.
inline void make_certificate(const std::filesystem::path& folder, const std::string& stem,
                             const std::string& common_name, const std::string& names,
                             const std::filesystem::path& authority,
                             const std::filesystem::path& authority_key) {
  const auto key = folder / (stem + ".key");
  const auto request = folder / (stem + ".csr");
  const auto certificate = folder / (stem + ".pem");
  const auto extensions = folder / (stem + ".ext");
  write_text(extensions, "subjectAltName = " + names +
                           "\nbasicConstraints = critical, CA:FALSE\n"
                           "extendedKeyUsage = serverAuth\n");
  openssl({"req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
           "-keyout", key.string(), "-out", request.string(), "-subj", "/CN=" + common_name});
  std::vector<std::string> sign{
    "x509", "-req",    "-in",      request.string(),   "-out", certificate.string(), "-days",
    "2",    "-sha256", "-extfile", extensions.string()};
  if (authority.empty()) {
    sign.insert(sign.end(), {"-signkey", key.string()});
  } else {
    sign.insert(sign.end(),
                {"-CA", authority.string(), "-CAkey", authority_key.string(), "-CAcreateserial"});
  }
  openssl(sign);
}

} // namespace certificate_detail

// Made once per test program.
inline const TestCertificates& test_certificates() {
  static TemporaryFolder folder;
  static const TestCertificates certificates = [] {
    using namespace certificate_detail;
    const auto root = folder.path();
    TestCertificates made;
    made.authority = root / "ca.pem";
    const auto authority_key = root / "ca.key";
    openssl({"req",
             "-x509",
             "-newkey",
             "ec",
             "-pkeyopt",
             "ec_paramgen_curve:P-256",
             "-nodes",
             "-keyout",
             authority_key.string(),
             "-out",
             made.authority.string(),
             "-days",
             "2",
             "-sha256",
             "-subj",
             "/CN=mailroom test authority",
             "-addext",
             "basicConstraints=critical,CA:TRUE",
             "-addext",
             "keyUsage=critical,keyCertSign,cRLSign"});
    make_certificate(root, "host", "localhost", "DNS:localhost, IP:127.0.0.1", made.authority,
                     authority_key);
    make_certificate(root, "wrong-host", "mail.elsewhere.example", "DNS:mail.elsewhere.example",
                     made.authority, authority_key);
    make_certificate(root, "self-signed", "localhost", "DNS:localhost, IP:127.0.0.1", {}, {});
    made.host_cert = root / "host.pem";
    made.host_key = root / "host.key";
    made.wrong_host_cert = root / "wrong-host.pem";
    made.wrong_host_key = root / "wrong-host.key";
    made.self_signed_cert = root / "self-signed.pem";
    made.self_signed_key = root / "self-signed.key";
    return made;
  }();
  return certificates;
}

} // namespace mailroom::testing
