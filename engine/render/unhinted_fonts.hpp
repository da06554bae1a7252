#pragma once

#include <string>

// Font files without their TrueType hinting, for embedding into PDFs.
//
// Hinting is bytecode that snaps outlines to the pixel grid of a screen at small sizes. A PDF
// page is scaled freely, and viewers draw its fonts without that bytecode (Poppler, pdf.js and
// the Skia-based viewers never run it), yet cairo copies it into every font subset it embeds:
// for DejaVu Sans 60% of each subset, the `fpgm`, `prep` and `cvt ` tables and each glyph's
// instructions, written and deflated again into every invoice. Without them an invoice is a
// quarter smaller and cheaper to make; the outlines, metrics and glyph numbers are the same.
//
// HarfBuzz's subsetter makes the copy: every glyph kept under its own number, only the hinting
// left out. Pango still shapes text from the original file, so the glyph numbers must not move.

namespace mailroom::render {

// The bytes of face `face_index` of `file` without hinting, made once per process and kept for
// its life (FreeType faces opened from them never outlive them). Null when the face has no
// hinting to drop or HarfBuzz cannot make the copy: the file is then used as it is.
const std::string* unhinted_font(const std::string& file, int face_index);

} // namespace mailroom::render
