#pragma once

#include "pixel_difference.hpp"

#include <engine/util/result.hpp>

#include <string>
#include <vector>

// Compares a freshly rendered PDF with its approved sample as a tester would: the number of
// pages, the text of each page, and each page's pixels after rasterising both with Poppler.

namespace mailroom::check {

struct CompareOptions {
  double dpi = 72;
  // Share of a page's pixels (0 to 100) that may differ before the page counts as changed.
  double tolerance_percent = 0.1;
  int channel_threshold = k_default_channel_threshold;
};

enum class DiffImages { Make, Skip };
enum class Verdict { Match, Differs };

struct PageDiffImage {
  int page = 0;    // 1-based.
  std::string png; // The sample faded, differing pixels red.
};

struct Comparison {
  Verdict verdict = Verdict::Match;
  // What differs, for example `page 2, 1.3% pixels` or `3 pages, sample has 2`; empty on a match.
  std::string description;
  std::vector<PageDiffImage> diff_images; // One per differing page, when asked for.
};

// `sample_name` and `candidate_name` name the two PDFs in errors. Byte-equal PDFs match without
// being rasterised: rendering is reproducible, so that is the usual case.
Result<Comparison> compare_pdfs(const std::string& sample, const std::string& sample_name,
                                const std::string& candidate, const std::string& candidate_name,
                                const CompareOptions& options, DiffImages diff_images);

// "1.3%", or two significant digits below 0.1%: "0.043%".
std::string format_percent(double percent);

} // namespace mailroom::check
