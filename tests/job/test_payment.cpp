#include <engine/job/payment.hpp>

#include <gtest/gtest.h>

#include <string>

namespace mailroom::job {
namespace {

Invoice invoice_of(Money total, const std::string& currency = "EUR") {
  Invoice invoice;
  invoice.number = "2026-000123";
  invoice.currency = currency;
  invoice.totals.total = total;
  return invoice;
}

Creditor creditor_with_qr() {
  Creditor creditor;
  creditor.name = "Acme B.V.";
  creditor.iban = "NL91 ABNA 0417 1643 00";
  creditor.payment_qr = true;
  return creditor;
}

TEST(CreditorReference, MatchesTheStandardsExample) {
  // ISO 11649's own example: reference 539007547034 has check digits 18.
  EXPECT_EQ(creditor_reference("539007547034"), "RF18539007547034");
  EXPECT_TRUE(is_valid_creditor_reference("RF18539007547034"));
  EXPECT_FALSE(is_valid_creditor_reference("RF19539007547034"));
  EXPECT_FALSE(is_valid_creditor_reference("RF18539007547035"));
}

TEST(CreditorReference, KnownExamples) {
  // Worked out independently: 98 − (2026000123 271500 mod 97), "RF" counting as 27 15.
  EXPECT_EQ(creditor_reference("2026-000123"), "RF462026000123");
  EXPECT_TRUE(is_valid_creditor_reference("RF462026000123"));
  // Check digits below 10 keep their leading zero.
  EXPECT_EQ(creditor_reference("7"), "RF097");
}

TEST(CreditorReference, UsesTheLettersAndDigitsOfTheInvoiceNumber) {
  const auto reference = creditor_reference("inv-2026.A_7");
  ASSERT_TRUE(reference.has_value());
  EXPECT_EQ(reference->substr(4), "INV2026A7");
  EXPECT_TRUE(is_valid_creditor_reference(*reference));
  EXPECT_EQ(creditor_reference("---"), std::nullopt);
  EXPECT_EQ(creditor_reference("1234567890123456789012"), std::nullopt) << "22 characters";
  EXPECT_TRUE(creditor_reference("123456789012345678901").has_value()) << "21 characters";
}

TEST(CreditorReference, EveryGeneratedReferenceIsValid) {
  for (int number = 1; number < 2000; number += 7) {
    const auto reference = creditor_reference("2026-" + std::to_string(number));
    ASSERT_TRUE(reference.has_value());
    EXPECT_TRUE(is_valid_creditor_reference(*reference)) << *reference;
  }
}

TEST(CreditorReference, IsPrintedInGroupsOfFour) {
  EXPECT_EQ(printed_reference("RF18539007547034"), "RF18 5390 0754 7034");
}

TEST(EpcQrPayload, FollowsTheEpcLayout) {
  const auto payload = epc_qr_payload(invoice_of(Money{26919}), creditor_with_qr());
  ASSERT_TRUE(payload.has_value());
  const std::string expected = std::string("BCD\n002\n1\nSCT\n\nAcme B.V.\nNL91ABNA0417164300\n") +
                               "EUR269.19\n\n" + *creditor_reference("2026-000123");
  EXPECT_EQ(*payload, expected);
  EXPECT_LE(payload->size(), 331U);
}

TEST(EpcQrPayload, WritesSmallAmountsWithALeadingZero) {
  const auto payload = epc_qr_payload(invoice_of(Money{5}), creditor_with_qr());
  ASSERT_TRUE(payload.has_value());
  EXPECT_NE(payload->find("\nEUR0.05\n"), std::string::npos) << *payload;
}

TEST(EpcQrPayload, OnlyForEurosDueWhenTheCreditorAsks) {
  auto creditor = creditor_with_qr();
  EXPECT_FALSE(epc_qr_payload(invoice_of(Money{100}, "USD"), creditor).has_value());
  EXPECT_FALSE(epc_qr_payload(invoice_of(Money{0}), creditor).has_value());
  EXPECT_FALSE(epc_qr_payload(invoice_of(Money{-100}), creditor).has_value());
  creditor.payment_qr = false;
  EXPECT_FALSE(epc_qr_payload(invoice_of(Money{100}), creditor).has_value());
}

TEST(EpcQrPayload, FallsBackToTheInvoiceNumberAndCutsLongNames) {
  auto invoice = invoice_of(Money{100});
  invoice.number = "A-123456789012345678901234567890";
  auto creditor = creditor_with_qr();
  creditor.name = std::string(68, 'x') + "ééé"; // 74 bytes; the cut must not split a character.
  const auto payload = epc_qr_payload(invoice, creditor);
  ASSERT_TRUE(payload.has_value());
  EXPECT_NE(payload->find("\n" + std::string(68, 'x') + "é\n"), std::string::npos) << *payload;
  EXPECT_TRUE(payload->ends_with("\n\n\nA-123456789012345678901234567890")) << *payload;
}

TEST(EpcQrPayload, OfAReminderAsksWhatTheReminderAsksWithTheInvoicesReference) {
  Reminder reminder;
  reminder.outstanding = Money{16919};
  reminder.fee = Money{1500};
  reminder.asked = Money{18419};
  reminder.payment_reference = *creditor_reference("2026-000123");
  reminder.creditor_iban = "NL20INGB0001234567"; // As the invoice printed it.
  const auto invoice = invoice_of(Money{26919});
  auto creditor = creditor_with_qr();
  const auto payload = epc_qr_payload(reminder, invoice, creditor);
  ASSERT_TRUE(payload.has_value());
  EXPECT_EQ(*payload, "BCD\n002\n1\nSCT\n\nAcme B.V.\nNL20INGB0001234567\nEUR184.19\n\n" +
                        reminder.payment_reference);

  // Without a reference of its own, the invoice number is the remittance text; without an IBAN
  // of the invoice's, the creditor's own.
  reminder.payment_reference.clear();
  reminder.creditor_iban.clear();
  EXPECT_EQ(epc_qr_payload(reminder, invoice, creditor),
            "BCD\n002\n1\nSCT\n\nAcme B.V.\nNL91ABNA0417164300\nEUR184.19\n\n\n2026-000123");

  EXPECT_FALSE(epc_qr_payload(reminder, invoice_of(Money{26919}, "USD"), creditor).has_value());
  creditor.payment_qr = false;
  EXPECT_FALSE(epc_qr_payload(reminder, invoice, creditor).has_value());
}

} // namespace
} // namespace mailroom::job
