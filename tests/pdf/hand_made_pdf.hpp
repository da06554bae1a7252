#pragma once

#include <engine/pdf/pdf_writer.hpp>

#include <cairo.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <regex>
#include <string>
#include <vector>

// PDFs for the tests of the PDF reader and the letterhead stamp, made by cairo or by hand, and a
// strict check of the cross-reference sections of a PDF, independent of the reader under test
// (Poppler quietly repairs a damaged table, so reading a PDF back with it proves little about
// one).

namespace mailroom::testing {

// A document of `pages` pages as cairo writes it, with a box and a line of text on each ("Body of
// page N"), as an invoice would have; `under_each_page(context, index)`, if given, draws first on
// every page.
inline std::string cairo_document(const std::string& title, int pages,
                                  const std::function<void(cairo_t*, int)>& under_each_page = {}) {
  pdf::PdfWriter writer(pdf::DocumentInfo{.title = title, .created = time::Date{2026, 11, 27}});
  cairo_t* context = writer.context();
  for (int page = 0; page < pages; ++page) {
    if (under_each_page) {
      under_each_page(context, page);
    }
    cairo_set_source_rgb(context, 0.2, 0.3, 0.6);
    cairo_rectangle(context, 60, 300, 200, 80);
    cairo_fill(context);
    cairo_move_to(context, 60, 420);
    cairo_show_text(context, ("Body of page " + std::to_string(page + 1)).c_str());
    writer.end_page();
  }
  auto bytes = writer.finish();
  EXPECT_TRUE(bytes.has_value());
  return bytes ? *bytes : std::string();
}

// A PDF of the given objects ("<< … >>" or "<< … >>\nstream\n…\nendstream"), numbered from 1,
// with a correct cross-reference table, as cairo lays one out; object 1 is the catalog.
// `extra_trailer` goes into the trailer after /Size and /Root.
inline std::string hand_made_pdf(const std::vector<std::string>& objects,
                                 const std::string& extra_trailer = "") {
  std::string pdf = "%PDF-1.5\n";
  std::vector<size_t> offsets;
  for (size_t at = 0; at < objects.size(); ++at) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(at + 1) + " 0 obj\n" + objects[at] + "\nendobj\n";
  }
  const size_t table = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (const size_t offset : offsets) {
    char entry[32];
    std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", offset);
    pdf += entry;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R" +
         extra_trailer + " >>\nstartxref\n" + std::to_string(table) + "\n%%EOF\n";
  return pdf;
}

// Checks that `updated` is `original` with one incremental update appended, written to the
// letter of ISO 32000-1 7.5.4-7.5.6: startxref leads to "xref"; every entry is 20 bytes and its
// offset lands on "N 0 obj" of that number, inside the update; /Prev leads to the original
// table; /Size is one more than the highest object number of both sections; every stream of
// the update is exactly as long as its /Length says, followed by an end of line and
// "endstream".
inline void expect_well_formed_update(const std::string& original, const std::string& updated) {
  EXPECT_EQ(updated.substr(0, original.size()), original) << "the original bytes changed";
  const auto start_of = [](const std::string& pdf) -> size_t {
    std::smatch match;
    static const std::regex start("startxref\n([0-9]+)\n%%EOF\n?$");
    const std::string tail = pdf.substr(pdf.size() > 64 ? pdf.size() - 64 : 0);
    return std::regex_search(tail, match, start) ? std::stoul(match[1]) : std::string::npos;
  };
  const size_t original_table = start_of(original);
  const size_t table = start_of(updated);
  EXPECT_NE(table, std::string::npos);
  if (table == std::string::npos || table >= updated.size()) {
    return;
  }
  EXPECT_GT(table, original.size());
  EXPECT_EQ(updated.substr(table, 5), "xref\n");

  // The table: subsections of "first count\n" and entries of exactly 20 bytes.
  std::map<unsigned, size_t> offsets;
  size_t at = table + 5;
  static const std::regex subsection("^([0-9]+) ([0-9]+)\n");
  static const std::regex entry("^([0-9]{10}) 00000 n \n$");
  std::smatch match;
  while (true) {
    const std::string line = updated.substr(at, updated.find('\n', at) + 1 - at);
    if (!std::regex_match(line, match, subsection)) {
      break;
    }
    const unsigned first = std::stoul(match[1]);
    const unsigned count = std::stoul(match[2]);
    at += line.size();
    for (unsigned index = 0; index < count; ++index, at += 20) {
      const std::string text = updated.substr(at, 20);
      ASSERT_TRUE(std::regex_match(text, match, entry)) << "entry \"" << text << "\"";
      const size_t offset = std::stoul(match[1]);
      const unsigned number = first + index;
      EXPECT_GE(offset, original.size()) << "object " << number;
      EXPECT_EQ(updated.substr(offset, std::to_string(number).size() + 6),
                std::to_string(number) + " 0 obj")
        << "object " << number << " at " << offset;
      offsets[number] = offset;
    }
  }
  EXPECT_EQ(updated.substr(at, 8), "trailer\n");

  // The trailer: /Prev to the original table, /Size past every object number.
  const std::string trailer = updated.substr(at, updated.find(">>", at) - at);
  std::smatch key;
  ASSERT_TRUE(std::regex_search(trailer, key, std::regex("/Prev ([0-9]+)"))) << trailer;
  EXPECT_EQ(std::stoul(key[1]), original_table);
  ASSERT_TRUE(std::regex_search(trailer, key, std::regex("/Size ([0-9]+)"))) << trailer;
  const unsigned size = std::stoul(key[1]);
  std::smatch original_size;
  EXPECT_TRUE(std::regex_search(original, original_size, std::regex("/Size ([0-9]+)")));
  const unsigned highest = offsets.empty() ? 0 : offsets.rbegin()->first;
  EXPECT_EQ(size, std::max<unsigned>(highest + 1, std::stoul(original_size[1])));

  // Streams: /Length, direct or by a reference to an object of the update, to the byte.
  for (const auto& [number, offset] : offsets) {
    const size_t end = updated.find("\nendobj", offset);
    const std::string object = updated.substr(offset, end - offset);
    const size_t stream = object.find(">>\nstream\n");
    if (stream == std::string::npos) {
      continue;
    }
    std::smatch length;
    const std::string head = object.substr(0, stream);
    ASSERT_TRUE(std::regex_search(head, length, std::regex("/Length ([0-9]+)( 0 R)?")))
      << "object " << number;
    size_t bytes = std::stoul(length[1]);
    if (length[2].matched) {
      ASSERT_TRUE(offsets.count(bytes)) << "object " << number << ": /Length refers outside";
      const size_t value = offsets.at(bytes);
      const std::string text = updated.substr(value, updated.find("endobj", value) - value);
      std::smatch number_text;
      ASSERT_TRUE(std::regex_search(text, number_text, std::regex("obj\\s+([0-9]+)\\s")));
      bytes = std::stoul(number_text[1]);
    }
    const size_t data = offset + stream + 10;
    EXPECT_EQ(updated.substr(data + bytes, 10), "\nendstream") << "object " << number;
  }
}

} // namespace mailroom::testing
