#pragma once

#include <engine/util/result.hpp>

#include <cairo.h>

#include <string_view>
#include <vector>

// QR codes through libqrencode, drawn as vectors so they stay sharp at any print size.

namespace mailroom::render {

class QrCode {
public:
  // Encodes UTF-8 text as bytes with error correction level M, as the EPC QR code requires.
  static Result<QrCode> encode(std::string_view text);

  // Modules per side, without the quiet zone.
  int size() const { return m_size; }
  bool is_dark(int row, int column) const {
    return m_dark[static_cast<std::size_t>(row) * static_cast<std::size_t>(m_size) +
                  static_cast<std::size_t>(column)];
  }

  // Paints the dark modules of a `side`-point square whose top left corner is at (`left`, `top`);
  // the caller keeps the quiet zone (four modules) free around it. The context's state is left as
  // it was; a path the caller left unfinished is discarded.
  void draw(cairo_t* context, double left, double top, double side) const;

private:
  QrCode(int size, std::vector<bool> dark);

  int m_size = 0;
  std::vector<bool> m_dark;
};

} // namespace mailroom::render
