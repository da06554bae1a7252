#pragma once

#include <engine/util/result.hpp>

#include <filesystem>
#include <string>
#include <string_view>

namespace mailroom::pipeline {

// Keeps every rendered PDF under <archive>/<creditor>/<number>.pdf. A PDF already archived with
// the same content is left alone; one with different content is never overwritten: the new one is
// kept beside it as <number>.<first 12 hex of its SHA-256>.pdf.
class Archive {
public:
  explicit Archive(std::filesystem::path root)
    : m_root(std::move(root)) {}

  // Returns the path the PDF is archived at.
  Result<std::filesystem::path> keep(std::string_view creditor, std::string_view number,
                                     std::string_view pdf, std::string_view pdf_sha256);

private:
  std::filesystem::path m_root;
};

} // namespace mailroom::pipeline
