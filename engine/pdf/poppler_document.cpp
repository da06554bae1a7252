#include "poppler_document.hpp"

namespace mailroom::pdf {

Result<PopplerDocumentPointer> open_poppler_document(std::string bytes) {
  // GBytes takes the string over, so Poppler can keep reading it after this function returns.
  auto* owned = new std::string(std::move(bytes));
  GBytesPointer data(g_bytes_new_with_free_func(
    owned->data(), owned->size(), [](gpointer text) { delete static_cast<std::string*>(text); },
    owned));
  GError* raw_error = nullptr;
  PopplerDocumentPointer document(poppler_document_new_from_bytes(data.get(), nullptr, &raw_error));
  GErrorPointer error(raw_error);
  if (!document) {
    return make_error(error ? error->message : "unknown error");
  }
  return document;
}

} // namespace mailroom::pdf
