// Searching by debtor name or number as a person types it: case and accents ignored.

#include <engine/receivables/search_text.hpp>

#include <gtest/gtest.h>

namespace mailroom::receivables {
namespace {

TEST(SearchText, FoldsCaseAndAccents) {
  EXPECT_EQ(fold_for_search("Bakkerij Élan"), "bakkerij elan");
  EXPECT_EQ(fold_for_search("MÜLLER GmbH"), "muller gmbh");
  EXPECT_EQ(fold_for_search("Ærø Çafé"), "ærø cafe"); // Letters of their own stay.
  EXPECT_EQ(fold_for_search("Straße"), "strasse");
  EXPECT_EQ(fold_for_search("2026-000123"), "2026-000123");
}

TEST(SearchText, FindsAFoldedNeedleAnywhere) {
  EXPECT_TRUE(contains_folded("Bakkerij Élan", fold_for_search("ELAN")));
  EXPECT_TRUE(contains_folded("Café de Zwaan", fold_for_search("cafe")));
  EXPECT_TRUE(contains_folded("2026-000123", fold_for_search("000123")));
  EXPECT_FALSE(contains_folded("Bakkerij Élan", fold_for_search("elna")));
}

TEST(SearchText, TextThatIsNotUtf8IsFoldedAsAscii) {
  EXPECT_EQ(fold_for_search("AB\xff"
                            "C"),
            "ab\xff"
            "c");
}

} // namespace
} // namespace mailroom::receivables
