// libFuzzer harness: bytes read as a PDF by pdf::PdfIndex, the reader of the PDFs cairo
// writes that the letterhead stamp relies on (pdf/pdf_index.hpp), and every object it finds
// walked with the syntax helpers. Damaged input must give an error, never a crash, a hang, an
// out-of-bounds read or an exception.

#include <engine/pdf/pdf_index.hpp>
#include <engine/pdf/pdf_syntax.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view pdf(reinterpret_cast<const char*>(data), size);
  // The helpers alone, on the whole input.
  mailroom::pdf::references_in(pdf.substr(0, 4096));
  mailroom::pdf::dictionary_value(pdf.substr(0, 4096), "/Type");
  auto index = mailroom::pdf::PdfIndex::read(pdf);
  if (!index) {
    return 0;
  }
  if (auto pages = index->pages()) {
    for (const unsigned page : *pages) {
      if (auto object = index->object(page)) {
        mailroom::pdf::dictionary_value(object->value, "/Contents");
        index->number_value(object->value, "/Resources");
      }
    }
  }
  // Every object the table names, at most a few hundred.
  for (unsigned number = 0; number < index->size() && number < 512; ++number) {
    if (auto object = index->object(number)) {
      mailroom::pdf::references_in(object->value);
    }
  }
  return 0;
}
