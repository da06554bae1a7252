// Frees a burst of blocks like the ones cairo's zlib streams allocate and prints how much freed
// memory glibc keeps at the top of the main heap, with our tuning ("tuned") or without it
// ("default"). Built without sanitizers, whose allocators replace glibc's (test_allocator.cpp).

#include <engine/util/allocator.hpp>

#include <malloc.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: allocator_probe tuned|default\n");
    return 2;
  }
  if (std::string_view(argv[1]) == "tuned" &&
      mailroom::allocator::keep_freed_memory_for_reuse() != mailroom::allocator::Tuning::Applied) {
    std::fprintf(stderr, "allocator_probe: the tuning was not applied\n");
    return 3;
  }
  constexpr std::size_t k_block = 64 * 1024;
  std::vector<void*> blocks;
  blocks.reserve(64); // Nothing of its own between the blocks.
  for (int index = 0; index < 64; ++index) {
    void* block = std::malloc(k_block);
    std::memset(block, index, k_block);
    // The blocks escape, so the compiler cannot leave the allocations out.
    asm volatile("" : : "r"(block) : "memory");
    blocks.push_back(block);
  }
  for (auto block = blocks.rbegin(); block != blocks.rend(); ++block) {
    std::free(*block);
  }
  std::printf("%zu\n", mallinfo2().keepcost);
  return 0;
}
