#pragma once

#include <shared_mutex>

// The process-wide lock around Poppler's fonts. The PDF layer takes it itself: PdfFile
// (pdf_file.hpp) for as long as a file is open, the letterhead's reading (render/letterhead.cpp)
// while it opens, records and releases a letterhead, the Renderer shared while it draws an invoice.
//
// Held exclusively by everything that makes, draws with or releases fonts Poppler makes from a
// PDF: opening, recording and releasing a letterhead, replaying PDFs into a print bundle,
// rasterising PDFs to compare them with samples. Drawing an invoice holds it shared, with or
// without a letterhead, so invoices are drawn in parallel with each other, never beside Poppler's
// own work.
//
// Poppler makes the faces of a PDF's embedded fonts through one FreeType library shared by the
// whole process, which wants faces made and released one at a time. And a Poppler document drawn
// directly makes and releases fonts run by run, which cairo 1.16 cannot do beside another thread
// (render/font_pins.hpp); a recorded letterhead does not.

namespace mailroom::pdf {

// Holds the lock exclusively: Poppler's own work. A thread that already holds it exclusively
// (two PdfFiles open at once, as a comparison has) holds it once more instead of waiting for
// itself.
class ExclusiveFontsLock {
public:
  ExclusiveFontsLock();
  ~ExclusiveFontsLock();
  ExclusiveFontsLock(const ExclusiveFontsLock&) = delete;
  ExclusiveFontsLock& operator=(const ExclusiveFontsLock&) = delete;
};

// Holds the lock shared: drawing an invoice with cairo, beside other invoices.
class SharedFontsLock {
public:
  SharedFontsLock();
  ~SharedFontsLock();
  SharedFontsLock(const SharedFontsLock&) = delete;
  SharedFontsLock& operator=(const SharedFontsLock&) = delete;
};

} // namespace mailroom::pdf
