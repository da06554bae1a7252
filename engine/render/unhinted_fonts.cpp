#include "unhinted_fonts.hpp"

#include "text_handles.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <utility>

namespace mailroom::render {

namespace {

bool has_table(hb_face_t* face, hb_tag_t tag) {
  HarfBuzzBlob table(hb_face_reference_table(face, tag));
  return hb_blob_get_length(table.get()) > 0;
}

bool has_hinting(hb_face_t* face) {
  return has_table(face, HB_TAG('f', 'p', 'g', 'm')) ||
         has_table(face, HB_TAG('p', 'r', 'e', 'p')) || has_table(face, HB_TAG('c', 'v', 't', ' '));
}

std::unique_ptr<std::string> make_unhinted(const std::string& file, int face_index) {
  HarfBuzzBlob blob(hb_blob_create_from_file_or_fail(file.c_str()));
  if (!blob) {
    return nullptr;
  }
  HarfBuzzFace face(hb_face_create(blob.get(), static_cast<unsigned>(face_index)));
  // Only TrueType outlines carry the hinting this is about.
  if (!has_table(face.get(), HB_TAG('g', 'l', 'y', 'f')) || !has_hinting(face.get())) {
    return nullptr;
  }
  SubsetInput input(hb_subset_input_create_or_fail());
  if (!input) {
    return nullptr;
  }
  // Every glyph, under its own number, every character mapped to it, every table HarfBuzz does
  // not know passed through, the .notdef box drawn for what no font covers: only the hinting goes.
  const unsigned glyph_count = hb_face_get_glyph_count(face.get());
  if (glyph_count == 0) {
    return nullptr;
  }
  hb_set_add_range(hb_subset_input_glyph_set(input.get()), 0, glyph_count - 1);
  hb_face_collect_unicodes(face.get(), hb_subset_input_unicode_set(input.get()));
  hb_subset_input_set_flags(input.get(), HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_RETAIN_GIDS |
                                           HB_SUBSET_FLAGS_NOTDEF_OUTLINE |
                                           HB_SUBSET_FLAGS_GLYPH_NAMES |
                                           HB_SUBSET_FLAGS_PASSTHROUGH_UNRECOGNIZED);
  HarfBuzzFace unhinted(hb_subset_or_fail(face.get(), input.get()));
  if (!unhinted || hb_face_get_glyph_count(unhinted.get()) != glyph_count) {
    return nullptr;
  }
  HarfBuzzBlob bytes(hb_face_reference_blob(unhinted.get()));
  unsigned length = 0;
  const char* data = hb_blob_get_data(bytes.get(), &length);
  if (data == nullptr || length == 0) {
    return nullptr;
  }
  return std::make_unique<std::string>(data, length);
}

} // namespace

const std::string* unhinted_font(const std::string& file, int face_index) {
  static std::mutex lock;
  // Never destroyed: FreeType faces made from these bytes live as long as the process.
  static auto* made = new std::map<std::pair<std::string, int>, std::unique_ptr<std::string>>;
  std::lock_guard guard(lock);
  auto key = std::make_pair(file, face_index);
  auto found = made->find(key);
  if (found == made->end()) {
    found = made->emplace(std::move(key), make_unhinted(file, face_index)).first;
  }
  return found->second.get();
}

} // namespace mailroom::render
