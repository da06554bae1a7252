# The Debian packages mailroom needs, in one place. Sourced by tools/bootstrap and bench/setup so
# the two cannot drift apart.

# Build and run time of the engine.
engine_packages=(
  # Build
  g++ cmake ninja-build pkg-config
  # Libraries
  libcairo2-dev libpango1.0-dev libharfbuzz-dev libpoppler-glib-dev libkainjow-mustache-dev
  libvmime-dev
  libgnutls28-dev libtbb-dev libboost-program-options-dev libtomlplusplus-dev nlohmann-json3-dev
  libsqlite3-dev libssl-dev libqrencode-dev libidn2-dev
  # qpdf reads letterheads as they are, to put their own pages under invoices
  libqpdf-dev
  # libxml2 reads bank statements (ISO 20022 CAMT.053), streaming, in engine/xml/
  libxml2-dev
  # cpp-httplib serves the operator console (engine/console/http_server.cpp)
  libcpp-httplib-dev
  # libpq reaches a PostgreSQL ledger that several workers share (engine/ledger/postgresql_*)
  libpq-dev
  # Run time: fonts for the invoices (DejaVu for Latin, Greek and Cyrillic; WenQuanYi Micro Hei,
  # the smallest CJK font, as the fallback for Chinese, Japanese and Korean), CA certificates
  fonts-dejavu-core fonts-wqy-microhei ca-certificates
)

# What the built engine needs to run and nothing to build it: the shared libraries the mailroom
# binary links (tests/deploy/check_deploy.py checks that every library it names belongs to one of
# these), the fonts and the CA certificates. The container image's runtime stage installs these
# (deploy/kubernetes/Containerfile). libpq5 is PostgreSQL's client library, for a ledger in
# PostgreSQL.
runtime_packages=(
  libcairo2 libpango-1.0-0 libpangocairo-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0
  libfontconfig1 libfreetype6 libglib2.0-0 libpoppler-glib8 libqpdf29 libvmime1 libgnutls30
  libtbb12 libboost-program-options1.74.0 libtomlplusplus3 libsqlite3-0 libssl3 libqrencode4
  libidn2-0 libxml2 libcpp-httplib0.11 zlib1g libpq5 libstdc++6 libgcc-s1 libc6
  fonts-dejavu-core fonts-wqy-microhei ca-certificates
)

# The test suite: GoogleTest, a real SMTP server on loopback, openssl for a throwaway CA, clang and
# its runtime libraries for the libFuzzer pass, zlib to read back the fonts and content streams a
# PDF holds, zxing-cpp to scan the payment QR code on a rendered page, and ReportLab and the qpdf
# command to make letterheads as other programs write them (tests/render/test_letterhead_foreign.cpp),
# clang-format and clang-tidy for the style stage.
test_packages=(libgtest-dev python3-aiosmtpd openssl clang libclang-rt-14-dev zlib1g-dev libzxing-dev
  python3-reportlab qpdf clang-format clang-tidy
  # The console in a real browser (tests/browser/console_browser.py) and the README's screenshots
  # of it (tools/console_screenshots): headless Chromium, its WebDriver, Selenium for Python; Pillow
  # makes the screenshots palette PNGs
  chromium chromium-driver python3-selenium python3-pil
  # The service files and the Kubernetes manifests (tests/deploy/check_deploy.py): systemd-analyze
  # verifies the units offline; strace lists the system calls of a run for the unit's filter;
  # PyYAML reads the manifests
  systemd strace python3-yaml
  # A real PostgreSQL 15 for the ledger's conformance suite, the workers' tests and the deploy
  # check, started by the tests' own fixture (tests/support/postgresql_server.hpp, and .py for
  # the Python tests) as the user postgres
  postgresql-15)

# Prints the packages among the arguments that are not installed, one per line.
missing_packages() {
  local package
  for package in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
      echo "$package"
    fi
  done
}
