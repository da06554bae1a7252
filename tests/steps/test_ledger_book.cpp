// The one mapping from what the ledger knows (its states) to what a run does with an invoice and
// reports about it.

#include <engine/steps/ledger_book.hpp>

#include <gtest/gtest.h>

namespace mailroom::steps {
namespace {

using pipeline::InvoiceStatus;
using pipeline::ReportEntry;
using pipeline::Resending;

ledger::Entry earlier(ledger::State state) {
  ledger::Entry entry;
  entry.job = "job";
  entry.number = "2026-1";
  entry.state = state;
  entry.recipients = "jan@bakkerij.nl";
  entry.attempts = 2;
  entry.sent_at = state == ledger::State::Sent ? "2026-11-20T10:00:00.000Z" : "";
  entry.message_id = "abc.2.mailroom@acme.example";
  entry.error = state == ledger::State::Unknown ? "connection lost after the dot" : "";
  entry.updated_at = "2026-11-20T10:00:00.000Z";
  return entry;
}

struct Case {
  ledger::State state;
  Resending resending;
  EarlierRecord expected;
  std::optional<InvoiceStatus> status; // Of an invoice left alone.
};

TEST(LedgerBook, JudgesEveryEarlierStateUnderEveryResendChoice) {
  using ledger::State;
  const Case cases[] = {
    {State::Sent, Resending::SkipSent, EarlierRecord::LeftAlone, InvoiceStatus::Skipped},
    {State::Sent, Resending::ResendUnknown, EarlierRecord::LeftAlone, InvoiceStatus::Skipped},
    {State::Sent, Resending::ResendSent, EarlierRecord::GoesOut, std::nullopt},
    {State::Sending, Resending::SkipSent, EarlierRecord::LeftAlone, InvoiceStatus::Interrupted},
    {State::Sending, Resending::ResendUnknown, EarlierRecord::GoesOut, std::nullopt},
    {State::Sending, Resending::ResendSent, EarlierRecord::GoesOut, std::nullopt},
    {State::Unknown, Resending::SkipSent, EarlierRecord::LeftAlone, InvoiceStatus::Unknown},
    {State::Unknown, Resending::ResendUnknown, EarlierRecord::GoesOut, std::nullopt},
    {State::Unknown, Resending::ResendSent, EarlierRecord::GoesOut, std::nullopt},
    {State::Failed, Resending::SkipSent, EarlierRecord::GoesOut, std::nullopt},
    {State::InvalidAddress, Resending::SkipSent, EarlierRecord::GoesOut, std::nullopt},
  };
  const LedgerBook book(nullptr, "job");
  for (const auto& each : cases) {
    ReportEntry entry;
    const auto judged = book.judge_earlier(earlier(each.state), each.resending, entry);
    const std::string what = std::string(ledger::state_name(each.state)) + " with resending " +
                             std::to_string(static_cast<int>(each.resending));
    EXPECT_EQ(judged, each.expected) << what;
    if (each.status) {
      EXPECT_EQ(entry.status, *each.status) << what;
      EXPECT_EQ(entry.recipients, "jan@bakkerij.nl") << what;
      EXPECT_EQ(entry.message_id, "abc.2.mailroom@acme.example") << what;
    } else {
      EXPECT_TRUE(entry.error.empty()) << what;
    }
  }
}

TEST(LedgerBook, SaysWhyAnInvoiceWhoseDeliveryIsUnknownIsHeldBack) {
  const LedgerBook book(nullptr, "job");
  ReportEntry interrupted;
  book.judge_earlier(earlier(ledger::State::Sending), Resending::SkipSent, interrupted);
  EXPECT_EQ(interrupted.error,
            "an earlier run stopped while sending this invoice (attempt 2, "
            "2026-11-20T10:00:00.000Z): it may or may not have been delivered; check the mailbox "
            "and use --resend-unknown to send it again");
  ReportEntry unknown;
  book.judge_earlier(earlier(ledger::State::Unknown), Resending::SkipSent, unknown);
  EXPECT_EQ(unknown.error,
            "an earlier run sent this invoice but the server never confirmed it (attempt 2, "
            "2026-11-20T10:00:00.000Z: connection lost after the dot): it may or may not have "
            "been delivered; check the mailbox and use --resend-unknown to send it again");
}

TEST(LedgerBook, OnlySendingAndUnknownMayHaveBeenDelivered) {
  EXPECT_EQ(LedgerBook::maybe_delivered(ledger::State::Sending), InvoiceStatus::Interrupted);
  EXPECT_EQ(LedgerBook::maybe_delivered(ledger::State::Unknown), InvoiceStatus::Unknown);
  for (const auto state :
       {ledger::State::Sent, ledger::State::Failed, ledger::State::InvalidAddress}) {
    EXPECT_FALSE(LedgerBook::maybe_delivered(state)) << ledger::state_name(state);
  }
  EXPECT_FALSE(LedgerBook::maybe_delivered(std::nullopt));
}

TEST(LedgerBook, WithoutALedgerEveryMarkIsLeftOutAndNothingIsNoted) {
  const LedgerBook book(nullptr, "job");
  EXPECT_FALSE(book.records());
  ReportEntry entry;
  entry.number = "2026-1";
  entry.error = "rendering: no font";
  book.record_failure(entry);
  book.mark_failed(entry, "x");
  book.mark_sent(entry, "", "250 Ok");
  EXPECT_EQ(entry.error, "rendering: no font");
  const auto found = book.find("2026-1");
  ASSERT_TRUE(found);
  EXPECT_FALSE(*found);
  EXPECT_TRUE(book.mark_sending(ledger::SendingRecord{}));
}

} // namespace
} // namespace mailroom::steps
