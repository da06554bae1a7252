#include "qr_code.hpp"

#include <qrencode.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>

namespace mailroom::render {

namespace {

struct QrDeleter {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

} // namespace

QrCode::QrCode(int size, std::vector<bool> dark)
  : m_size(size)
  , m_dark(std::move(dark)) {}

Result<QrCode> QrCode::encode(std::string_view text) {
  // libqrencode wants a NUL-terminated string; the EPC payload never contains NUL.
  const std::string copy(text);
  errno = 0;
  std::unique_ptr<QRcode, QrDeleter> code(QRcode_encodeString8bit(copy.c_str(), 0, QR_ECLEVEL_M));
  if (!code) {
    return make_error(std::string("cannot make the QR code: ") + std::strerror(errno));
  }
  const int size = code->width;
  std::vector<bool> dark(static_cast<std::size_t>(size) * static_cast<std::size_t>(size));
  for (std::size_t index = 0; index < dark.size(); ++index) {
    dark[index] = (code->data[index] & 1) != 0; // Bit 0 is the colour; the others are internal.
  }
  return QrCode(size, std::move(dark));
}

void QrCode::draw(cairo_t* context, double left, double top, double side) const {
  if (m_size == 0) {
    return;
  }
  const double module = side / m_size;
  cairo_save(context);
  cairo_set_source_rgb(context, 0, 0, 0);
  // One rectangle per run of dark modules in a row: fewer, larger shapes, and no hairline gaps
  // between neighbours when a viewer anti-aliases them.
  for (int row = 0; row < m_size; ++row) {
    int column = 0;
    while (column < m_size) {
      if (!is_dark(row, column)) {
        ++column;
        continue;
      }
      const int start = column;
      while (column < m_size && is_dark(row, column)) {
        ++column;
      }
      cairo_rectangle(context, left + start * module, top + row * module, (column - start) * module,
                      module);
    }
  }
  cairo_fill(context);
  cairo_restore(context);
}

} // namespace mailroom::render
