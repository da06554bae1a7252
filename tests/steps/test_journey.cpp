// The steps other than sending, and the lists the commands make of them: what each step leaves
// for the next, where a journey ends, and what it records.

#include <engine/steps/routes.hpp>
#include <engine/util/hash.hpp>

#include <tests/steps/steps_fixture.hpp>
#include <tests/support/pdf_reader.hpp>

#include <filesystem>

namespace mailroom::testing {
namespace {

using pipeline::InvoiceStatus;

class Journey : public StepsTest {};

TEST_F(Journey, ThePdfIsOnDiskInTheArchiveBeforeAByteOfTheMailGoesOut) {
  load();
  auto& mailbox = script("acme", {delivered()});
  const auto archived = m_job.archive() / "acme" / "2026-20.pdf";
  bool archived_while_sending = false;
  mailbox.on_send = [&](const ScriptedTransport::Message&) {
    archived_while_sending = std::filesystem::exists(archived);
  };
  const auto done = travel(make_invoice("2026-20", "acme", "jan@bakkerij.nl"), steps::k_send_route);
  EXPECT_EQ(done.entry.status, InvoiceStatus::Sent) << done.entry.error;
  EXPECT_TRUE(archived_while_sending);
  // The ledger keeps the SHA-256 of exactly the PDF that went out.
  EXPECT_EQ(recorded("2026-20")->pdf_sha256, hash::sha256_hex(read_text(archived)));
}

TEST_F(Journey, AnInvoiceSentBeforeIsSkippedWithWhenAndToWhomItWasSent) {
  load();
  auto& mailbox = script("acme", {delivered(), delivered()});
  const auto first =
    travel(make_invoice("2026-21", "acme", "jan@bakkerij.nl"), steps::k_send_route);
  const auto again =
    travel(make_invoice("2026-21", "acme", "jan@bakkerij.nl"), steps::k_send_route);
  EXPECT_EQ(again.entry.status, InvoiceStatus::Skipped);
  EXPECT_EQ(again.entry.sent_at, first.entry.sent_at);
  EXPECT_EQ(again.entry.recipients, "jan@bakkerij.nl");
  EXPECT_EQ(mailbox.messages().size(), 1u);

  // Only an explicit --resend sends it again, as the next attempt.
  m_context->options.resending = pipeline::Resending::ResendSent;
  const auto resent =
    travel(make_invoice("2026-21", "acme", "jan@bakkerij.nl"), steps::k_send_route);
  EXPECT_EQ(resent.entry.status, InvoiceStatus::Sent);
  EXPECT_EQ(resent.entry.message_id, acme_message_id("2026-21", 2));
  EXPECT_EQ(mailbox.messages().size(), 2u);
}

TEST_F(Journey, WithoutAValidAddressTheInvoiceIsRecordedAndNeitherRenderedNorSent) {
  load();
  auto& mailbox = script("acme", {delivered()});
  const auto done =
    travel(make_invoice("2026-22", "acme", "jan at bakkerij; "), steps::k_send_route);
  EXPECT_EQ(done.entry.status, InvoiceStatus::InvalidAddress);
  EXPECT_TRUE(contains(done.entry.error, "no valid email address: \"jan at bakkerij\""))
    << done.entry.error;
  EXPECT_FALSE(done.entry.render_milliseconds) << "rendered though it cannot be sent";
  EXPECT_TRUE(mailbox.messages().empty());
  EXPECT_EQ(recorded("2026-22")->state, ledger::State::InvalidAddress);
  ASSERT_EQ(done.warnings.size(), 1u);
  EXPECT_EQ(done.warnings[0].location.field, "debtor.emails");
}

TEST_F(Journey, ARejectedAddressBesideAValidOneIsNamedAndTheValidOneGetsTheInvoice) {
  load();
  auto& mailbox = script("acme", {delivered()});
  const auto done = travel(make_invoice("2026-23", "acme", "jan at bakkerij;piet@bakkerij.nl"),
                           steps::k_send_route);
  EXPECT_EQ(done.entry.status, InvoiceStatus::Sent);
  EXPECT_TRUE(contains(done.entry.error, "not sent to: \"jan at bakkerij\"")) << done.entry.error;
  ASSERT_EQ(mailbox.messages().size(), 1u);
  EXPECT_EQ(mailbox.messages()[0].envelope.recipients,
            std::vector<std::string>{"piet@bakkerij.nl"});
}

TEST_F(Journey, ARecipientOverrideInTheLedgerIsWhereTheNextSendGoes) {
  load();
  auto& mailbox = script("acme", {delivered()});
  // The data's address is wrong: not sent, but the invoice is in the register.
  const auto invoice = make_invoice("2026-24", "acme", "jan at bakkerij");
  const auto refused = travel(invoice, steps::k_send_route);
  ASSERT_EQ(refused.entry.status, InvoiceStatus::InvalidAddress);
  ASSERT_TRUE(m_context->ledger->set_recipient_override(
    "acme", "2026-24", "piet@bakkerij.nl; kas@bakkerij.nl", "phoned on Monday"));
  const auto done = travel(invoice, steps::k_send_route);
  EXPECT_EQ(done.entry.status, InvoiceStatus::Sent) << done.entry.error;
  EXPECT_EQ(done.entry.recipients, "piet@bakkerij.nl; kas@bakkerij.nl");
  EXPECT_TRUE(done.warnings.empty());
  ASSERT_EQ(mailbox.messages().size(), 1u);
  EXPECT_EQ(mailbox.messages()[0].envelope.recipients,
            (std::vector<std::string>{"piet@bakkerij.nl", "kas@bakkerij.nl"}));
  EXPECT_EQ(recorded("2026-24")->recipients, "piet@bakkerij.nl; kas@bakkerij.nl");
}

TEST_F(Journey, AClearedOverrideSendsTheInvoiceToItsDataAgain) {
  load();
  auto& mailbox = script("acme", {delivered()});
  const auto invoice = make_invoice("2026-25", "acme", "jan@bakkerij.nl");
  ASSERT_TRUE(m_context->ledger->record_facts(steps::invoice_facts(
    item(invoice).parsed.invoice, m_context->creditors.by_id.at("acme"), "test-job")));
  ASSERT_TRUE(m_context->ledger->set_recipient_override("acme", "2026-25", "piet@bakkerij.nl", ""));
  ASSERT_TRUE(m_context->ledger->set_recipient_override("acme", "2026-25", "", "fixed"));
  const auto done = travel(invoice, steps::k_send_route);
  EXPECT_EQ(done.entry.status, InvoiceStatus::Sent) << done.entry.error;
  ASSERT_EQ(mailbox.messages().size(), 1u);
  EXPECT_EQ(mailbox.messages()[0].envelope.recipients, std::vector<std::string>{"jan@bakkerij.nl"});
}

TEST_F(Journey, AnOverridesRejectedAddressIsNamedAsTheOverrideNotTheData) {
  load();
  script("acme", {delivered()});
  const auto invoice = make_invoice("2026-26", "acme", "jan@bakkerij.nl");
  ASSERT_TRUE(m_context->ledger->record_facts(steps::invoice_facts(
    item(invoice).parsed.invoice, m_context->creditors.by_id.at("acme"), "test-job")));
  // The command refuses such an override; the ledger, which knows no addresses, keeps any.
  ASSERT_TRUE(m_context->ledger->set_recipient_override("acme", "2026-26", "piet at bakkerij", ""));
  const auto set_at = (*m_context->ledger->recipient_override("acme", "2026-26"))->set_at;
  const auto done = travel(invoice, steps::k_send_route);
  EXPECT_EQ(done.entry.status, InvoiceStatus::InvalidAddress);
  EXPECT_TRUE(contains(done.entry.error, "no valid email address: \"piet at bakkerij\": "))
    << done.entry.error;
  EXPECT_TRUE(done.entry.error.ends_with(" (in the recipient override of " + set_at + ")"))
    << done.entry.error;
  ASSERT_EQ(done.warnings.size(), 1u);
  EXPECT_EQ(done.warnings[0].location.field, "recipient override of " + set_at);
  EXPECT_EQ(recorded("2026-26")->state, ledger::State::InvalidAddress);
  EXPECT_EQ(recorded("2026-26")->recipients, "piet at bakkerij");
}

TEST_F(Journey, ValidateAndDryRunsReadTheOverrideFromTheLedgerTheyOnlyRead) {
  load();
  const auto invoice = make_invoice("2026-27", "acme", "jan at bakkerij");
  ASSERT_TRUE(m_context->ledger->record_facts(steps::invoice_facts(
    item(invoice).parsed.invoice, m_context->creditors.by_id.at("acme"), "test-job")));
  ASSERT_TRUE(m_context->ledger->set_recipient_override("acme", "2026-27", "piet@bakkerij.nl", ""));
  // As `validate` and `run --dry-run` hold it: nothing to write, one ledger to read.
  auto reader = std::move(m_context->ledger);
  m_context->read_only_ledger = reader.get();
  const auto validated = travel(invoice, steps::k_validate_route);
  EXPECT_EQ(validated.entry.status, InvoiceStatus::Prepared) << validated.entry.error;
  EXPECT_EQ(validated.entry.recipients, "piet@bakkerij.nl");
  const auto prepared = travel(invoice, steps::k_dry_run_route);
  EXPECT_EQ(prepared.entry.status, InvoiceStatus::Prepared) << prepared.entry.error;
  EXPECT_EQ(prepared.entry.recipients, "piet@bakkerij.nl");
  m_context->read_only_ledger = nullptr;
}

TEST_F(Journey, ADryRunBuildsTheMailAndEndsPreparedWithNothingWrittenOrRecorded) {
  load();
  const auto done =
    travel(make_invoice("2026-24", "acme", "jan@bakkerij.nl"), steps::k_dry_run_route);
  EXPECT_EQ(done.entry.status, InvoiceStatus::Prepared) << done.entry.error;
  EXPECT_EQ(done.entry.message_id, acme_message_id("2026-24", 1));
  EXPECT_FALSE(recorded("2026-24"));
  EXPECT_FALSE(std::filesystem::exists(m_job.archive()));
}

TEST_F(Journey, RenderWritesThePdfIntoItsFolderAndNothingElse) {
  load();
  m_context->render_folder = m_job.root() / "pdfs";
  std::filesystem::create_directories(m_context->render_folder);
  const auto done =
    travel(make_invoice("2026-25", "acme", "jan@bakkerij.nl"), steps::k_render_route);
  EXPECT_EQ(done.entry.status, InvoiceStatus::Prepared) << done.entry.error;
  const auto pdf = PdfReader::from_file(m_context->render_folder / "2026-25.pdf");
  EXPECT_TRUE(contains(pdf.text(), "2026-25"));
  EXPECT_FALSE(recorded("2026-25"));
}

TEST_F(Journey, ABadRecordIsRecordedAsFailedWithEveryProblem) {
  load();
  auto bad = make_invoice("2026-26", "acme", "jan@bakkerij.nl");
  bad["due_date"] = "someday";
  auto work = item(bad, 7);
  ASSERT_FALSE(work.usable());
  steps::settle_unusable(*m_context, work);
  EXPECT_EQ(work.entry.status, InvoiceStatus::Failed);
  EXPECT_TRUE(contains(work.entry.error, "due_date")) << work.entry.error;
  EXPECT_TRUE(contains(work.entry.source, "invoices.jsonl:7")) << work.entry.source;
  EXPECT_EQ(recorded("2026-26")->state, ledger::State::Failed);
}

TEST_F(Journey, BadDataNeverOverwritesTheRecordOfAnInvoiceSentBefore) {
  load();
  script("acme", {delivered()});
  travel(make_invoice("2026-27", "acme", "jan@bakkerij.nl"), steps::k_send_route);
  auto bad = make_invoice("2026-27", "acme", "jan@bakkerij.nl");
  bad["due_date"] = "someday";
  auto work = item(bad, 9);
  steps::settle_unusable(*m_context, work);
  EXPECT_EQ(recorded("2026-27")->state, ledger::State::Sent);
  const auto beside = recorded("2026-27@" + work.entry.source);
  ASSERT_TRUE(beside);
  EXPECT_EQ(beside->state, ledger::State::Failed);
}

TEST_F(Journey, ADuplicateNumberIsRecordedUnderItsOwnKeyWithTheOneWording) {
  load();
  auto work = item(make_invoice("2026-28", "acme", "jan@bakkerij.nl"), 12);
  work.duplicate = true;
  steps::settle_unusable(*m_context, work);
  EXPECT_EQ(work.entry.status, InvoiceStatus::Failed);
  EXPECT_EQ(work.entry.error, pipeline::duplicate_number_problem(work.parsed.invoice).to_string());
  EXPECT_TRUE(contains(work.entry.error, ":12: number: invoice number 2026-28 appears more than "
                                         "once in this job"))
    << work.entry.error;
  EXPECT_FALSE(recorded("2026-28"));
  EXPECT_TRUE(recorded(work.entry.number));
}

TEST_F(Journey, WhenTheLedgerRefusesAFactTheEntrySaysSoInOneWording) {
  load();
  script("acme", {delivered()});
  auto sent = travel(make_invoice("2026-29", "acme", "jan@bakkerij.nl"), steps::k_send_route);
  ASSERT_EQ(sent.entry.status, InvoiceStatus::Sent);
  // A sent invoice's row is never marked failed (ledger.hpp): the ledger refuses it.
  const steps::LedgerBook book(m_context->ledger.get(), m_context->job.name);
  sent.entry.error = "deferred";
  book.mark_failed(sent.entry, "deferred");
  EXPECT_TRUE(sent.entry.error.starts_with("deferred (and the ledger could not record it: "))
    << sent.entry.error;
  EXPECT_EQ(recorded("2026-29")->state, ledger::State::Sent);
}

} // namespace
} // namespace mailroom::testing
