#include "compare.hpp"

#include "raster.hpp"
#include "text_difference.hpp"

#include <engine/pdf/pdf_file.hpp>

#include <cstdio>

namespace mailroom::check {

using pdf::PdfFile;

namespace {

std::string pages(int count) {
  return std::to_string(count) + (count == 1 ? " page" : " pages");
}

std::string quoted_or_nothing(const std::string& text) {
  return text.empty() ? std::string("nothing") : "\"" + text + "\"";
}

void append_part(std::string& description, const std::string& part) {
  if (part.empty()) {
    return;
  }
  if (!description.empty()) {
    description += "; ";
  }
  description += part;
}

} // namespace

std::string format_percent(double percent) {
  char text[32];
  std::snprintf(text, sizeof text, percent >= 0.1 || percent == 0 ? "%.1f%%" : "%.2g%%", percent);
  return text;
}

Result<Comparison> compare_pdfs(const std::string& sample, const std::string& sample_name,
                                const std::string& candidate, const std::string& candidate_name,
                                const CompareOptions& options, DiffImages diff_images) {
  Comparison comparison;
  if (sample == candidate) {
    return comparison;
  }
  const auto sample_pdf = TRY(PdfFile::open(sample, sample_name));
  const auto candidate_pdf = TRY(PdfFile::open(candidate, candidate_name));
  if (sample_pdf.page_count() != candidate_pdf.page_count()) {
    comparison.verdict = Verdict::Differs;
    comparison.description =
      pages(candidate_pdf.page_count()) + ", sample has " + std::to_string(sample_pdf.page_count());
    return comparison;
  }

  std::string text_part;
  std::string pixel_parts;
  for (int index = 0; index < sample_pdf.page_count(); ++index) {
    const int page = index + 1;
    const auto text =
      first_text_difference(sample_pdf.page_text(index), candidate_pdf.page_text(index));
    if (text && text_part.empty()) {
      text_part = "text on page " + std::to_string(page) + ": expected " +
                  quoted_or_nothing(text->expected) + ", got " + quoted_or_nothing(text->got);
    }
    const auto sample_raster = TRY(Raster::of_page(sample_pdf, index, options.dpi));
    const auto candidate_raster = TRY(Raster::of_page(candidate_pdf, index, options.dpi));
    const auto pixels =
      count_differences(sample_raster, candidate_raster, options.channel_threshold);
    const bool pixels_differ = pixels.percent() > options.tolerance_percent;
    if (pixels_differ) {
      append_part(pixel_parts, "page " + std::to_string(page) + ", " +
                                 format_percent(pixels.percent()) + " pixels");
    }
    if ((text || pixels_differ) && diff_images == DiffImages::Make) {
      const auto image =
        TRY(highlight_differences(sample_raster, candidate_raster, options.channel_threshold));
      comparison.diff_images.push_back(PageDiffImage{page, TRY(image.png())});
    }
  }
  append_part(comparison.description, text_part);
  append_part(comparison.description, pixel_parts);
  if (!comparison.description.empty()) {
    comparison.verdict = Verdict::Differs;
  }
  return comparison;
}

} // namespace mailroom::check
