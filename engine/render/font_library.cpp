#include "font_library.hpp"

#include "unhinted_fonts.hpp"

#include <fontconfig/fcfreetype.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <array>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mailroom::render {

namespace {

// The invoice font first, then the fallback for Chinese, Japanese and Korean text.
constexpr std::array<const char*, 2> k_families = {"DejaVu Sans", "WenQuanYi Micro Hei"};

// The font files of our families on this machine, sorted so every set is made the same way.
std::vector<std::string> font_files() {
  std::vector<std::string> files;
  for (const char* family : k_families) {
    FcPattern* query = FcPatternCreate();
    FcPatternAddString(query, FC_FAMILY, reinterpret_cast<const FcChar8*>(family));
    FcObjectSet* wanted = FcObjectSetBuild(FC_FILE, nullptr);
    FcFontSet* found = FcFontList(nullptr, query, wanted);
    FcObjectSetDestroy(wanted);
    FcPatternDestroy(query);
    if (found == nullptr) {
      continue;
    }
    for (int index = 0; index < found->nfont; ++index) {
      FcChar8* file = nullptr;
      if (FcPatternGetString(found->fonts[index], FC_FILE, 0, &file) == FcResultMatch) {
        files.emplace_back(reinterpret_cast<const char*>(file));
      }
    }
    FcFontSetDestroy(found);
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

// Whether the face is one of the invoice font's that Typesetter sets text in: upright, of normal
// width, regular or bold.
bool is_invoice_face(FcPattern* pattern) {
  FcChar8* family = nullptr;
  int slant = FC_SLANT_ROMAN;
  int width = FC_WIDTH_NORMAL;
  int weight = FC_WEIGHT_REGULAR;
  FcPatternGetInteger(pattern, FC_SLANT, 0, &slant);
  FcPatternGetInteger(pattern, FC_WIDTH, 0, &width);
  FcPatternGetInteger(pattern, FC_WEIGHT, 0, &weight);
  return FcPatternGetString(pattern, FC_FAMILY, 0, &family) == FcResultMatch &&
         std::string_view(reinterpret_cast<const char*>(family)) == k_families[0] &&
         slant == FC_SLANT_ROMAN && width == FC_WIDTH_NORMAL &&
         (weight == FC_WEIGHT_REGULAR || weight == FC_WEIGHT_BOLD);
}

} // namespace

// Never destroyed (see the header): the pool keeps it between leases.
struct FontSet {
  FT_Library library = nullptr;
  std::vector<FT_Face> faces;
  FcConfig* configuration = nullptr;

  static FontSet* make();
};

FontSet* FontSet::make() {
  auto* set = new FontSet;
  const std::vector<std::string> files = font_files();
  if (files.empty() || FT_Init_FreeType(&set->library) != 0) {
    return set; // No configuration: the machine's fonts, shared.
  }
  FcConfig* configuration = FcConfigCreate();
  for (const std::string& file : files) {
    FcConfigAppFontAddFile(configuration, reinterpret_cast<const FcChar8*>(file.c_str()));
  }
  FcFontSet* fonts = FcConfigGetFonts(configuration, FcSetApplication);
  int opened = 0;
  for (int index = 0; fonts != nullptr && index < fonts->nfont; ++index) {
    FcPattern* pattern = fonts->fonts[index];
    FcChar8* file = nullptr;
    int face_index = 0;
    if (FcPatternGetString(pattern, FC_FILE, 0, &file) != FcResultMatch) {
      continue;
    }
    FcPatternGetInteger(pattern, FC_INDEX, 0, &face_index);
    // The faces of the invoice font that invoices are set in (regular and bold, upright) are
    // opened from copies without hinting (unhinted_fonts.hpp), so cairo embeds them without it.
    // Not the others, nor the CJK fallback's: they are rarely drawn, and each copy costs time at
    // every start (8 ms for a DejaVu face, 0.2 s for the CJK font).
    FT_Face face = nullptr;
    const bool invoice_face = is_invoice_face(pattern);
    const std::string* unhinted =
      invoice_face ? unhinted_font(reinterpret_cast<const char*>(file), face_index) : nullptr;
    const FT_Error error =
      unhinted != nullptr
        ? FT_New_Memory_Face(set->library, reinterpret_cast<const FT_Byte*>(unhinted->data()),
                             static_cast<FT_Long>(unhinted->size()), 0, &face)
        : FT_New_Face(set->library, reinterpret_cast<const char*>(file), face_index, &face);
    if (error != 0) {
      continue;
    }
    set->faces.push_back(face);
    // cairo takes a face given in the pattern instead of opening the file itself, and keys its
    // font objects on it: this is what keeps them apart from every other set's.
    FcPatternAddFTFace(pattern, FC_FT_FACE, face);
    ++opened;
  }
  if (opened == 0) {
    FcConfigDestroy(configuration);
    return set;
  }
  set->configuration = configuration;
  return set;
}

namespace {

std::mutex& pool_lock() {
  static std::mutex lock;
  return lock;
}

std::vector<FontSet*>& pool() {
  static auto* sets = new std::vector<FontSet*>; // Outlives every lease, even at exit.
  return *sets;
}

} // namespace

FontLease FontLease::acquire() {
  {
    std::lock_guard lock(pool_lock());
    if (!pool().empty()) {
      FontSet* set = pool().back();
      pool().pop_back();
      return FontLease(set);
    }
  }
  return FontLease(FontSet::make());
}

FontLease::FontLease(FontLease&& other) noexcept
  : m_set(std::exchange(other.m_set, nullptr)) {}

FontLease& FontLease::operator=(FontLease&& other) noexcept {
  if (this != &other) {
    std::swap(m_set, other.m_set);
  }
  return *this;
}

FontLease::~FontLease() {
  if (m_set != nullptr) {
    std::lock_guard lock(pool_lock());
    pool().push_back(m_set);
  }
}

FcConfig* FontLease::configuration() const {
  return m_set != nullptr ? m_set->configuration : nullptr;
}

PangoFontMap* FontLease::make_font_map() const {
  PangoFontMap* font_map = pango_cairo_font_map_new();
  if (FcConfig* faces = configuration(); faces != nullptr && PANGO_IS_FC_FONT_MAP(font_map)) {
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(font_map), faces);
  }
  return font_map;
}

} // namespace mailroom::render
