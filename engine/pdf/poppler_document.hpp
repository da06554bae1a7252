#pragma once

#include "handles.hpp"

#include <engine/util/result.hpp>

#include <string>

// Opening a PDF held in memory with Poppler: the one place that calls Poppler's constructor.

namespace mailroom::pdf {

// Opens the PDF in `bytes`, kept for as long as the document lives. The error is Poppler's own
// message, for the caller to say what could not be read. Call with the fonts lock held
// exclusively (fonts_lock.hpp).
Result<PopplerDocumentPointer> open_poppler_document(std::string bytes);

} // namespace mailroom::pdf
