#include <gtest/gtest.h>
#include <tests/support/process.hpp>

#include <string>

namespace mailroom::allocator {
namespace {

// What glibc keeps at the top of the main heap after 4 MB were allocated and freed in 64 KB
// blocks, as the probe (built without sanitizers) reports it.
std::size_t kept_after_burst(const std::string& mode) {
  auto result = testing::run_process({MAILROOM_ALLOCATOR_PROBE, mode});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return std::stoul(result.out);
}

TEST(Allocator, KeepsFreedMemoryForTheNextInvoice) {
  constexpr std::size_t k_burst = 64 * 64 * 1024;
  // By default glibc gives all but ~128 KB back to the kernel at once; tuned, it keeps the burst.
  EXPECT_LT(kept_after_burst("default"), k_burst / 4);
  EXPECT_GE(kept_after_burst("tuned"), k_burst);
}

} // namespace
} // namespace mailroom::allocator
