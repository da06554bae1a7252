#pragma once

#include <cairo.h>

#include <glib-object.h>
#include <memory>

// Owning pointers for the cairo and GLib objects of the check and print stages, so that every
// exit path releases them. Only engine/check and engine/print see these types.

namespace mailroom::check {

struct CairoContextDeleter {
  void operator()(cairo_t* context) const { cairo_destroy(context); }
};
struct CairoSurfaceDeleter {
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
struct GObjectDeleter {
  void operator()(gpointer object) const { g_object_unref(object); }
};
struct GErrorDeleter {
  void operator()(GError* error) const { g_error_free(error); }
};
struct GFreeDeleter {
  void operator()(gpointer memory) const { g_free(memory); }
};

using CairoContext = std::unique_ptr<cairo_t, CairoContextDeleter>;
using CairoSurface = std::unique_ptr<cairo_surface_t, CairoSurfaceDeleter>;
template<typename T>
using GObjectPointer = std::unique_ptr<T, GObjectDeleter>;
using GErrorPointer = std::unique_ptr<GError, GErrorDeleter>;
using GlibText = std::unique_ptr<char, GFreeDeleter>;

} // namespace mailroom::check
