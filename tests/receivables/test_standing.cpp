// Where an invoice stands: outstanding after credit notes and payments, its payment status, and
// overdue as of a day; and amounts as plain decimals both ways.

#include <engine/receivables/standing.hpp>

#include <gtest/gtest.h>

namespace mailroom::receivables {
namespace {

ledger::RegisterRow issued_invoice(std::int64_t total_cents) {
  ledger::RegisterRow row;
  row.invoice.facts.creditor = "acme";
  row.invoice.facts.number = "2026-000123";
  row.invoice.facts.total_cents = total_cents;
  row.invoice.facts.due_date = "2026-12-04";
  row.invoice.issued_at = "2026-11-20T22:00:00.000Z";
  return row;
}

constexpr time::Date k_before_due{2026, 12, 4};
constexpr time::Date k_after_due{2026, 12, 16};

TEST(Standing, OutstandingIsTotalLessCreditNotesLessPayments) {
  auto row = issued_invoice(146790);
  row.credited_cents = 20000;
  row.paid_cents = 50000;
  const auto standing = standing_of(row, k_before_due);
  EXPECT_EQ(standing.outstanding_cents, 76790);
  EXPECT_EQ(standing.status, PaymentStatus::PartiallyPaid);
  EXPECT_EQ(standing.overdue, Overdue::No); // Due today is not late yet.
}

TEST(Standing, EachPaymentStatus) {
  const auto status = [](std::int64_t credited, std::int64_t paid) {
    auto row = issued_invoice(10000);
    row.credited_cents = credited;
    row.paid_cents = paid;
    return standing_of(row, k_before_due).status;
  };
  EXPECT_EQ(status(0, 0), PaymentStatus::Unpaid);
  EXPECT_EQ(status(0, 1), PaymentStatus::PartiallyPaid);
  EXPECT_EQ(status(0, 10000), PaymentStatus::Paid);
  EXPECT_EQ(status(4000, 6000), PaymentStatus::Paid);
  EXPECT_EQ(status(0, 10001), PaymentStatus::Overpaid);
  EXPECT_EQ(status(10000, 0), PaymentStatus::Credited);
  EXPECT_EQ(status(10000, 500), PaymentStatus::Overpaid);
  // A payment taken back leaves it unpaid again.
  EXPECT_EQ(status(0, 0), PaymentStatus::Unpaid);
}

TEST(Standing, OverdueIsOpenAfterTheDueDateAndOnlyOnceSent) {
  auto row = issued_invoice(10000);
  auto standing = standing_of(row, k_after_due);
  EXPECT_EQ(standing.overdue, Overdue::Yes);
  EXPECT_EQ(standing.days_overdue, 12);
  row.paid_cents = 2500;
  EXPECT_EQ(standing_of(row, k_after_due).overdue, Overdue::Yes);
  row.paid_cents = 10000;
  EXPECT_EQ(standing_of(row, k_after_due).overdue, Overdue::No);
  // Never sent: its debtor never had it, so it is not late.
  auto draft = issued_invoice(10000);
  draft.invoice.issued_at.clear();
  EXPECT_EQ(standing_of(draft, k_after_due).status, PaymentStatus::Unpaid);
  EXPECT_EQ(standing_of(draft, k_after_due).overdue, Overdue::No);
}

TEST(Standing, CreditNotesAndUnknownFactsAskForNothing) {
  auto credit_note = issued_invoice(-20000);
  credit_note.invoice.facts.kind = ledger::RegisterKind::CreditNote;
  const auto standing = standing_of(credit_note, k_after_due);
  EXPECT_EQ(standing.status, PaymentStatus::NotApplicable);
  EXPECT_EQ(standing.outstanding_cents, 0);
  EXPECT_EQ(standing.overdue, Overdue::No);

  auto migrated = issued_invoice(0);
  migrated.invoice.known = ledger::FactsKnown::Unknown;
  EXPECT_EQ(standing_of(migrated, k_after_due).status, PaymentStatus::Unknown);
  EXPECT_EQ(standing_of(migrated, k_after_due).overdue, Overdue::No);
}

TEST(Standing, StatusNamesRoundTrip) {
  for (const auto status : {PaymentStatus::Unpaid, PaymentStatus::PartiallyPaid,
                            PaymentStatus::Paid, PaymentStatus::Overpaid, PaymentStatus::Credited,
                            PaymentStatus::NotApplicable, PaymentStatus::Unknown}) {
    EXPECT_EQ(parse_payment_status(payment_status_name(status)), status);
  }
  EXPECT_EQ(payment_status_name(PaymentStatus::PartiallyPaid), "partially_paid");
  EXPECT_EQ(parse_payment_status("overdue"), std::nullopt);
}

TEST(PlainAmount, IsADecimalWithADotAndTwoDigits) {
  EXPECT_EQ(plain_amount(146790), "1467.90");
  EXPECT_EQ(plain_amount(5), "0.05");
  EXPECT_EQ(plain_amount(-5), "-0.05");
  EXPECT_EQ(plain_amount(-123456), "-1234.56");
  EXPECT_EQ(plain_amount(0), "0.00");
  EXPECT_EQ(plain_amount(INT64_MIN), "-92233720368547758.08");
}

TEST(PositiveAmount, TakesWhatAPersonTypesAndRefusesTheRest) {
  EXPECT_EQ(*parse_positive_amount("12.34"), 1234);
  EXPECT_EQ(*parse_positive_amount("12.3"), 1230);
  EXPECT_EQ(*parse_positive_amount("12"), 1200);
  EXPECT_EQ(*parse_positive_amount("0.01"), 1);
  for (const auto* bad : {"12,34", "-1", "0", "0.00", "1.234", "+5", "", "abc", "1e3", " 12",
                          "99999999999999999999"}) {
    const auto parsed = parse_positive_amount(bad);
    ASSERT_FALSE(parsed) << bad;
    EXPECT_NE(parsed.error().message.find("like 12.34"), std::string::npos);
  }
}

} // namespace
} // namespace mailroom::receivables
