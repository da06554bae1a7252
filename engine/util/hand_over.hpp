#pragma once

// ThreadSanitizer sees the synchronisation of code built with it, and of the C library, but not
// that inside other libraries: oneTBB's task scheduler hands work from one thread to the next
// through its own atomics, which TSan cannot see, so every hand-off would look like a data race.
// Code that hands data to another thread through such a library says so with these two calls:
// they tell TSan exactly where the hand-off happens and nothing more, so every other access is
// still checked. Outside TSan builds they compile to nothing.

#if defined(__SANITIZE_THREAD__)
#define MAILROOM_THREAD_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define MAILROOM_THREAD_SANITIZER 1
#endif
#endif

#ifdef MAILROOM_THREAD_SANITIZER
#include <sanitizer/tsan_interface.h>
#endif

namespace mailroom::threads {

// Everything this thread has done so far happens before what any thread does after a later
// `take_over` of the same address.
inline void hand_over([[maybe_unused]] const void* address) {
#ifdef MAILROOM_THREAD_SANITIZER
  __tsan_release(const_cast<void*>(address));
#endif
}

// What was done before each earlier `hand_over` of the address happens before what this thread
// does next.
inline void take_over([[maybe_unused]] const void* address) {
#ifdef MAILROOM_THREAD_SANITIZER
  __tsan_acquire(const_cast<void*>(address));
#endif
}

} // namespace mailroom::threads
