// End-to-end: the mailroom binary sends jobs through a real SMTP server on 127.0.0.1; what the
// server received is parsed back with vmime, the attached PDFs read back with Poppler, and the
// ledger read back from its SQLite file.

#include "job_fixture.hpp"

#include <engine/ledger/ledger.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <tests/support/mime_reader.hpp>
#include <tests/support/pdf_reader.hpp>
#include <tests/support/process.hpp>
#include <tests/support/smtp_server.hpp>
#include <tests/support/temporary_folder.hpp>

#include <algorithm>
#include <regex>

namespace mailroom::testing {
namespace {

using namespace std::chrono_literals;

class RunTest : public ::testing::Test {
protected:
  TemporaryFolder m_server_folder;
  SmtpServer m_server{m_server_folder.path()};
  JobFixture m_job{m_server.url()};

  ProcessResult run(std::vector<std::string> extra = {}) {
    std::vector<std::string> arguments{"run",      m_job.job_file().string(), "--progress", "none",
                                       "--report", m_job.report().string()};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    return run_mailroom(arguments);
  }

  nlohmann::json report() const { return nlohmann::json::parse(read_text(m_job.report())); }

  std::unique_ptr<ledger::Ledger> open_ledger() const {
    auto opened = ledger::Ledger::open(m_job.ledger());
    if (!opened) {
      ADD_FAILURE() << opened.error().to_string();
      return nullptr;
    }
    return std::move(*opened);
  }

  static const ReceivedMessage* find_by_subject(const std::vector<ReceivedMessage>& messages,
                                                const std::string& part) {
    for (const auto& message : messages) {
      if (parse_message(message.data).subject.find(part) != std::string::npos) {
        return &message;
      }
    }
    return nullptr;
  }
};

TEST_F(RunTest, SendsEveryInvoiceThroughTheServerWithItsPdfAndRecordsIt) {
  m_job.write({
    make_invoice("2026-000001", "acme", "admin@devries.example; boekhouding@devries.example")
      .dump(),
    make_invoice("2026-000002", "northwind", "accounts@brightside.example", "Brightside Ltd")
      .dump(),
    make_invoice("2026-000003", "acme", "kas@hoekje.example", "Café 't Hoekje").dump(),
  });
  const auto result = run();
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("3 invoices: 3 sent"), std::string::npos) << result.out;

  const auto messages = m_server.wait_for_messages(3, 30s);
  ASSERT_EQ(messages.size(), 3u);

  // Acme, Dutch: subject with %n replaced, both debtor addresses, the PDF attached.
  const auto* acme = find_by_subject(messages, "2026-000001");
  ASSERT_NE(acme, nullptr);
  EXPECT_EQ(acme->mail_from, "facturen@acme.example");
  EXPECT_EQ(acme->rcpt_tos,
            (std::vector<std::string>{"admin@devries.example", "boekhouding@devries.example"}));
  const auto parsed = parse_message(acme->data);
  EXPECT_EQ(parsed.subject, "Factuur 2026-000001 van Acme B.V.");
  EXPECT_EQ(parsed.from, "facturen@acme.example");
  EXPECT_EQ(parsed.reply_to, "debiteuren@acme.example");
  EXPECT_EQ(parsed.to,
            (std::vector<std::string>{"admin@devries.example", "boekhouding@devries.example"}));
  EXPECT_NE(parsed.text_body.find("€ 246,25"), std::string::npos) << parsed.text_body;
  ASSERT_EQ(parsed.attachments.size(), 1u);
  EXPECT_EQ(parsed.attachments[0].filename, "2026-000001.pdf");
  EXPECT_EQ(parsed.attachments[0].content_type, "application/pdf");
  const auto pdf = PdfReader::from_bytes(parsed.attachments[0].bytes);
  const auto text = pdf.text();
  EXPECT_NE(text.find("2026-000001"), std::string::npos);
  EXPECT_NE(text.find("Bakkerij De Vries"), std::string::npos);
  EXPECT_NE(text.find("246,25"), std::string::npos) << text;

  // Northwind, English: the Bcc goes to the envelope only.
  const auto* northwind = find_by_subject(messages, "2026-000002");
  ASSERT_NE(northwind, nullptr);
  EXPECT_EQ(northwind->rcpt_tos,
            (std::vector<std::string>{"accounts@brightside.example", "archive@northwind.example"}));
  const auto english = parse_message(northwind->data);
  EXPECT_EQ(english.subject, "Invoice 2026-000002 from Northwind Trading Ltd");
  EXPECT_EQ(english.raw_header("Bcc"), "");
  EXPECT_NE(PdfReader::from_bytes(english.attachments.at(0).bytes).text().find("246.25"),
            std::string::npos);

  // The ledger: every invoice sent, with the server's reply and a millisecond UTC time.
  auto ledger = open_ledger();
  ASSERT_TRUE(ledger);
  auto entries = ledger->entries("test-job");
  ASSERT_TRUE(entries);
  ASSERT_EQ(entries->size(), 3u);
  const std::regex iso8601(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
  for (const auto& entry : *entries) {
    EXPECT_EQ(entry.state, ledger::State::Sent) << entry.number;
    EXPECT_TRUE(std::regex_match(entry.sent_at, iso8601)) << entry.sent_at;
    EXPECT_EQ(entry.server_reply.substr(0, 3), "250") << entry.server_reply;
    EXPECT_EQ(entry.attempts, 1);
    EXPECT_EQ(entry.pdf_sha256.size(), 64u);
    EXPECT_FALSE(entry.message_id.empty());
  }

  // The report says the same, and the archive holds the PDFs.
  const auto json = report();
  EXPECT_EQ(json["job"], "test-job");
  EXPECT_EQ(json["total"], 3);
  EXPECT_EQ(json["sent"], 3);
  ASSERT_EQ(json["invoices"].size(), 3u);
  EXPECT_EQ(json["invoices"][0]["number"], "2026-000001");
  EXPECT_EQ(json["invoices"][0]["status"], "sent");
  EXPECT_EQ(json["invoices"][0]["recipients"],
            "admin@devries.example; boekhouding@devries.example");
  EXPECT_TRUE(std::regex_match(json["invoices"][0]["sent_at"].get<std::string>(), iso8601));
  EXPECT_EQ(json["invoices"][0]["message_id"], parsed.message_id);
  EXPECT_TRUE(std::filesystem::exists(m_job.archive() / "acme/2026-000001.pdf"));
  EXPECT_EQ(read_text(m_job.archive() / "acme/2026-000001.pdf"), parsed.attachments[0].bytes);
}

TEST_F(RunTest, InvoicesWithoutAValidAddressAreReportedNotSentAndTheRestGoesOn) {
  m_job.write({
    make_invoice("2026-000010", "acme", "boekhouding at example dot com").dump(),
    make_invoice("2026-000011", "acme", "").dump(),
    make_invoice("2026-000012", "acme", "ok@example.org; not an address").dump(),
  });
  const auto result = run();
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.out.find("3 invoices: 1 sent, 2 invalid address"), std::string::npos)
    << result.out;
  EXPECT_NE(result.err.find("2026-000010: invalid_address"), std::string::npos) << result.err;

  const auto messages = m_server.wait_for_messages(1, 30s);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].rcpt_tos, std::vector<std::string>{"ok@example.org"});

  const auto json = report();
  EXPECT_EQ(json["invalid_address"], 2);
  EXPECT_EQ(json["invoices"][0]["status"], "invalid_address");
  EXPECT_NE(json["invoices"][0]["error"].get<std::string>().find("missing '@'"), std::string::npos);
  EXPECT_EQ(json["invoices"][1]["error"], "the debtor has no email address");
  EXPECT_EQ(json["invoices"][2]["status"], "sent");
  EXPECT_NE(json["invoices"][2]["error"].get<std::string>().find("not an address"),
            std::string::npos);

  auto ledger = open_ledger();
  ASSERT_TRUE(ledger);
  auto entry = ledger->find("test-job", "2026-000010");
  ASSERT_TRUE(entry && *entry);
  EXPECT_EQ((*entry)->state, ledger::State::InvalidAddress);
}

TEST_F(RunTest, TheNextRunSendsToTheOperatorsRecipientOverrideAndTheDataIsNeverChanged) {
  m_job.write({
    make_invoice("2026-000013", "acme", "boekhouding at devries").dump(),
    make_invoice("2026-000014", "acme", "kas@hoekje.example").dump(),
  });
  const auto first = run();
  EXPECT_EQ(first.exit_code, 1) << first.out << first.err;
  ASSERT_EQ(m_server.wait_for_messages(1, 30s).size(), 1u);
  const auto data = read_text(m_job.root() / "invoices.jsonl");

  // The operator corrects the address of the one that could not be sent.
  const auto set =
    run_mailroom({"invoice", "recipient", "2026-000013", m_job.job_file().string(), "--to",
                  "boekhouding@devries.example; admin@devries.example", "--note", "phoned"});
  ASSERT_EQ(set.exit_code, 0) << set.out << set.err;
  const auto second = run();
  EXPECT_EQ(second.exit_code, 0) << second.out << second.err;
  EXPECT_NE(second.out.find("2 invoices: 1 sent, 1 skipped"), std::string::npos) << second.out;

  const auto messages = m_server.wait_for_messages(2, 30s);
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[1].rcpt_tos,
            (std::vector<std::string>{"boekhouding@devries.example", "admin@devries.example"}));
  EXPECT_NE(parse_message(messages[1].data).subject.find("2026-000013"), std::string::npos);
  const auto json = report();
  EXPECT_EQ(json["invoices"][0]["status"], "sent");
  EXPECT_EQ(json["invoices"][0]["recipients"],
            "boekhouding@devries.example; admin@devries.example");
  auto ledger = open_ledger();
  ASSERT_TRUE(ledger);
  auto entry = ledger->find("test-job", "2026-000013");
  ASSERT_TRUE(entry && *entry);
  EXPECT_EQ((*entry)->state, ledger::State::Sent);
  EXPECT_EQ((*entry)->recipients, "boekhouding@devries.example; admin@devries.example");
  EXPECT_EQ(read_text(m_job.root() / "invoices.jsonl"), data);
}

TEST_F(RunTest, RunningAgainSkipsWhatWasSentAndResendSendsItAgain) {
  m_job.write({make_invoice("2026-000020", "acme", "a@example.org").dump(),
               make_invoice("2026-000021", "acme", "b@example.org").dump()});
  ASSERT_EQ(run().exit_code, 0);
  ASSERT_EQ(m_server.wait_for_messages(2, 30s).size(), 2u);

  const auto again = run();
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("2 invoices: 2 skipped (already sent)"), std::string::npos) << again.out;
  EXPECT_EQ(report()["skipped"], 2);
  EXPECT_EQ(report()["invoices"][0]["status"], "skipped");
  EXPECT_FALSE(report()["invoices"][0]["sent_at"].is_null());
  std::this_thread::sleep_for(300ms); // Give a wrongly sent message the chance to arrive.
  EXPECT_EQ(m_server.messages().size(), 2u);

  const auto resend = run({"--resend", "--limit", "1"});
  EXPECT_EQ(resend.exit_code, 0) << resend.err;
  const auto messages = m_server.wait_for_messages(3, 30s);
  ASSERT_EQ(messages.size(), 3u);
  // Two threads send in parallel, so the first two may arrive in either order.
  std::vector<ParsedMessage> copies;
  for (const auto& message : messages) {
    auto parsed = parse_message(message.data);
    if (parsed.subject.find("2026-000020") != std::string::npos) {
      copies.push_back(std::move(parsed));
    }
  }
  ASSERT_EQ(copies.size(), 2u) << "--limit 1 resends only the first invoice";
  EXPECT_NE(copies[0].message_id, copies[1].message_id) << "each attempt has its own Message-ID";
  const auto& third = parse_message(messages[2].data);
  EXPECT_NE(third.subject.find("2026-000020"), std::string::npos) << "the resend arrives last";
  auto ledger = open_ledger();
  ASSERT_TRUE(ledger);
  auto entry = ledger->find("test-job", "2026-000020");
  ASSERT_TRUE(entry && *entry);
  EXPECT_EQ((*entry)->attempts, 2);
  EXPECT_EQ((*entry)->state, ledger::State::Sent);
  EXPECT_EQ((*entry)->message_id, third.message_id);
}

TEST_F(RunTest, BadRecordsAreReportedWithFileLineAndFieldAndTheOthersAreSent) {
  auto negative = make_invoice("2026-000032", "acme", "c@example.org");
  negative["lines"][0]["quantity"] = "-12";
  auto not_a_number = make_invoice("2026-000033", "acme", "d@example.org");
  not_a_number["lines"][1]["quantity"] = "twee";
  m_job.write({
    make_invoice("2026-000030", "acme", "a@example.org").dump(),
    R"({"number": "2026-000031", "creditor": )", // Line 2: malformed JSON.
    negative.dump(),
    not_a_number.dump(),
    make_invoice("2026-000034", "nobody", "e@example.org").dump(),
    make_invoice("2026-000030", "acme", "f@example.org").dump(), // Line 6: a duplicate number.
    make_invoice("2026-000035", "northwind", "g@example.org").dump(),
  });
  const auto result = run();
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("7 invoices: 2 sent, 5 failed"), std::string::npos) << result.out;
  const auto invoices = (m_job.root() / "invoices.jsonl").string();
  EXPECT_NE(result.err.find(invoices + ":2: not valid JSON"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find(invoices + ":3: lines[0].quantity: must not be negative"),
            std::string::npos)
    << result.err;
  EXPECT_NE(result.err.find(invoices + ":4: lines[1].quantity: expected a decimal number"),
            std::string::npos)
    << result.err;
  EXPECT_NE(result.err.find(invoices + ":5: creditor: unknown creditor \"nobody\""),
            std::string::npos)
    << result.err;
  EXPECT_NE(result.err.find("appears more than once"), std::string::npos) << result.err;

  const auto messages = m_server.wait_for_messages(2, 30s);
  ASSERT_EQ(messages.size(), 2u);
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(m_server.messages().size(), 2u);
  // The first 2026-000030 went to a@, never the duplicate's f@.
  EXPECT_TRUE(std::none_of(messages.begin(), messages.end(), [](const auto& message) {
    return message.rcpt_tos == std::vector<std::string>{"f@example.org"};
  }));

  // Every failure is in the ledger too, and the sent row of 2026-000030 is intact.
  auto ledger = open_ledger();
  ASSERT_TRUE(ledger);
  auto entries = ledger->entries("test-job");
  ASSERT_TRUE(entries);
  EXPECT_EQ(entries->size(), 7u);
  auto first = ledger->find("test-job", "2026-000030");
  ASSERT_TRUE(first && *first);
  EXPECT_EQ((*first)->state, ledger::State::Sent);
  EXPECT_EQ(report()["failed"], 5);
}

TEST_F(RunTest, DryRunBuildsEverythingButSendsAndRecordsNothing) {
  m_job.write({make_invoice("2026-000040", "acme", "a@example.org").dump()});
  const auto result = run({"--dry-run"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("1 prepared (not sent)"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("dry run"), std::string::npos);
  std::this_thread::sleep_for(300ms);
  EXPECT_TRUE(m_server.messages().empty());
  EXPECT_FALSE(std::filesystem::exists(m_job.ledger()));
  EXPECT_EQ(report()["invoices"][0]["status"], "prepared");
}

TEST_F(RunTest, LimitSendsOnlyTheFirstInvoices) {
  m_job.write({make_invoice("2026-000050", "acme", "a@example.org").dump(),
               make_invoice("2026-000051", "acme", "b@example.org").dump(),
               make_invoice("2026-000052", "acme", "c@example.org").dump()});
  const auto result = run({"--limit", "2"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(m_server.wait_for_messages(2, 30s).size(), 2u);
  EXPECT_EQ(report()["total"], 2);
}

// The last progress line of a run with `--progress json`: what the bar would end on.
nlohmann::json last_progress(const std::string& error_output) {
  nlohmann::json last;
  size_t start = 0;
  while (start < error_output.size()) {
    const auto end = error_output.find('\n', start);
    const auto line = error_output.substr(start, end - start);
    start = end == std::string::npos ? error_output.size() : end + 1;
    const auto object = nlohmann::json::parse(line, nullptr, false);
    if (!object.is_discarded() && object.value("event", "") == "progress") {
      last = object;
    }
  }
  return last;
}

// The attached PDF of the one message whose subject names `number`.
std::string attached_pdf(const std::vector<ReceivedMessage>& messages, const std::string& number) {
  for (const auto& message : messages) {
    const auto parsed = parse_message(message.data);
    if (parsed.subject.find(number) != std::string::npos && !parsed.attachments.empty()) {
      return parsed.attachments[0].bytes;
    }
  }
  ADD_FAILURE() << "no message of " << number;
  return {};
}

constexpr const char* k_letterhead_stamp = "/MailroomLetterhead1";

TEST_F(RunTest, OnlySendsTheSelectedInvoicesOnceEachAndCountsOnlyThem) {
  m_job.write({make_invoice("2026-000060", "acme", "a@example.org").dump(),
               make_invoice("2026-000061", "northwind", "b@example.org").dump(),
               make_invoice("2026-000062", "acme", "c@example.org").dump(), "not an invoice at all",
               make_invoice("2026-000063", "northwind", "d@example.org").dump()});
  const auto result =
    run_mailroom({"run", m_job.job_file().string(), "--progress", "json", "--report",
                  m_job.report().string(), "--only", "2026-000061", "--only", "acme/2026-000062"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("2 invoices: 2 sent"), std::string::npos) << result.out;
  const auto progress = last_progress(result.err);
  EXPECT_EQ(progress["done"], 2) << result.err;
  EXPECT_EQ(progress["total"], 2) << result.err;

  // Exactly those two reached the server, once each; the unparsable record was passed over too.
  m_server.wait_for_messages(2, 30s);
  std::this_thread::sleep_for(300ms);
  const auto messages = m_server.messages();
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_NE(find_by_subject(messages, "2026-000061"), nullptr);
  EXPECT_NE(find_by_subject(messages, "2026-000062"), nullptr);

  const auto json = report();
  EXPECT_EQ(json["total"], 2);
  ASSERT_EQ(json["invoices"].size(), 2u);
  EXPECT_EQ(json["invoices"][0]["number"], "2026-000061");
  EXPECT_EQ(json["invoices"][1]["number"], "2026-000062");
  auto ledger = open_ledger();
  ASSERT_TRUE(ledger);
  auto entries = ledger->entries("test-job");
  ASSERT_TRUE(entries);
  EXPECT_EQ(entries->size(), 2u);

  // Sent ones are skipped when selected again, and sent again with --resend.
  const auto again = run({"--only", "2026-000061", "--resend"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("1 invoice: 1 sent"), std::string::npos) << again.out;
  m_server.wait_for_messages(3, 30s);
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(m_server.messages().size(), 3u);
}

TEST_F(RunTest, ASelectedInvoiceTheJobDoesNotHaveIsReportedAsFailed) {
  m_job.write({make_invoice("2026-000070", "acme", "a@example.org").dump(),
               make_invoice("2026-000071", "acme", "b@example.org").dump()});
  // 2026-000071 is acme's: asked for as northwind's, it is not in the job.
  const auto result =
    run({"--only", "2026-000070", "--only", "northwind/2026-000071", "--only", "2026-000099"});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.out.find("3 invoices: 1 sent, 2 failed"), std::string::npos) << result.out;
  EXPECT_NE(result.err.find("invoice 2026-000071 of northwind is not in this job's invoice files"),
            std::string::npos)
    << result.err;
  EXPECT_NE(result.err.find("invoice 2026-000099 is not in this job's invoice files"),
            std::string::npos)
    << result.err;
  m_server.wait_for_messages(1, 30s);
  std::this_thread::sleep_for(300ms);
  const auto messages = m_server.messages();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_NE(find_by_subject(messages, "2026-000070"), nullptr);

  const auto json = report();
  EXPECT_EQ(json["total"], 3);
  EXPECT_EQ(json["failed"], 2);
  ASSERT_EQ(json["invoices"].size(), 3u);
  // After the job's own, the keys that named no record, in the selection's order.
  EXPECT_EQ(json["invoices"][1]["number"], "2026-000099");
  EXPECT_EQ(json["invoices"][1]["status"], "failed");
  EXPECT_EQ(json["invoices"][2]["number"], "2026-000071");
  EXPECT_EQ(json["invoices"][2]["creditor"], "northwind");
  EXPECT_EQ(json["invoices"][2]["status"], "failed");
  // Not an invoice of the job: the ledger knows nothing of it.
  auto ledger = open_ledger();
  ASSERT_TRUE(ledger);
  auto entries = ledger->entries("test-job");
  ASSERT_TRUE(entries);
  EXPECT_EQ(entries->size(), 1u);
}

TEST_F(RunTest, ADryRunOfASelectionPreparesOnlyIt) {
  m_job.write({make_invoice("2026-000075", "acme", "a@example.org").dump(),
               make_invoice("2026-000076", "acme", "b@example.org").dump()});
  const auto result = run({"--dry-run", "--only", "acme/2026-000076"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("1 invoice: 1 prepared (not sent)"), std::string::npos) << result.out;
  ASSERT_EQ(report()["invoices"].size(), 1u);
  EXPECT_EQ(report()["invoices"][0]["number"], "2026-000076");
}

TEST_F(RunTest, LetterheadOffSendsWithoutTheLetterheadTheJobAsksFor) {
  m_job.write({make_invoice("2026-000080", "acme", "a@example.org").dump()});
  const auto without = run({"--letterhead", "off"});
  ASSERT_EQ(without.exit_code, 0) << without.err;
  const auto plain = attached_pdf(m_server.wait_for_messages(1, 30s), "2026-000080");
  EXPECT_EQ(plain.find(k_letterhead_stamp), std::string::npos);

  const auto with = run({"--resend"});
  ASSERT_EQ(with.exit_code, 0) << with.err;
  const auto messages = m_server.wait_for_messages(2, 30s);
  ASSERT_EQ(messages.size(), 2u);
  const auto stamped = parse_message(messages[1].data).attachments.at(0).bytes;
  EXPECT_NE(stamped.find(k_letterhead_stamp), std::string::npos);
}

TEST_F(RunTest, LetterheadOnSendsOnTheLetterheadTheJobTurnedOff) {
  m_job.write({make_invoice("2026-000085", "acme", "a@example.org").dump()},
              "letterhead = false\n");
  const auto by_default = run();
  ASSERT_EQ(by_default.exit_code, 0) << by_default.err;
  const auto plain = attached_pdf(m_server.wait_for_messages(1, 30s), "2026-000085");
  EXPECT_EQ(plain.find(k_letterhead_stamp), std::string::npos);

  const auto with = run({"--resend", "--letterhead", "on"});
  ASSERT_EQ(with.exit_code, 0) << with.err;
  const auto messages = m_server.wait_for_messages(2, 30s);
  ASSERT_EQ(messages.size(), 2u);
  const auto stamped = parse_message(messages[1].data).attachments.at(0).bytes;
  EXPECT_NE(stamped.find(k_letterhead_stamp), std::string::npos);
}

TEST_F(RunTest, AnArchivedPdfIsNeverOverwrittenWithDifferentContent) {
  m_job.write({make_invoice("2026-000060", "acme", "a@example.org").dump()});
  const auto archived = m_job.archive() / "acme/2026-000060.pdf";
  write_text(archived, "an earlier, different PDF");
  ASSERT_EQ(run().exit_code, 0);
  EXPECT_EQ(read_text(archived), "an earlier, different PDF");
  size_t pdfs = 0;
  for (const auto& file : std::filesystem::directory_iterator(archived.parent_path())) {
    pdfs += file.path().extension() == ".pdf";
  }
  EXPECT_EQ(pdfs, 2u) << "the new PDF is kept beside the old one";
}

TEST(RunRefusal, AnUnreachableMailboxRefusesTheJobBeforeAnythingIsRecorded) {
  // A port nobody listens on: bind one, then close it.
  int port = 0;
  {
    TemporaryFolder folder;
    SmtpServer server(folder.path());
    port = server.port();
  }
  JobFixture job("smtp://127.0.0.1:" + std::to_string(port));
  job.write({make_invoice("2026-000070", "acme", "a@example.org").dump()});
  const auto result = run_mailroom({"run", job.job_file().string(), "--progress", "none"});
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_NE(result.err.find("127.0.0.1:" + std::to_string(port)), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("nothing was sent"), std::string::npos) << result.err;
  auto ledger = ledger::Ledger::open(job.ledger());
  ASSERT_TRUE(ledger);
  auto entries = (*ledger)->entries("test-job");
  ASSERT_TRUE(entries);
  EXPECT_TRUE(entries->empty());
}

TEST(RunRefusal, ABadCreditorsFileRefusesTheJobNamingEveryProblem) {
  JobFixture job("smtp://127.0.0.1:1");
  job.write({make_invoice("2026-000080", "acme", "a@example.org").dump()});
  auto creditors = read_text(job.root() / "creditors.toml");
  creditors.replace(creditors.find("NL91ABNA0417164300"), 18, "NL91ABNA0417164301");
  creditors.replace(creditors.find("mailbox = \"northwind\""), 21, "mailbox = \"nowhere\"");
  write_text(job.root() / "creditors.toml", creditors);
  const auto result = run_mailroom({"run", job.job_file().string()});
  EXPECT_EQ(result.exit_code, 2);
  const auto file = (job.root() / "creditors.toml").string();
  EXPECT_NE(result.err.find(file + ":"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("creditor \"acme\".iban"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("no [mailbox.nowhere]"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("job refused: 2 problems"), std::string::npos) << result.err;
}

} // namespace
} // namespace mailroom::testing
