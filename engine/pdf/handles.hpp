#pragma once

#include <cairo.h>
#include <poppler.h>

#include <glib-object.h>
#include <memory>

// Owning pointers for the C objects of cairo, GLib and Poppler, so that every exit path releases
// them. The one set of them: render, check and print use these, and the test support too.

namespace mailroom::pdf {

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

using CairoContext = std::unique_ptr<cairo_t, CairoContextDeleter>;
using CairoSurface = std::unique_ptr<cairo_surface_t, CairoSurfaceDeleter>;
using CairoFontOptions = std::unique_ptr<cairo_font_options_t, CairoFontOptionsDeleter>;
template<typename T>
using GObjectPointer = std::unique_ptr<T, GObjectDeleter>;
using GErrorPointer = std::unique_ptr<GError, GErrorDeleter>;
using GBytesPointer = std::unique_ptr<GBytes, GBytesDeleter>;
using GlibText = std::unique_ptr<char, GFreeDeleter>;
// Poppler's documents and pages are GObjects.
using PopplerDocumentPointer = GObjectPointer<PopplerDocument>;
using PopplerPagePointer = GObjectPointer<PopplerPage>;

} // namespace mailroom::pdf
