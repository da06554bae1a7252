#pragma once

#include <cairo.h>
#include <hb.h>
#include <pango/pango.h>

#include <glib-object.h>
#include <hb-subset.h>
#include <memory>

// Owning pointers for the C objects of cairo, GLib, Pango, HarfBuzz and Poppler, so that every exit
// path releases them. Nothing outside engine/render sees these types.

namespace mailroom::render {

struct CairoContextDeleter {
  void operator()(cairo_t* context) const { cairo_destroy(context); }
};
struct CairoSurfaceDeleter {
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
struct CairoFontOptionsDeleter {
  void operator()(cairo_font_options_t* options) const { cairo_font_options_destroy(options); }
};
struct GObjectDeleter {
  void operator()(gpointer object) const { g_object_unref(object); }
};
struct GErrorDeleter {
  void operator()(GError* error) const { g_error_free(error); }
};
struct GBytesDeleter {
  void operator()(GBytes* bytes) const { g_bytes_unref(bytes); }
};
struct GFreeDeleter {
  void operator()(gpointer memory) const { g_free(memory); }
};
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

using CairoContext = std::unique_ptr<cairo_t, CairoContextDeleter>;
using CairoSurface = std::unique_ptr<cairo_surface_t, CairoSurfaceDeleter>;
using CairoFontOptions = std::unique_ptr<cairo_font_options_t, CairoFontOptionsDeleter>;
template<typename T>
using GObjectPointer = std::unique_ptr<T, GObjectDeleter>;
using GErrorPointer = std::unique_ptr<GError, GErrorDeleter>;
using GBytesPointer = std::unique_ptr<GBytes, GBytesDeleter>;
using GlibText = std::unique_ptr<char, GFreeDeleter>;
using FontDescription = std::unique_ptr<PangoFontDescription, FontDescriptionDeleter>;
using AttributeList = std::unique_ptr<PangoAttrList, AttributeListDeleter>;
using LayoutIterator = std::unique_ptr<PangoLayoutIter, LayoutIterDeleter>;
using HarfBuzzBlob = std::unique_ptr<hb_blob_t, HarfBuzzBlobDeleter>;
using HarfBuzzFace = std::unique_ptr<hb_face_t, HarfBuzzFaceDeleter>;
using SubsetInput = std::unique_ptr<hb_subset_input_t, SubsetInputDeleter>;

} // namespace mailroom::render
