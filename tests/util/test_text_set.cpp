#include <engine/util/text_set.hpp>

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace mailroom::util {
namespace {

std::string invoice_number(int index) {
  char text[32];
  std::snprintf(text, sizeof text, "2026-%06d", index);
  return text;
}

TEST(TextSet, SaysWhetherATextIsNew) {
  TextSet set;
  EXPECT_FALSE(set.contains("2026-000001"));
  EXPECT_TRUE(set.insert("2026-000001"));
  EXPECT_FALSE(set.insert("2026-000001"));
  EXPECT_TRUE(set.contains("2026-000001"));
  EXPECT_FALSE(set.contains("2026-00000"));
  EXPECT_TRUE(set.insert("2026-00000")); // A prefix is another text.
  EXPECT_TRUE(set.insert(""));
  EXPECT_FALSE(set.insert(""));
  EXPECT_EQ(set.size(), 3U);
}

TEST(TextSet, FindsEveryOneOfManyTextsAndNothingElse) {
  TextSet set;
  constexpr int k_count = 200'000;
  for (int index = 0; index < k_count; ++index) {
    ASSERT_TRUE(set.insert(invoice_number(index))) << index;
  }
  EXPECT_EQ(set.size(), static_cast<std::size_t>(k_count));
  for (int index = 0; index < k_count; ++index) {
    ASSERT_FALSE(set.insert(invoice_number(index))) << index;
  }
  for (int index = k_count; index < k_count + 1000; ++index) {
    EXPECT_FALSE(set.contains(invoice_number(index))) << index;
  }
}

TEST(TextSet, CostsAFewBytesBeyondTheText) {
  TextSet set;
  constexpr int k_count = 100'000;
  for (int index = 0; index < k_count; ++index) {
    set.insert(invoice_number(index));
  }
  // 11 characters and a length byte each, in a string that grows by doubling, and 4-byte slots
  // at most three quarters full. std::unordered_set<std::string> takes about 70 bytes for each.
  EXPECT_LT(set.bytes() / k_count, 36U);
}

TEST(TextSet, RefusesATextLongerThanItsLimit) {
  TextSet set;
  EXPECT_TRUE(set.insert(std::string(TextSet::k_longest, 'x')));
  EXPECT_THROW(set.insert(std::string(TextSet::k_longest + 1, 'x')), std::length_error);
  EXPECT_EQ(set.size(), 1U);
}

} // namespace
} // namespace mailroom::util
