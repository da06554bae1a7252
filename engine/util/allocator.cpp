#include "allocator.hpp"

#include <malloc.h>

namespace mailroom::allocator {

namespace {

constexpr int k_kept_free_bytes = 32 * 1024 * 1024;
constexpr int k_own_mapping_bytes = 4 * 1024 * 1024;

} // namespace

Tuning keep_freed_memory_for_reuse() {
  // Setting either threshold also stops glibc from moving them on its own.
  const bool trim = mallopt(M_TRIM_THRESHOLD, k_kept_free_bytes) == 1;
  const bool map = mallopt(M_MMAP_THRESHOLD, k_own_mapping_bytes) == 1;
  return trim && map ? Tuning::Applied : Tuning::NotAvailable;
}

} // namespace mailroom::allocator
