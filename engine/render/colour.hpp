#pragma once

#include <cairo.h>

namespace mailroom::render {

// An RGB colour, each part from 0 to 1.
struct Colour {
  double red = 0;
  double green = 0;
  double blue = 0;

  bool operator==(const Colour&) const = default;
};

// Makes `colour` what `context` draws with next.
inline void set_colour(cairo_t* context, Colour colour) {
  cairo_set_source_rgb(context, colour.red, colour.green, colour.blue);
}

} // namespace mailroom::render
