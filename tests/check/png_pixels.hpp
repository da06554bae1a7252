#pragma once

#include <cairo.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>

namespace mailroom::testing {

// Counts the pure red pixels of a PNG (the differences a diff image marks), read with cairo.
inline long count_red_pixels(const std::string& png) {
  struct Reader {
    const std::string* bytes;
    size_t offset = 0;
  } reader{&png};
  cairo_surface_t* image = cairo_image_surface_create_from_png_stream(
    [](void* closure, unsigned char* data, unsigned int length) {
      auto* source = static_cast<Reader*>(closure);
      if (source->offset + length > source->bytes->size()) {
        return CAIRO_STATUS_READ_ERROR;
      }
      std::memcpy(data, source->bytes->data() + source->offset, length);
      source->offset += length;
      return CAIRO_STATUS_SUCCESS;
    },
    &reader);
  EXPECT_EQ(cairo_surface_status(image), CAIRO_STATUS_SUCCESS);
  cairo_surface_flush(image);
  long red = 0;
  const int width = cairo_image_surface_get_width(image);
  const int height = cairo_image_surface_get_height(image);
  const int stride = cairo_image_surface_get_stride(image);
  const unsigned char* data = cairo_image_surface_get_data(image);
  for (int y = 0; data != nullptr && y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      std::uint32_t pixel = 0;
      std::memcpy(&pixel, data + static_cast<size_t>(y) * stride + static_cast<size_t>(x) * 4, 4);
      red += (pixel & 0xffffff) == 0xff0000;
    }
  }
  cairo_surface_destroy(image);
  return red;
}

} // namespace mailroom::testing
