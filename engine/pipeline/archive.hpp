#pragma once

#include <engine/util/files.hpp>
#include <engine/util/result.hpp>

#include <filesystem>
#include <string>
#include <string_view>

namespace mailroom::pipeline {

// Keeps every rendered PDF under <archive>/<creditor>/<number>.pdf. A PDF already archived with
// the same content is left alone; one with different content is never overwritten: the new one is
// kept beside it as <number>.<first 12 hex of its SHA-256>.pdf.
//
// Keeping takes two steps, so that building the mail overlaps the disk writing the PDF: `begin`
// writes it beside its place and starts it on its way to disk; `finish` waits until it is on
// disk and gives it its name. A PendingPdf dropped unfinished leaves nothing behind.
class Archive {
public:
  explicit Archive(std::filesystem::path root)
    : m_root(std::move(root)) {}

  class PendingPdf {
  public:
    PendingPdf(PendingPdf&&) noexcept = default;

  private:
    friend class Archive;
    PendingPdf(files::StagedFile staged, std::filesystem::path path, std::string pdf_sha256)
      : m_staged(std::move(staged))
      , m_path(std::move(path))
      , m_pdf_sha256(std::move(pdf_sha256)) {}

    files::StagedFile m_staged;
    std::filesystem::path m_path; // <archive>/<creditor>/<number>.pdf
    std::string m_pdf_sha256;
  };

  Result<PendingPdf> begin(std::string_view creditor, std::string_view number, std::string_view pdf,
                           std::string_view pdf_sha256);

  // Returns the path the PDF is archived at. Syncing::Later leaves the syncs to the archive's
  // group sync (archive_sync.hpp).
  Result<std::filesystem::path> finish(PendingPdf& pending,
                                       files::Syncing syncing = files::Syncing::Now);

  // Where the PDF of this content is archived, as `finish` named it: <number>.pdf, or beside it
  // <number>.<first 12 hex of its SHA-256>.pdf.
  struct Found {
    std::filesystem::path path; // Empty when neither file is there.
    enum class Content { Matches, Differs, Missing } content = Content::Missing;
    std::string bytes; // The file as read and checked, when its content matches.
  };
  Result<Found> find(std::string_view creditor, std::string_view number,
                     std::string_view pdf_sha256) const;

  // Both steps at once.
  Result<std::filesystem::path> keep(std::string_view creditor, std::string_view number,
                                     std::string_view pdf, std::string_view pdf_sha256);

private:
  std::filesystem::path m_root;
};

} // namespace mailroom::pipeline
