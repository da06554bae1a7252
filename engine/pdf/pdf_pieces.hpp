#pragma once

#include <string>
#include <string_view>
#include <vector>

// Objects made once and added to many PDFs, each time with other object numbers: their bytes,
// cut where a number of an object of the set is to be printed as the number it gets in the PDF
// it is added to.

namespace mailroom::pdf {

// Bytes to write, after the new number of object `object` of the set when there is one.
struct Piece {
  std::string text;
  int object = -1;
};
using Pieces = std::vector<Piece>;

// A piece's number is written before its text, so text always goes on the last piece.
inline void add_text(Pieces& pieces, std::string_view text) {
  if (pieces.empty()) {
    pieces.push_back(Piece{});
  }
  pieces.back().text.append(text);
}

inline void add_number(Pieces& pieces, int object) {
  pieces.push_back(Piece{.object = object});
}

// "12 0 R", where 12 is the number object `object` gets.
inline void add_reference(Pieces& pieces, int object) {
  add_number(pieces, object);
  add_text(pieces, " 0 R");
}

inline void add_stream(Pieces& pieces, std::string_view bytes) {
  add_text(pieces, "\nstream\n");
  add_text(pieces, bytes);
  add_text(pieces, "\nendstream");
}

} // namespace mailroom::pdf
