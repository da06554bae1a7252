#include <engine/job/model.hpp>

#include <gtest/gtest.h>

#include <vector>

namespace mailroom::job {
namespace {

Decimal decimal(const char* text) {
  auto parsed = parse_decimal(text);
  EXPECT_TRUE(parsed.has_value()) << text;
  return parsed ? *parsed : Decimal{};
}

// A line whose total is already computed, as parse_invoice leaves it.
InvoiceLine line(const char* quantity, const char* unit_price, const char* vat_rate) {
  InvoiceLine result;
  result.description = "item";
  result.quantity = decimal(quantity);
  result.unit_price = decimal(unit_price);
  result.vat_rate = decimal(vat_rate);
  auto total = multiply_to_money(result.quantity, result.unit_price);
  EXPECT_TRUE(total.has_value());
  result.total = total ? *total : Money{};
  return result;
}

TEST(ComputeTotals, ReverseChargeKeepsTheBasesAndChargesNothing) {
  const auto totals =
    compute_totals({line("1", "100", "21"), line("2", "10", "9")}, VatCharge::ReverseCharged);
  ASSERT_EQ(totals.vat.size(), 2U);
  EXPECT_EQ(totals.vat[0].base.cents, 2000);
  EXPECT_EQ(totals.vat[1].base.cents, 10000);
  EXPECT_EQ(totals.vat[0].vat.cents, 0);
  EXPECT_EQ(totals.vat[1].vat.cents, 0);
  EXPECT_EQ(totals.vat_total.cents, 0);
  EXPECT_EQ(totals.total.cents, 12000);
}

TEST(ComputeAmounts, NegatesACreditNoteAndCanBeRepeated) {
  Invoice invoice;
  invoice.lines = {line("3", "0.335", "21"), line("1", "-0.50", "21")}; // 1.01 − 0.50
  ASSERT_TRUE(compute_amounts(invoice).has_value());
  EXPECT_EQ(invoice.totals.subtotal.cents, 51);
  EXPECT_EQ(invoice.totals.vat_total.cents, 11); // 21% of 0.51 = 0.1071
  invoice.kind = DocumentKind::CreditNote;
  for (int round = 0; round < 2; ++round) {
    ASSERT_TRUE(compute_amounts(invoice).has_value());
    EXPECT_EQ(invoice.lines[0].total.cents, -101);
    EXPECT_EQ(invoice.lines[1].total.cents, 50);
    EXPECT_EQ(invoice.totals.subtotal.cents, -51);
    EXPECT_EQ(invoice.totals.vat_total.cents, -11);
    EXPECT_EQ(invoice.totals.total.cents, -62);
  }
}

TEST(ComputeTotals, NoLines) {
  const auto totals = compute_totals({});
  EXPECT_EQ(totals.subtotal.cents, 0);
  EXPECT_TRUE(totals.vat.empty());
  EXPECT_EQ(totals.vat_total.cents, 0);
  EXPECT_EQ(totals.total.cents, 0);
}

TEST(ComputeTotals, OneLine) {
  const auto totals = compute_totals({line("12", "1.25", "21")});
  EXPECT_EQ(totals.subtotal.cents, 1500);
  ASSERT_EQ(totals.vat.size(), 1U);
  EXPECT_EQ(totals.vat[0].rate, decimal("21"));
  EXPECT_EQ(totals.vat[0].base.cents, 1500);
  EXPECT_EQ(totals.vat[0].vat.cents, 315);
  EXPECT_EQ(totals.vat_total.cents, 315);
  EXPECT_EQ(totals.total.cents, 1815);
}

TEST(ComputeTotals, GroupsPerRateSortedAscending) {
  const auto totals =
    compute_totals({line("1", "100", "21"), line("2", "10", "9"), line("1", "5", "0"),
                    line("1", "50", "21"), line("3", "1", "9")});
  ASSERT_EQ(totals.vat.size(), 3U);
  EXPECT_EQ(totals.vat[0].rate, decimal("0"));
  EXPECT_EQ(totals.vat[0].base.cents, 500);
  EXPECT_EQ(totals.vat[0].vat.cents, 0);
  EXPECT_EQ(totals.vat[1].rate, decimal("9"));
  EXPECT_EQ(totals.vat[1].base.cents, 2300);
  EXPECT_EQ(totals.vat[1].vat.cents, 207);
  EXPECT_EQ(totals.vat[2].rate, decimal("21"));
  EXPECT_EQ(totals.vat[2].base.cents, 15000);
  EXPECT_EQ(totals.vat[2].vat.cents, 3150);
  EXPECT_EQ(totals.subtotal.cents, 17800);
  EXPECT_EQ(totals.vat_total.cents, 3357);
  EXPECT_EQ(totals.total.cents, 21157);
}

TEST(ComputeTotals, VatIsComputedOnTheGroupSumNotPerLine) {
  // Each line of 0.50 at 9% has 0.045 VAT, which would round to 0.05 per line and 0.10 in all.
  // On the group's sum of 1.00 the VAT is 0.09.
  const auto totals = compute_totals({line("1", "0.50", "9"), line("1", "0.50", "9")});
  ASSERT_EQ(totals.vat.size(), 1U);
  EXPECT_EQ(totals.vat[0].base.cents, 100);
  EXPECT_EQ(totals.vat[0].vat.cents, 9);
  EXPECT_EQ(totals.vat_total.cents, 9);
  EXPECT_EQ(totals.total.cents, 109);
}

TEST(ComputeTotals, LineTotalsAreRoundedBeforeTheyAreSummed) {
  // 5 × 0.085 = 0.425 → 0.43 per line; two lines make 0.86 (not 0.85 from 0.85 unrounded).
  const auto totals = compute_totals({line("5", "0.085", "21"), line("5", "0.085", "21")});
  EXPECT_EQ(totals.subtotal.cents, 86);
  EXPECT_EQ(totals.vat[0].vat.cents, 18); // 21% of 0.86 = 0.1806
}

TEST(ComputeTotals, RatesWrittenDifferentlyButEqualShareAGroup) {
  const auto totals = compute_totals(
    {line("1", "10", "9"), line("1", "20", "9.0"), line("1", "30", "9.00"), line("1", "1", "21")});
  ASSERT_EQ(totals.vat.size(), 2U);
  EXPECT_EQ(totals.vat[0].rate, decimal("9"));
  EXPECT_EQ(totals.vat[0].base.cents, 6000);
  EXPECT_EQ(totals.vat[0].vat.cents, 540);
  EXPECT_EQ(totals.vat[1].rate, decimal("21"));
  EXPECT_EQ(totals.vat[1].base.cents, 100);
}

TEST(ComputeTotals, DecimalRatesSortByValue) {
  const auto totals = compute_totals(
    {line("1", "1", "21"), line("1", "1", "5.5"), line("1", "1", "10"), line("1", "1", "9.75")});
  ASSERT_EQ(totals.vat.size(), 4U);
  EXPECT_EQ(totals.vat[0].rate, decimal("5.5"));
  EXPECT_EQ(totals.vat[1].rate, decimal("9.75"));
  EXPECT_EQ(totals.vat[2].rate, decimal("10"));
  EXPECT_EQ(totals.vat[3].rate, decimal("21"));
}

TEST(ComputeTotals, TotalIsSubtotalPlusEveryGroupsVat) {
  const auto totals =
    compute_totals({line("3", "0.333", "21"), line("7", "1.11", "9"), line("1", "0.01", "21")});
  Money vat_sum;
  Money base_sum;
  for (const auto& group : totals.vat) {
    vat_sum += group.vat;
    base_sum += group.base;
  }
  EXPECT_EQ(base_sum, totals.subtotal);
  EXPECT_EQ(vat_sum, totals.vat_total);
  EXPECT_EQ(totals.total, totals.subtotal + totals.vat_total);
  EXPECT_EQ(totals.subtotal.cents, 100 + 777 + 1);
  EXPECT_EQ(totals.vat_total.cents, 21 + 70); // 21% of 1.01 = 0.2121; 9% of 7.77 = 0.6993
}

TEST(EffectiveLanguage, InvoicesOwnLanguageWinsWhenGiven) {
  Creditor creditor;
  creditor.language = Language::Dutch;
  Invoice invoice;
  invoice.language = Language::English;
  invoice.language_given = true;
  EXPECT_EQ(effective_language(invoice, creditor), Language::English);
}

TEST(EffectiveLanguage, CreditorsLanguageWhenTheInvoiceGivesNone) {
  Creditor creditor;
  creditor.language = Language::English;
  Invoice invoice; // Its default language (Dutch) must not count when it was not given.
  EXPECT_EQ(effective_language(invoice, creditor), Language::English);
  creditor.language = Language::Dutch;
  EXPECT_EQ(effective_language(invoice, creditor), Language::Dutch);
}

TEST(Languages, CodesRoundTrip) {
  EXPECT_EQ(language_code(Language::Dutch), "nl");
  EXPECT_EQ(language_code(Language::English), "en");
  EXPECT_EQ(parse_language("nl"), Language::Dutch);
  EXPECT_EQ(parse_language("en"), Language::English);
  EXPECT_FALSE(parse_language("NL").has_value());
  EXPECT_FALSE(parse_language("de").has_value());
  EXPECT_FALSE(parse_language("").has_value());
  EXPECT_FALSE(parse_language("en-GB").has_value());
}

TEST(CreditorsLookup, FindsByIdAndMailbox) {
  Creditors creditors;
  Creditor acme;
  acme.id = "acme";
  acme.mailbox = "main";
  creditors.by_id.emplace("acme", acme);
  Mailbox mailbox;
  mailbox.name = "main";
  mailbox.host = "mail.example.com";
  creditors.mailboxes.emplace("main", mailbox);

  const Creditor* found = creditors.find("acme");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->id, "acme");
  EXPECT_EQ(creditors.mailbox_of(*found).host, "mail.example.com");
  EXPECT_EQ(creditors.find("Acme"), nullptr);
  EXPECT_EQ(creditors.find(""), nullptr);
}

} // namespace
} // namespace mailroom::job
