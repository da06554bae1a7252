#include "fonts_lock.hpp"

namespace mailroom::pdf {

namespace {

std::shared_mutex& poppler_fonts_lock() {
  static std::shared_mutex lock;
  return lock;
}

// How many ExclusiveFontsLocks this thread holds.
thread_local int exclusive_depth = 0;

} // namespace

ExclusiveFontsLock::ExclusiveFontsLock() {
  if (exclusive_depth == 0) {
    poppler_fonts_lock().lock();
  }
  ++exclusive_depth;
}

ExclusiveFontsLock::~ExclusiveFontsLock() {
  if (--exclusive_depth == 0) {
    poppler_fonts_lock().unlock();
  }
}

SharedFontsLock::SharedFontsLock() {
  poppler_fonts_lock().lock_shared();
}

SharedFontsLock::~SharedFontsLock() {
  poppler_fonts_lock().unlock_shared();
}

} // namespace mailroom::pdf
