#pragma once

#include <engine/pdf/handles.hpp>

#include <hb.h>
#include <pango/pango.h>

#include <hb-subset.h>
#include <memory>

// Owning pointers for the C objects of Pango and HarfBuzz, so that every exit path releases them;
// cairo's, GLib's and Poppler's are the PDF layer's (pdf/handles.hpp). Nothing outside
// engine/render sees these types.

namespace mailroom::render {

using pdf::CairoContext;
using pdf::CairoFontOptions;
using pdf::CairoSurface;
using pdf::GBytesPointer;
using pdf::GErrorPointer;
using pdf::GlibText;
using pdf::GObjectPointer;

struct FontDescriptionDeleter {
  void operator()(PangoFontDescription* description) const {
    pango_font_description_free(description);
  }
};
struct AttributeListDeleter {
  void operator()(PangoAttrList* attributes) const { pango_attr_list_unref(attributes); }
};
struct LayoutIterDeleter {
  void operator()(PangoLayoutIter* iterator) const { pango_layout_iter_free(iterator); }
};
struct HarfBuzzBlobDeleter {
  void operator()(hb_blob_t* blob) const { hb_blob_destroy(blob); }
};
struct HarfBuzzFaceDeleter {
  void operator()(hb_face_t* face) const { hb_face_destroy(face); }
};
struct SubsetInputDeleter {
  void operator()(hb_subset_input_t* input) const { hb_subset_input_destroy(input); }
};

using FontDescription = std::unique_ptr<PangoFontDescription, FontDescriptionDeleter>;
using AttributeList = std::unique_ptr<PangoAttrList, AttributeListDeleter>;
using LayoutIterator = std::unique_ptr<PangoLayoutIter, LayoutIterDeleter>;
using HarfBuzzBlob = std::unique_ptr<hb_blob_t, HarfBuzzBlobDeleter>;
using HarfBuzzFace = std::unique_ptr<hb_face_t, HarfBuzzFaceDeleter>;
using SubsetInput = std::unique_ptr<hb_subset_input_t, SubsetInputDeleter>;

} // namespace mailroom::render
