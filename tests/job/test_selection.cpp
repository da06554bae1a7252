#include <engine/job/selection.hpp>

#include <gtest/gtest.h>

namespace mailroom::job {
namespace {

TEST(Selection, AKeyNamesTheCreditorAndTheNumberOrTheNumberForAnyCreditor) {
  Selection selection;
  selection.add_invoice("acme", "2026-1");
  selection.add_number("2026-2");
  EXPECT_TRUE(selection.contains("acme", "2026-1"));
  // Numbers may repeat across creditors: northwind's 2026-1 is another invoice.
  EXPECT_FALSE(selection.contains("northwind", "2026-1"));
  EXPECT_TRUE(selection.contains("acme", "2026-2"));
  EXPECT_TRUE(selection.contains("northwind", "2026-2"));
  EXPECT_FALSE(selection.contains("acme", "2026-3"));
  // A record without a number is in no selection, even one for any creditor.
  EXPECT_FALSE(selection.contains("acme", ""));
  EXPECT_FALSE(selection.contains("", ""));
  EXPECT_EQ(selection.size(), 2U);

  selection.add_invoice("acme", "2026-2");
  EXPECT_EQ(selection.keys_of("acme", "2026-2"),
            (std::set<SelectionKey>{{"acme", "2026-2"}, {"", "2026-2"}}));
  EXPECT_TRUE(Selection().empty());
  EXPECT_FALSE(Selection().contains("acme", "2026-1"));
}

TEST(Selection, KeysAreDescribedAsTheRunReportsThem) {
  EXPECT_EQ((SelectionKey{"acme", "2026-0042"}).description(), "invoice 2026-0042 of acme");
  EXPECT_EQ((SelectionKey{"", "2026-0042"}).description(), "invoice 2026-0042");
}

TEST(ParseSelectionKey, TakesCreditorSlashNumberOrANumberAlone) {
  auto with_creditor = parse_selection_key("acme/2026-0042");
  ASSERT_TRUE(with_creditor) << with_creditor.error().to_string();
  EXPECT_EQ(*with_creditor, (SelectionKey{"acme", "2026-0042"}));
  auto number = parse_selection_key("2026_0042.b");
  ASSERT_TRUE(number) << number.error().to_string();
  EXPECT_EQ(*number, (SelectionKey{"", "2026_0042.b"}));
}

TEST(ParseSelectionKey, RefusesWhatNoCreditorIdOrInvoiceNumberCanBe) {
  const auto refusal = [](std::string_view text) {
    auto key = parse_selection_key(text);
    return key ? std::string("accepted") : key.error().message;
  };
  EXPECT_NE(refusal("").find("the invoice number is missing"), std::string::npos);
  EXPECT_NE(refusal("acme/").find("the invoice number is missing"), std::string::npos);
  EXPECT_NE(refusal("/2026-1").find("the creditor before '/' is missing"), std::string::npos);
  EXPECT_NE(refusal("acme/2026/1").find("character '/' is not allowed"), std::string::npos);
  EXPECT_NE(refusal("ac me/2026-1").find("creditor \"ac me\""), std::string::npos);
  EXPECT_NE(refusal("../2026-1").find("must start with a letter or digit"), std::string::npos);
  EXPECT_NE(refusal(std::string(65, '1')).find("longer than 64 characters"), std::string::npos);
}

} // namespace
} // namespace mailroom::job
