#include "sample_invoices.hpp"

#include <engine/render/renderer.hpp>
#include <engine/render/unhinted_fonts.hpp>

#include <fontconfig/fontconfig.h>
#include <gtest/gtest.h>
#include <tests/support/temporary_folder.hpp>
#include <zlib.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TABLES_H

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace mailroom::render {
namespace {

// The machine's DejaVu Sans Book, as fontconfig finds it.
std::string dejavu_sans_file() {
  FcPattern* query = FcNameParse(reinterpret_cast<const FcChar8*>("DejaVu Sans:style=Book"));
  FcConfigSubstitute(nullptr, query, FcMatchPattern);
  FcDefaultSubstitute(query);
  FcResult result = FcResultNoMatch;
  FcPattern* found = FcFontMatch(nullptr, query, &result);
  FcPatternDestroy(query);
  std::string file;
  FcChar8* name = nullptr;
  if (found != nullptr && FcPatternGetString(found, FC_FILE, 0, &name) == FcResultMatch) {
    file = reinterpret_cast<const char*>(name);
  }
  if (found != nullptr) {
    FcPatternDestroy(found);
  }
  return file;
}

class FreeType {
public:
  FreeType() { EXPECT_EQ(FT_Init_FreeType(&m_library), 0); }
  ~FreeType() { FT_Done_FreeType(m_library); }
  FT_Library library() const { return m_library; }

private:
  FT_Library m_library = nullptr;
};

bool has_table(FT_Face face, FT_ULong tag) {
  FT_ULong length = 0;
  return FT_Load_Sfnt_Table(face, tag, 0, nullptr, &length) == 0 && length > 0;
}

struct Outline {
  FT_Pos advance = 0;
  std::vector<FT_Vector> points;
  std::vector<short> contours;
};

Outline outline_of(FT_Face face, FT_ULong character) {
  Outline outline;
  const FT_UInt glyph = FT_Get_Char_Index(face, character);
  EXPECT_NE(glyph, 0U) << character;
  EXPECT_EQ(FT_Load_Glyph(face, glyph, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING), 0);
  outline.advance = face->glyph->advance.x;
  const FT_Outline& shape = face->glyph->outline;
  outline.points.assign(shape.points, shape.points + shape.n_points);
  outline.contours.assign(shape.contours, shape.contours + shape.n_contours);
  return outline;
}

TEST(UnhintedFonts, DropTheHintingAndKeepEveryGlyphAsItWas) {
  const std::string file = dejavu_sans_file();
  ASSERT_FALSE(file.empty()) << "DejaVu Sans is not installed";
  const std::string* unhinted = unhinted_font(file, 0);
  ASSERT_NE(unhinted, nullptr);
  EXPECT_LT(unhinted->size(), std::filesystem::file_size(file));

  FreeType freetype;
  FT_Face original = nullptr;
  FT_Face copy = nullptr;
  ASSERT_EQ(FT_New_Face(freetype.library(), file.c_str(), 0, &original), 0);
  ASSERT_EQ(FT_New_Memory_Face(freetype.library(),
                               reinterpret_cast<const FT_Byte*>(unhinted->data()),
                               static_cast<FT_Long>(unhinted->size()), 0, &copy),
            0);
  for (FT_ULong tag : {FT_MAKE_TAG('f', 'p', 'g', 'm'), FT_MAKE_TAG('p', 'r', 'e', 'p'),
                       FT_MAKE_TAG('c', 'v', 't', ' ')}) {
    EXPECT_TRUE(has_table(original, tag));
    EXPECT_FALSE(has_table(copy, tag));
  }
  EXPECT_STREQ(copy->family_name, original->family_name);
  EXPECT_STREQ(FT_Get_Postscript_Name(copy), FT_Get_Postscript_Name(original));
  EXPECT_EQ(copy->num_glyphs, original->num_glyphs);
  EXPECT_EQ(copy->units_per_EM, original->units_per_EM);
  // Pango shapes from the original file, cairo draws from the copy: the same character must be
  // the same glyph number, advance and outline in both.
  for (FT_ULong character : {FT_ULong('A'), FT_ULong('g'), FT_ULong(0xEB), FT_ULong(0x20AC),
                             FT_ULong(0x0416), FT_ULong('0')}) {
    EXPECT_EQ(FT_Get_Char_Index(copy, character), FT_Get_Char_Index(original, character));
    const Outline before = outline_of(original, character);
    const Outline after = outline_of(copy, character);
    EXPECT_EQ(after.advance, before.advance) << character;
    ASSERT_EQ(after.points.size(), before.points.size()) << character;
    for (std::size_t index = 0; index < before.points.size(); ++index) {
      EXPECT_EQ(after.points[index].x, before.points[index].x);
      EXPECT_EQ(after.points[index].y, before.points[index].y);
    }
    EXPECT_EQ(after.contours, before.contours) << character;
  }
  FT_Done_Face(copy);
  FT_Done_Face(original);
}

TEST(UnhintedFonts, AreMadeOnceAndOnlyWhereThereIsHintingToDrop) {
  const std::string file = dejavu_sans_file();
  ASSERT_FALSE(file.empty());
  const std::string* first = unhinted_font(file, 0);
  EXPECT_EQ(unhinted_font(file, 0), first);

  testing::TemporaryFolder folder;
  // A copy without hinting has none to drop.
  const auto copy = folder.path() / "unhinted.ttf";
  std::ofstream(copy, std::ios::binary) << *first;
  EXPECT_EQ(unhinted_font(copy.string(), 0), nullptr);
  // Neither has what is not a font, nor a file that is not there.
  const auto text = folder.path() / "not-a-font.ttf";
  std::ofstream(text) << "not a font";
  EXPECT_EQ(unhinted_font(text.string(), 0), nullptr);
  EXPECT_EQ(unhinted_font((folder.path() / "missing.ttf").string(), 0), nullptr);
}

// The font programs a PDF embeds (/FontFile2 streams), inflated.
std::vector<std::string> embedded_truetype_fonts(const std::string& pdf) {
  std::vector<std::string> fonts;
  for (std::size_t at = pdf.find("/Length1"); at != std::string::npos;
       at = pdf.find("/Length1", at + 1)) {
    std::size_t start = pdf.find("stream", at);
    if (start == std::string::npos) {
      break;
    }
    start += std::strlen("stream");
    while (start < pdf.size() && (pdf[start] == '\r' || pdf[start] == '\n')) {
      ++start;
    }
    const std::size_t end = pdf.find("endstream", start);
    if (end == std::string::npos) {
      break;
    }
    std::string inflated(1 << 20, '\0');
    uLongf length = inflated.size();
    EXPECT_EQ(uncompress(reinterpret_cast<Bytef*>(inflated.data()), &length,
                         reinterpret_cast<const Bytef*>(pdf.data() + start), end - start),
              Z_OK);
    inflated.resize(length);
    fonts.push_back(std::move(inflated));
  }
  return fonts;
}

// The tags in a TrueType font's table directory.
std::vector<std::string> table_tags(const std::string& font) {
  std::vector<std::string> tags;
  if (font.size() < 12) {
    return tags;
  }
  const unsigned count =
    (static_cast<unsigned char>(font[4]) << 8) | static_cast<unsigned char>(font[5]);
  for (unsigned index = 0; index < count && 12 + 16 * index + 4 <= font.size(); ++index) {
    tags.push_back(font.substr(12 + 16 * index, 4));
  }
  return tags;
}

TEST(UnhintedFonts, InvoicesEmbedTheirFontsWithoutHinting) {
  Renderer renderer;
  auto rendered = renderer.render(samples::short_invoice(), samples::acme(), Letterhead::Omit);
  ASSERT_TRUE(rendered.has_value()) << rendered.error().to_string();
  const auto fonts = embedded_truetype_fonts(rendered->bytes);
  ASSERT_GE(fonts.size(), 2U); // DejaVu Sans and DejaVu Sans Bold.
  for (const std::string& font : fonts) {
    const auto tags = table_tags(font);
    EXPECT_NE(std::find(tags.begin(), tags.end(), "glyf"), tags.end());
    for (const char* hinting : {"fpgm", "prep", "cvt "}) {
      EXPECT_EQ(std::find(tags.begin(), tags.end(), hinting), tags.end()) << hinting;
    }
  }
}

} // namespace
} // namespace mailroom::render
