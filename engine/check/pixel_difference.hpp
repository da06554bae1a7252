#pragma once

#include "raster.hpp"

#include <engine/util/result.hpp>

// Comparing two rasters of the same page. A pixel differs when any colour channel differs by
// more than a threshold: antialiasing may shift edges by a shade or two between two builds of
// the same fonts, and that is not a layout change.

namespace mailroom::check {

constexpr int k_default_channel_threshold = 16; // Of 255.

struct PixelDifference {
  long long differing = 0;
  long long total = 0;

  // Share of differing pixels, 0 to 100.
  double percent() const;
};

// Compares over the larger of the two sizes; a pixel that only one raster has differs.
PixelDifference count_differences(const Raster& sample, const Raster& candidate,
                                  int channel_threshold = k_default_channel_threshold);

// The sample faded to a light grey, with every differing pixel painted red, so a reviewer sees
// at once where the page changed.
Result<Raster> highlight_differences(const Raster& sample, const Raster& candidate,
                                     int channel_threshold = k_default_channel_threshold);

} // namespace mailroom::check
