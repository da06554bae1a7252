#pragma once

#include <engine/util/result.hpp>

#include <filesystem>
#include <memory>
#include <string>

// One PDF for the printer made of many invoice PDFs, page after page. Pages are replayed with
// Poppler onto a cairo PDF surface, so text and lines stay vectors, and the file is written as it
// grows: one invoice is in memory at a time, however many the bundle holds.
//
// FIXME: cairo sees the fonts of each invoice PDF as new faces, so every invoice embeds its own
// font subsets again (about 25 KB each) and cairo keeps those subsets until finish(). Sharing
// them would need our own font mapping in place of Poppler's replay.

namespace mailroom::print {

// On: every invoice starts on an odd page (the front of a sheet), so no sheet carries the end
// of one invoice and the start of the next. A blank page is put in between when needed, never
// after the last invoice.
enum class Duplex { Off, On };

class BundleWriter {
public:
  // Starts `out` (written under a temporary name until finish(), so a half-written bundle never
  // looks like a finished one). `title` goes into the PDF's metadata.
  static Result<BundleWriter> create(const std::filesystem::path& out, Duplex duplex,
                                     const std::string& title);

  BundleWriter(BundleWriter&& other) noexcept;
  BundleWriter& operator=(BundleWriter&& other) noexcept;
  // Without finish(), the temporary file is removed.
  ~BundleWriter();

  // Appends every page of the PDF in `bytes`; `name` appears in errors.
  Status add(std::string bytes, const std::string& name);

  // Completes the PDF and moves it to `out`. An error if nothing was added.
  Status finish();

  int document_count() const;
  int page_count() const; // Including blank pages put in for duplex printing.

private:
  struct State;
  explicit BundleWriter(std::unique_ptr<State> state);
  std::unique_ptr<State> m_state;
};

} // namespace mailroom::print
