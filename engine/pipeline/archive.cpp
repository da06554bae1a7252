#include "archive.hpp"

#include <engine/util/files.hpp>
#include <engine/util/hash.hpp>

#include <cerrno>

namespace mailroom::pipeline {

Result<Archive::PendingPdf> Archive::begin(std::string_view creditor, std::string_view number,
                                           std::string_view pdf, std::string_view pdf_sha256) {
  // Invoice numbers and creditor ids are checked to be plain names when read; this is a second
  // line of defence against leaving the archive folder.
  const auto unsafe = [](std::string_view name) {
    return name.find_first_of(std::string_view("/\\\0", 3)) != std::string_view::npos;
  };
  if (unsafe(creditor) || unsafe(number) || creditor.empty() || number.empty() ||
      creditor.front() == '.' || number.front() == '.') {
    return make_error("refusing to archive \"" + std::string(number) + "\" of \"" +
                      std::string(creditor) + "\": not a plain file name");
  }
  const auto folder = m_root / std::string(creditor);
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) {
    return make_error("cannot create the archive folder: " + error.message(),
                      Location{folder.string()});
  }
  auto path = folder / (std::string(number) + ".pdf");
  auto staged = TRY(files::StagedFile::write(path, pdf));
  return PendingPdf(std::move(staged), std::move(path), std::string(pdf_sha256));
}

namespace {

enum class Placement { Placed, AlreadyThere };

// Gives the staged PDF the name `target`, unless a file already has it. A file found there was
// put there by an earlier run, which may have stopped before its folder was synced: the caller
// syncs the folder before such a file counts as archived.
Result<Placement> place(files::StagedFile& staged, const std::filesystem::path& target,
                        files::Syncing syncing) {
  auto placed = staged.put_in_place(target, files::Overwrite::Refused, syncing);
  if (placed) {
    return Placement::Placed;
  }
  // Placed but not synced (the folder's sync failed), or not placed for another reason than a
  // file already there: either way the PDF is not safely archived.
  if (staged.placed() || !std::filesystem::exists(target)) {
    return std::move(placed).error();
  }
  return Placement::AlreadyThere;
}

} // namespace

Result<std::filesystem::path> Archive::finish(PendingPdf& pending, files::Syncing syncing) {
  const auto& path = pending.m_path;
  // A file already there, of an earlier run, is synced now unless the caller syncs later anyway.
  const auto sync_found = [syncing](const std::filesystem::path& found) -> Status {
    return syncing == files::Syncing::Now ? files::sync_folder_of(found) : Status(Ok{});
  };
  if (TRY(place(pending.m_staged, path, syncing)) == Placement::Placed) {
    return path;
  }
  auto existing = TRY(files::read_file(path));
  if (hash::sha256_hex(existing) == pending.m_pdf_sha256) {
    TRY(sync_found(path));
    return path; // The same PDF is already there: the staged copy is dropped with `pending`.
  }
  auto number = path.stem().string();
  const auto versioned =
    path.parent_path() / (number + "." + pending.m_pdf_sha256.substr(0, 12) + ".pdf");
  if (TRY(place(pending.m_staged, versioned, syncing)) == Placement::AlreadyThere) {
    TRY(sync_found(versioned));
  }
  return versioned;
}

Result<Archive::Found> Archive::find(std::string_view creditor, std::string_view number,
                                     std::string_view pdf_sha256) const {
  const auto folder = m_root / std::string(creditor);
  const auto first = folder / (std::string(number) + ".pdf");
  const auto beside =
    folder / (std::string(number) + "." + std::string(pdf_sha256.substr(0, 12)) + ".pdf");
  Found found;
  for (const auto& path : {first, beside}) {
    std::error_code error;
    if (!std::filesystem::exists(path, error)) {
      continue;
    }
    auto bytes = TRY(files::read_file(path));
    if (hash::sha256_hex(bytes) == pdf_sha256) {
      return Found{path, Found::Content::Matches, std::move(bytes)};
    }
    if (found.path.empty()) {
      found = Found{path, Found::Content::Differs};
    }
  }
  return found;
}

Result<std::filesystem::path> Archive::keep(std::string_view creditor, std::string_view number,
                                            std::string_view pdf, std::string_view pdf_sha256) {
  auto pending = TRY(begin(creditor, number, pdf, pdf_sha256));
  return finish(pending);
}

} // namespace mailroom::pipeline
