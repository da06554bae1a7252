#include <engine/pdf/fonts_lock.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <thread>

namespace mailroom::pdf {
namespace {

TEST(FontsLock, AThreadThatHoldsItExclusivelyTakesItAgainWithoutWaitingForItself) {
  // Two PdfFiles open at once on one thread, as a comparison with a sample has.
  ExclusiveFontsLock first;
  ExclusiveFontsLock second;
  SUCCEED();
}

TEST(FontsLock, PopplersWorkWaitsUntilNoInvoiceIsDrawn) {
  std::atomic<bool> taken{false};
  std::optional<SharedFontsLock> drawing;
  drawing.emplace();
  std::thread poppler([&] {
    ExclusiveFontsLock work;
    taken = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(taken);
  drawing.reset();
  poppler.join();
  EXPECT_TRUE(taken);
}

TEST(FontsLock, InvoicesAreDrawnBesideEachOther) {
  SharedFontsLock one;
  std::atomic<bool> drawn{false};
  std::thread other([&] {
    SharedFontsLock two;
    drawn = true;
  });
  other.join();
  EXPECT_TRUE(drawn);
}

} // namespace
} // namespace mailroom::pdf
