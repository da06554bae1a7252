/* An experiment, not part of mailroom: preloaded into a run, it makes every zlib stream that
   cairo writes into a PDF use compression level 1 instead of the default 6, to measure what
   deflate costs the renderer (bench/profile/profile; see bench/HISTORY.md). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <zlib.h>

static int fast_level(void) {
  return 1;
}

int deflateInit2_(z_streamp stream, int level, int method, int window_bits, int memory_level,
                  int strategy, const char* version, int stream_size) {
  typedef int (*Real)(z_streamp, int, int, int, int, int, const char*, int);
  static Real real = 0;
  if (!real) {
    real = (Real)dlsym(RTLD_NEXT, "deflateInit2_");
  }
  (void)level;
  return real(stream, fast_level(), method, window_bits, memory_level, strategy, version,
              stream_size);
}

int deflateInit_(z_streamp stream, int level, const char* version, int stream_size) {
  (void)level;
  return deflateInit2_(stream, fast_level(), Z_DEFLATED, MAX_WBITS, 8, Z_DEFAULT_STRATEGY, version,
                       stream_size);
}
