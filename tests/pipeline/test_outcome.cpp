#include <engine/pipeline/outcome.hpp>

#include <gtest/gtest.h>

#include <string>

namespace mailroom::pipeline {
namespace {

// Counts `times` invoices of one status, as the pipeline's record stage does.
void count_many(Counters& counters, InvoiceStatus status, size_t times) {
  for (size_t index = 0; index < times; ++index) {
    counters.count(status);
  }
}

TEST(Counters, EachStatusIncreasesItsOwnCountAndDone) {
  Counters counters;
  counters.count(InvoiceStatus::Sent);
  counters.count(InvoiceStatus::Sent);
  counters.count(InvoiceStatus::Skipped);
  counters.count(InvoiceStatus::Failed);
  counters.count(InvoiceStatus::InvalidAddress);
  counters.count(InvoiceStatus::Interrupted);
  counters.count(InvoiceStatus::Prepared);
  counters.count(InvoiceStatus::Unknown);
  EXPECT_EQ(counters.done, 8u);
  EXPECT_EQ(counters.sent, 2u);
  EXPECT_EQ(counters.skipped, 1u);
  EXPECT_EQ(counters.failed, 1u);
  EXPECT_EQ(counters.invalid_address, 1u);
  EXPECT_EQ(counters.interrupted, 1u);
  EXPECT_EQ(counters.prepared, 1u);
  EXPECT_EQ(counters.unknown, 1u);
  // The total is what the run expected, set before it starts; counting leaves it alone.
  EXPECT_EQ(counters.total, 0u);
}

TEST(StatusName, NamesAreTheOnesTheReportUses) {
  EXPECT_EQ(status_name(InvoiceStatus::Sent), "sent");
  EXPECT_EQ(status_name(InvoiceStatus::Skipped), "skipped");
  EXPECT_EQ(status_name(InvoiceStatus::Failed), "failed");
  EXPECT_EQ(status_name(InvoiceStatus::InvalidAddress), "invalid_address");
  EXPECT_EQ(status_name(InvoiceStatus::Interrupted), "interrupted");
  EXPECT_EQ(status_name(InvoiceStatus::Prepared), "prepared");
  EXPECT_EQ(status_name(InvoiceStatus::Unknown), "unknown");
}

TEST(SummaryLine, GroupsThousandsAndLeavesOutZeroCounts) {
  Counters counters;
  count_many(counters, InvoiceStatus::Sent, 1236);
  count_many(counters, InvoiceStatus::InvalidAddress, 3);
  count_many(counters, InvoiceStatus::Failed, 1);
  EXPECT_EQ(summary_line(counters), "1,240 invoices: 1,236 sent, 3 invalid address, 1 failed");
}

TEST(SummaryLine, OneInvoiceIsSingular) {
  Counters counters;
  counters.count(InvoiceStatus::Sent);
  EXPECT_EQ(summary_line(counters), "1 invoice: 1 sent");
}

TEST(SummaryLine, NothingDoneIsJustTheCount) {
  Counters counters;
  EXPECT_EQ(summary_line(counters), "0 invoices");
}

TEST(SummaryLine, NamesEveryKindOfOutcome) {
  Counters counters;
  counters.count(InvoiceStatus::Sent);
  counters.count(InvoiceStatus::Prepared);
  counters.count(InvoiceStatus::Skipped);
  counters.count(InvoiceStatus::InvalidAddress);
  counters.count(InvoiceStatus::Failed);
  counters.count(InvoiceStatus::Interrupted);
  counters.count(InvoiceStatus::Unknown);
  EXPECT_EQ(summary_line(counters),
            "7 invoices: 1 sent, 1 prepared (not sent), 1 skipped (already sent), "
            "1 invalid address, 1 failed, 1 interrupted earlier (delivery unknown), "
            "1 unknown (sent without a final reply from the server)");
}

TEST(AllDone, WhenEverythingWentOutOrHadGoneOutBefore) {
  Counters counters;
  EXPECT_TRUE(all_done(counters));
  counters.count(InvoiceStatus::Sent);
  counters.count(InvoiceStatus::Skipped);
  EXPECT_TRUE(all_done(counters));
}

TEST(AllDone, ForADryRunThatPreparedEverything) {
  Counters counters;
  count_many(counters, InvoiceStatus::Prepared, 5);
  EXPECT_TRUE(all_done(counters));
}

TEST(AllDone, NotForAnyInvoiceThatWasNotSent) {
  for (const auto status : {InvoiceStatus::Failed, InvoiceStatus::InvalidAddress,
                            InvoiceStatus::Interrupted, InvoiceStatus::Unknown}) {
    Counters counters;
    count_many(counters, InvoiceStatus::Sent, 10);
    counters.count(status);
    EXPECT_FALSE(all_done(counters)) << status_name(status);
  }
}

} // namespace
} // namespace mailroom::pipeline
