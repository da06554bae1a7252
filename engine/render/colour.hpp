#pragma once

namespace mailroom::render {

// An RGB colour, each part from 0 to 1.
struct Colour {
  double red = 0;
  double green = 0;
  double blue = 0;

  bool operator==(const Colour&) const = default;
};

} // namespace mailroom::render
