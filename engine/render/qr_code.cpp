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
  cairo_new_path(context); // cairo_save keeps no path: anything left over would be stroked too.
  cairo_set_source_rgb(context, 0, 0, 0);
  // Each run of dark modules in a row is a line one module thick through the row's middle, cut
  // off flat at the run's ends: exactly the run's rectangle, for two points instead of four.
  // cairo writes every coordinate of a page with printf, and a QR code has hundreds of runs:
  // drawn as rectangles it cost as much as the rest of the invoice (bench/HISTORY.md). All runs
  // are one path, stroked once, so a viewer covers their union with no seams between them.
  cairo_set_line_width(context, module);
  cairo_set_line_cap(context, CAIRO_LINE_CAP_BUTT);
  cairo_set_dash(context, nullptr, 0, 0);
  for (int row = 0; row < m_size; ++row) {
    const double middle = top + (row + 0.5) * module;
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
      cairo_move_to(context, left + start * module, middle);
      cairo_line_to(context, left + column * module, middle);
    }
  }
  cairo_stroke(context);
  cairo_restore(context);
}

} // namespace mailroom::render
