#include "pixel_difference.hpp"

#include <algorithm>
#include <cstdlib>

namespace mailroom::check {

namespace {

constexpr std::uint32_t k_red = 0xff0000;
constexpr std::uint32_t k_white = 0xffffff;

bool inside(const Raster& raster, int x, int y) {
  return x < raster.width() && y < raster.height();
}

bool channels_differ(std::uint32_t first, std::uint32_t second, int threshold) {
  for (int shift = 0; shift <= 16; shift += 8) {
    const int a = static_cast<int>((first >> shift) & 0xff);
    const int b = static_cast<int>((second >> shift) & 0xff);
    if (std::abs(a - b) > threshold) {
      return true;
    }
  }
  return false;
}

bool pixel_differs(const Raster& sample, const Raster& candidate, int x, int y, int threshold) {
  const bool in_sample = inside(sample, x, y);
  const bool in_candidate = inside(candidate, x, y);
  if (!in_sample || !in_candidate) {
    return true; // A pixel only one raster has (or neither, when the sizes cross) is a change.
  }
  return channels_differ(sample.pixel(x, y), candidate.pixel(x, y), threshold);
}

// Three quarters of the way to white: the page stays legible without competing with the red.
std::uint32_t faded(std::uint32_t rgb) {
  std::uint32_t result = 0;
  for (int shift = 0; shift <= 16; shift += 8) {
    const std::uint32_t channel = (rgb >> shift) & 0xff;
    result |= (255 - (255 - channel) / 4) << shift;
  }
  return result;
}

} // namespace

double PixelDifference::percent() const {
  return total == 0 ? 0.0 : 100.0 * static_cast<double>(differing) / static_cast<double>(total);
}

PixelDifference count_differences(const Raster& sample, const Raster& candidate,
                                  int channel_threshold) {
  const int width = std::max(sample.width(), candidate.width());
  const int height = std::max(sample.height(), candidate.height());
  PixelDifference difference;
  difference.total = static_cast<long long>(width) * height;
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      if (pixel_differs(sample, candidate, x, y, channel_threshold)) {
        ++difference.differing;
      }
    }
  }
  return difference;
}

Result<Raster> highlight_differences(const Raster& sample, const Raster& candidate,
                                     int channel_threshold) {
  const int width = std::max(sample.width(), candidate.width());
  const int height = std::max(sample.height(), candidate.height());
  auto image = TRY(Raster::blank(width, height));
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      if (pixel_differs(sample, candidate, x, y, channel_threshold)) {
        image.set_pixel(x, y, k_red);
      } else {
        image.set_pixel(x, y, inside(sample, x, y) ? faded(sample.pixel(x, y)) : k_white);
      }
    }
  }
  return image;
}

} // namespace mailroom::check
