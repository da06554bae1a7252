// The send step's rules, in-process against a scripted transport and a real ledger: when an
// invoice is marked, how often it is tried, with which Message-ID, and what is recorded when the
// server accepts, defers, refuses or never answers.

#include <engine/steps/routes.hpp>

#include <tests/steps/steps_fixture.hpp>

namespace mailroom::testing {
namespace {

using pipeline::InvoiceStatus;
using transport::FailureKind;
using transport::FailureScope;

class SendMail : public StepsTest {};

TEST_F(SendMail, EachAttemptIsMarkedSendingBeforeItGoesOutAndSentOnlyAfterThe250) {
  load();
  auto& mailbox = script("acme", {delivered()});
  std::optional<ledger::Entry> while_sending;
  mailbox.on_send = [&](const ScriptedTransport::Message&) { while_sending = recorded("2026-1"); };
  const auto done = travel(make_invoice("2026-1", "acme", "jan@bakkerij.nl"), steps::k_send_route);

  ASSERT_TRUE(while_sending);
  EXPECT_EQ(while_sending->state, ledger::State::Sending);
  EXPECT_EQ(while_sending->attempts, 1);
  EXPECT_EQ(done.entry.status, InvoiceStatus::Sent) << done.entry.error;
  const auto after = recorded("2026-1");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->state, ledger::State::Sent);
  EXPECT_EQ(after->sent_at, done.entry.sent_at);
  EXPECT_EQ(after->server_reply, "250 2.0.0 Ok: queued as 4XyZ");
  EXPECT_EQ(after->message_id, acme_message_id("2026-1", 1));
  ASSERT_EQ(mailbox.messages().size(), 1u);
  EXPECT_EQ(mailbox.messages()[0].envelope.recipients, std::vector<std::string>{"jan@bakkerij.nl"});
}

TEST_F(SendMail, ATemporaryFailureIsTriedAgainAsANewMessageMarkedSendingAgain) {
  load();
  auto& mailbox = script("acme", {failed(FailureKind::Temporary, "451 4.3.0 try again later"),
                                  failed(FailureKind::Temporary, "421 4.7.0 busy"), delivered()});
  std::vector<int> attempts_marked;
  mailbox.on_send = [&](const ScriptedTransport::Message&) {
    const auto entry = recorded("2026-2");
    ASSERT_TRUE(entry);
    EXPECT_EQ(entry->state, ledger::State::Sending);
    attempts_marked.push_back(entry->attempts);
  };
  const auto done = travel(make_invoice("2026-2", "acme", "jan@bakkerij.nl"), steps::k_send_route);

  EXPECT_EQ(done.entry.status, InvoiceStatus::Sent) << done.entry.error;
  EXPECT_EQ(attempts_marked, (std::vector<int>{1, 2, 3}));
  ASSERT_EQ(mailbox.messages().size(), 3u);
  for (int attempt = 1; attempt <= 3; ++attempt) {
    EXPECT_TRUE(contains(mailbox.messages()[attempt - 1].bytes,
                         "<" + acme_message_id("2026-2", attempt) + ">"))
      << "attempt " << attempt;
  }
  EXPECT_EQ(done.entry.message_id, acme_message_id("2026-2", 3));
  EXPECT_EQ(recorded("2026-2")->state, ledger::State::Sent);
}

TEST_F(SendMail, GivesUpWhenTheMailboxsAttemptsAreUsedUpAndRecordsTheLastReply) {
  load();
  auto& mailbox = script("acme",
                         {failed(FailureKind::Temporary, "451 4.3.0 one"),
                          failed(FailureKind::Temporary, "451 4.3.0 two"),
                          failed(FailureKind::Temporary, "451 4.3.0 three"), delivered()},
                         3);
  const auto done = travel(make_invoice("2026-3", "acme", "jan@bakkerij.nl"), steps::k_send_route);

  EXPECT_EQ(mailbox.messages().size(), 3u);
  EXPECT_EQ(done.entry.status, InvoiceStatus::Failed);
  EXPECT_TRUE(contains(done.entry.error, "gave up after 3 attempts")) << done.entry.error;
  const auto entry = recorded("2026-3");
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->state, ledger::State::Failed);
  EXPECT_EQ(entry->server_reply, "451 4.3.0 three");
  EXPECT_FALSE(mailbox.unreachable()) << "a message's refusals say nothing of the mailbox";
}

TEST_F(SendMail, AMailboxThatCannotBeReachedIsGivenUpForTheRestOfTheRun) {
  load();
  auto& mailbox = script(
    "acme", {failed(FailureKind::Temporary, "connection refused", FailureScope::Mailbox)}, 1);
  const auto first = travel(make_invoice("2026-4", "acme", "jan@bakkerij.nl"), steps::k_send_route);
  const auto second =
    travel(make_invoice("2026-5", "acme", "piet@bakkerij.nl"), steps::k_send_route, 2);

  EXPECT_EQ(first.entry.status, InvoiceStatus::Failed);
  EXPECT_EQ(second.entry.status, InvoiceStatus::Failed);
  EXPECT_TRUE(contains(second.entry.error, "the mailbox was given up for the rest of this run"))
    << second.entry.error;
  EXPECT_EQ(mailbox.messages().size(), 1u) << "the second invoice must not be tried at all";
  EXPECT_EQ(recorded("2026-5")->state, ledger::State::Failed);
}

TEST_F(SendMail, APermanentRefusalIsNotTriedAgain) {
  load();
  auto& mailbox =
    script("acme", {failed(FailureKind::Permanent, "554 5.7.1 rejected"), delivered()});
  const auto done = travel(make_invoice("2026-6", "acme", "jan@bakkerij.nl"), steps::k_send_route);

  EXPECT_EQ(mailbox.messages().size(), 1u);
  EXPECT_EQ(done.entry.status, InvoiceStatus::Failed);
  EXPECT_EQ(done.entry.error, "the server said: 554 5.7.1 rejected");
  EXPECT_EQ(recorded("2026-6")->server_reply, "554 5.7.1 rejected");
}

TEST_F(SendMail, ARefusedAddressOfSeveralIsLeftOutAndTheOthersGetTheInvoice) {
  load();
  auto& mailbox = script("acme", {failed(FailureKind::Permanent, "550 5.1.1 no such user",
                                         FailureScope::Message, "jan@bakkerij.nl"),
                                  delivered()});
  const auto done =
    travel(make_invoice("2026-7", "acme", "jan@bakkerij.nl;piet@bakkerij.nl"), steps::k_send_route);

  ASSERT_EQ(mailbox.messages().size(), 2u);
  EXPECT_EQ(mailbox.messages()[1].envelope.recipients,
            std::vector<std::string>{"piet@bakkerij.nl"});
  EXPECT_EQ(done.entry.status, InvoiceStatus::Sent);
  EXPECT_EQ(done.entry.error, "refused by the server: jan@bakkerij.nl");
  EXPECT_EQ(recorded("2026-7")->attempts, 2);
}

TEST_F(SendMail, WhenOnlyTheBccCopyWouldBeLeftTheInvoiceFails) {
  load();
  auto& mailbox = script("northwind", {failed(FailureKind::Permanent, "550 5.1.1 no such user",
                                              FailureScope::Message, "jan@bakkerij.nl"),
                                       delivered()});
  const auto done =
    travel(make_invoice("2026-8", "northwind", "jan@bakkerij.nl"), steps::k_send_route);

  EXPECT_EQ(mailbox.messages().size(), 1u);
  EXPECT_EQ(done.entry.status, InvoiceStatus::Failed);
  EXPECT_EQ(recorded("2026-8")->state, ledger::State::Failed);
}

TEST_F(SendMail, NoFinalReplyIsUnknownNeverRetriedNeverCountedAsSent) {
  load();
  auto& mailbox =
    script("acme", {failed(FailureKind::Unknown, "connection lost after the dot"), delivered()});
  const auto done = travel(make_invoice("2026-9", "acme", "jan@bakkerij.nl"), steps::k_send_route);

  EXPECT_EQ(mailbox.messages().size(), 1u);
  EXPECT_EQ(done.entry.status, InvoiceStatus::Unknown);
  EXPECT_EQ(recorded("2026-9")->state, ledger::State::Unknown);

  // The next run holds it back; told to resend it, it sends it as attempt 2.
  const auto next = travel(make_invoice("2026-9", "acme", "jan@bakkerij.nl"), steps::k_send_route);
  EXPECT_EQ(next.entry.status, InvoiceStatus::Unknown);
  EXPECT_TRUE(contains(next.entry.error, "--resend-unknown")) << next.entry.error;
  EXPECT_EQ(mailbox.messages().size(), 1u);
  m_context->options.resending = pipeline::Resending::ResendUnknown;
  const auto resent =
    travel(make_invoice("2026-9", "acme", "jan@bakkerij.nl"), steps::k_send_route);
  EXPECT_EQ(resent.entry.status, InvoiceStatus::Sent) << resent.entry.error;
  EXPECT_EQ(resent.entry.message_id, acme_message_id("2026-9", 2));
}

TEST_F(SendMail, AStopRequestBeforeTheFirstTryLeavesTheInvoiceForTheNextRun) {
  load();
  auto& mailbox = script("acme", {delivered()});
  pipeline::request_stop();
  const auto done = travel(make_invoice("2026-10", "acme", "jan@bakkerij.nl"), steps::k_send_route);

  EXPECT_TRUE(mailbox.messages().empty());
  EXPECT_EQ(done.entry.status, InvoiceStatus::Failed);
  EXPECT_TRUE(contains(done.entry.error, "the next run sends it")) << done.entry.error;
  EXPECT_EQ(recorded("2026-10")->state, ledger::State::Failed);
}

TEST_F(SendMail, AnInvoiceWhoseDeliveryIsUnknownKeepsThatStateWhenItCannotBeResent) {
  load();
  auto& first = script("acme", {failed(FailureKind::Unknown, "connection lost after the dot")});
  travel(make_invoice("2026-11", "acme", "jan@bakkerij.nl"), steps::k_send_route);
  ASSERT_EQ(first.messages().size(), 1u);

  // Asked to resend it, the run finds the mailbox given up before its first try: recorded as
  // failed, a later run would send it without being asked, so it stays unknown.
  m_context->options.resending = pipeline::Resending::ResendUnknown;
  auto& second = script("acme", {});
  second.mark_unreachable("connection refused");
  const auto done = travel(make_invoice("2026-11", "acme", "jan@bakkerij.nl"), steps::k_send_route);
  EXPECT_EQ(done.entry.status, InvoiceStatus::Unknown);
  EXPECT_TRUE(contains(done.entry.error, "its earlier delivery is still unknown"))
    << done.entry.error;
  EXPECT_EQ(recorded("2026-11")->state, ledger::State::Unknown);
}

} // namespace
} // namespace mailroom::testing
