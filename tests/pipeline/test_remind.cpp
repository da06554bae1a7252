// `mailroom remind` end to end, through the binary and a real SMTP server (aiosmtpd): levels go
// out by date, each once, never for a paid invoice or one not yet due; each mail carries the
// reminder letter (read back with Poppler) and the invoice as it was sent (byte-identical to the
// archive); a changed archive copy fails that reminder; a dry run sends and records nothing; a
// creditor whose bank statement is too old has its reminders held; kill -9 during `remind` never
// sends a reminder twice. Beside the crash tests, so that the test suite's ThreadSanitizer stage
// runs them too (its binary takes the reminders from the ledger while its workers write it).

#include "delivery_check.hpp"
#include "job_fixture.hpp"

#include <engine/util/time.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <tests/support/mime_reader.hpp>
#include <tests/support/pdf_reader.hpp>
#include <tests/support/process.hpp>
#include <tests/support/smtp_server.hpp>

#include <csignal>
#include <set>

namespace mailroom::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

// The total of make_invoice's invoice: 15.00 + 9% and 190.00 + 21%.
constexpr const char* k_total = "246.25";

std::string day(long days_from_today) {
  return time::today().plus_days(days_from_today).to_iso();
}

// Appends `lines` to the table of creditor `id` in the fixture's creditors file.
void add_to_creditor(const JobFixture& job, const std::string& id, const std::string& lines) {
  const auto path = job.root() / "creditors.toml";
  std::string text = read_text(path);
  const auto start = text.find("id = \"" + id + "\"");
  ASSERT_NE(start, std::string::npos) << id;
  auto end = text.find("\n[", start);
  ASSERT_NE(end, std::string::npos);
  text.insert(end + 1, lines + "\n");
  write_text(path, text);
}

std::string template_folder(const std::string& name) {
  return (source_dir() / "templates/emails" / name).string();
}

// An invoice issued 34 days ago, due 20 days ago (so a level after 14 days is due today).
json old_invoice(const std::string& number, const std::string& creditor, const std::string& debtor,
                 long due_days_ago = 20) {
  auto invoice = make_invoice(number, creditor, "boekhouding@debtor.example", debtor);
  invoice["date"] = day(-due_days_ago - 14);
  invoice["due_date"] = day(-due_days_ago);
  return invoice;
}

class Remind : public ::testing::Test {
protected:
  // Starts the server, writes the job with reminder levels (acme: 14 days, then 30 with a fee;
  // northwind: 14 days) and sends its invoices.
  void send(const std::vector<json>& invoices, const std::string& acme_extra = "",
            const std::vector<std::string>& server_options = {}) {
    m_server = std::make_unique<SmtpServer>(m_server_folder.path(), server_options);
    m_job = std::make_unique<JobFixture>(m_server->url());
    std::vector<std::string> lines;
    for (const auto& invoice : invoices) {
      lines.push_back(invoice.dump());
    }
    m_job->write(lines);
    add_to_creditor(*m_job, "acme",
                    acme_extra + "\n[[creditor.reminder]]\nafter_days = 14\nemail_template = \"" +
                      template_folder("acme-reminder") +
                      "\"\n[[creditor.reminder]]\nafter_days = 30\nemail_template = \"" +
                      template_folder("acme-final-notice") + "\"\nfee = \"15.00\"\n");
    add_to_creditor(*m_job, "northwind",
                    "[[creditor.reminder]]\nafter_days = 14\nemail_template = \"" +
                      template_folder("northwind-reminder") + "\"\npay_within_days = 7\n");
    const auto sent = run_mailroom({"run", m_job->job_file().string(), "--progress", "none"});
    ASSERT_EQ(sent.exit_code, 0) << sent.out << sent.err;
    m_sent_invoices = m_server->wait_for_messages(invoices.size(), 20s).size();
    ASSERT_EQ(m_sent_invoices, invoices.size());
  }

  std::vector<std::string> arguments(std::vector<std::string> extra = {}) const {
    std::vector<std::string> all{"remind",   m_job->job_file().string(), "--progress", "none",
                                 "--report", m_job->report().string()};
    all.insert(all.end(), extra.begin(), extra.end());
    return all;
  }

  ProcessResult remind(std::vector<std::string> extra = {}) {
    return run_mailroom(arguments(std::move(extra)));
  }

  ProcessResult pay(const std::string& number, const std::string& amount) {
    return run_mailroom({"payment", "add", number, m_job->job_file().string(), "--amount", amount,
                         "--date", day(-1), "--method", "bank"});
  }

  // The reminders that arrived so far, parsed, by invoice number (from the subject).
  std::map<std::string, std::vector<ParsedMessage>> reminders() const {
    std::map<std::string, std::vector<ParsedMessage>> by_number;
    const auto received = m_server->messages();
    for (size_t index = m_sent_invoices; index < received.size(); ++index) {
      by_number[invoice_number_of(received[index])].push_back(parse_message(received[index].data));
    }
    return by_number;
  }

  json report() const { return json::parse(read_text(m_job->report())); }

  TemporaryFolder m_server_folder;
  std::unique_ptr<SmtpServer> m_server;
  std::unique_ptr<JobFixture> m_job;
  size_t m_sent_invoices = 0;
};

TEST_F(Remind, LevelsGoOutByDateOnceEachWithTheLetterAndTheInvoiceAsSent) {
  send({old_invoice("2026-000201", "acme", "Bakkerij Élan"),
        old_invoice("2026-000202", "acme", "Café de Zwaan"),
        old_invoice("2026-000203", "acme", "Slagerij Vos"),
        old_invoice("2026-000204", "acme", "Nieuw B.V.", 5),
        old_invoice("2026-000205", "northwind", "Müller GmbH")});
  ASSERT_EQ(pay("2026-000202", "10.00").exit_code, 0);
  ASSERT_EQ(pay("2026-000203", k_total).exit_code, 0);

  // A week ago nothing was due yet: 13 days after the due date.
  auto early = remind({"--as-of", day(-7)});
  EXPECT_EQ(early.exit_code, 0) << early.out << early.err;
  EXPECT_NE(early.out.find("0 reminders"), std::string::npos) << early.out;
  EXPECT_TRUE(reminders().empty());

  // Today: the first level of the open invoices due 20 days ago; not the paid one, not the young.
  auto first = remind();
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  EXPECT_NE(first.out.find("3 reminders: 3 sent"), std::string::npos) << first.out;
  auto arrived = reminders();
  ASSERT_EQ(arrived.size(), 3u);
  EXPECT_EQ(arrived.count("2026-000203"), 0u);
  EXPECT_EQ(arrived.count("2026-000204"), 0u);

  const auto archived = [&](const std::string& creditor, const std::string& number) {
    return read_text(m_job->archive() / creditor / (number + ".pdf"));
  };
  // In Dutch for acme: the letter says what is still owed, the invoice is attached as sent.
  const auto& zwaan = arrived.at("2026-000202").at(0);
  EXPECT_NE(zwaan.subject.find("2026-000202"), std::string::npos) << zwaan.subject;
  ASSERT_EQ(zwaan.attachments.size(), 2u);
  EXPECT_EQ(zwaan.attachments[0].filename, "2026-000202-herinnering-1.pdf");
  EXPECT_EQ(zwaan.attachments[1].filename, "2026-000202.pdf");
  EXPECT_EQ(zwaan.attachments[1].bytes, archived("acme", "2026-000202"));
  const auto letter = PdfReader::from_bytes(zwaan.attachments[0].bytes).page_text(0);
  EXPECT_NE(letter.find("Betalingsherinnering"), std::string::npos) << letter;
  EXPECT_NE(letter.find("2026-000202"), std::string::npos) << letter;
  EXPECT_NE(letter.find("236,25"), std::string::npos) << letter; // 246,25 − 10,00 paid.
  EXPECT_NE(letter.find("Café de Zwaan"), std::string::npos) << letter;
  EXPECT_NE(letter.find("Dorpsstraat 5"), std::string::npos) << letter;
  // In English for northwind, its pay-by date a week from today.
  const auto& muller = arrived.at("2026-000205").at(0);
  ASSERT_EQ(muller.attachments.size(), 2u);
  EXPECT_EQ(muller.attachments[0].filename, "2026-000205-reminder-1.pdf");
  EXPECT_EQ(muller.attachments[1].bytes, archived("northwind", "2026-000205"));
  const auto english = PdfReader::from_bytes(muller.attachments[0].bytes).page_text(0);
  EXPECT_NE(english.find("Payment reminder"), std::string::npos) << english;
  EXPECT_NE(english.find("246.25"), std::string::npos) << english;

  // The same day again: nothing twice.
  auto again = remind();
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_NE(again.out.find("0 reminders"), std::string::npos) << again.out;
  EXPECT_EQ(reminders().size(), 3u);
  for (const auto& [number, mails] : reminders()) {
    EXPECT_EQ(mails.size(), 1u) << number;
  }
  const auto listed = run_mailroom({"invoices", m_job->job_file().string(), "--format", "json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  for (const auto& row : json::parse(listed.out)) {
    const bool reminded = row["number"] == "2026-000201" || row["number"] == "2026-000202" ||
                          row["number"] == "2026-000205";
    EXPECT_EQ(row["reminders_sent"], reminded ? 1 : 0) << row;
  }

  // The final notice: 30 days after the due date, and at least 16 days after the first level
  // (accepted today), so not on day 15 after a pause, nor a burst: one level per run. That day
  // only the young invoice's first level is due.
  auto not_yet = remind({"--as-of", day(15)});
  EXPECT_EQ(not_yet.exit_code, 0) << not_yet.out << not_yet.err;
  EXPECT_NE(not_yet.out.find("1 reminder: 1 sent"), std::string::npos) << not_yet.out;
  EXPECT_EQ(reminders().at("2026-000204").size(), 1u);
  EXPECT_EQ(reminders().at("2026-000201").size(), 1u);
  auto final_notice = remind({"--as-of", day(16)});
  ASSERT_EQ(final_notice.exit_code, 0) << final_notice.out << final_notice.err;
  EXPECT_NE(final_notice.out.find("2 reminders: 2 sent"), std::string::npos) << final_notice.out;
  const auto finals = reminders();
  ASSERT_EQ(finals.at("2026-000201").size(), 2u);
  ASSERT_EQ(finals.at("2026-000205").size(), 1u); // northwind has one level only.
  const auto& last = finals.at("2026-000201").at(1);
  ASSERT_EQ(last.attachments.size(), 2u);
  EXPECT_EQ(last.attachments[0].filename, "2026-000201-herinnering-2.pdf");
  const auto final_letter = PdfReader::from_bytes(last.attachments[0].bytes).page_text(0);
  EXPECT_NE(final_letter.find("Laatste herinnering"), std::string::npos) << final_letter;
  EXPECT_NE(final_letter.find("15,00"), std::string::npos) << final_letter;  // The fee...
  EXPECT_NE(final_letter.find("261,25"), std::string::npos) << final_letter; // ...asked on top.
  // Much later: the young invoice's final notice; then every level went out, and a later run
  // sends nothing more.
  auto later = remind({"--as-of", day(90)});
  EXPECT_EQ(later.exit_code, 0) << later.out << later.err;
  EXPECT_NE(later.out.find("1 reminder: 1 sent"), std::string::npos) << later.out;
  EXPECT_EQ(reminders().at("2026-000204").size(), 2u);
  auto done = remind({"--as-of", day(91)});
  EXPECT_EQ(done.exit_code, 0) << done.out << done.err;
  EXPECT_NE(done.out.find("0 reminders"), std::string::npos) << done.out;
  EXPECT_NE(done.out.find("acme: 0 open invoices with no reminder due on " + day(91) +
                          ", 3 with every level sent"),
            std::string::npos)
    << done.out;
  EXPECT_TRUE(report().at("invoices").empty());
}

TEST_F(Remind, AChangedArchivedInvoiceFailsItsReminderAndNothingOfItIsSent) {
  send({old_invoice("2026-000301", "acme", "Bakkerij Élan"),
        old_invoice("2026-000302", "acme", "Café de Zwaan")});
  const auto archived = m_job->archive() / "acme" / "2026-000301.pdf";
  const auto original = read_text(archived);
  write_text(archived, original + "%changed\n");

  auto reminded = remind();
  EXPECT_EQ(reminded.exit_code, 1) << reminded.out << reminded.err;
  const auto arrived = reminders();
  EXPECT_EQ(arrived.count("2026-000301"), 0u);
  EXPECT_EQ(arrived.count("2026-000302"), 1u);
  bool found = false;
  const auto first_report = report();
  for (const auto& entry : first_report.at("invoices")) {
    if (entry.at("number") == "2026-000301#reminder-1@acme") {
      found = true;
      EXPECT_EQ(entry.at("status"), "failed");
      EXPECT_NE(entry.at("error").get<std::string>().find("is not the one sent"), std::string::npos)
        << entry;
    }
  }
  EXPECT_TRUE(found) << report().dump(1);

  // The right copy back in the archive: the next run sends it, once.
  write_text(archived, original);
  auto retried = remind();
  EXPECT_EQ(retried.exit_code, 0) << retried.out << retried.err;
  EXPECT_EQ(reminders().at("2026-000301").size(), 1u);
  EXPECT_EQ(reminders().at("2026-000302").size(), 1u);
}

TEST_F(Remind, TwoCreditorsNumberingAnInvoiceAlikeEachGetTheirOwnReminderOnce) {
  send({old_invoice("2026-000701", "acme", "Bakkerij Élan")});
  // Another job sends northwind's invoice of the same number.
  const auto job_file = m_job->job_file();
  std::string job = read_text(job_file);
  job.replace(job.find("test-job"), 8, "other-job");
  write_text(job_file, job);
  write_text(m_job->root() / "invoices.jsonl",
             old_invoice("2026-000701", "northwind", "Müller GmbH").dump() + "\n");
  const auto sent = run_mailroom({"run", job_file.string(), "--progress", "none"});
  ASSERT_EQ(sent.exit_code, 0) << sent.out << sent.err;
  m_sent_invoices = m_server->wait_for_messages(2, 20s).size();
  ASSERT_EQ(m_sent_invoices, 2u);

  for (int round = 0; round < 2; ++round) {
    auto reminded = remind();
    EXPECT_EQ(reminded.exit_code, 0) << reminded.out << reminded.err;
    EXPECT_NE(reminded.out.find(round == 0 ? "2 reminders: 2 sent" : "0 reminders"),
              std::string::npos)
      << reminded.out;
  }
  const auto received = m_server->messages();
  ASSERT_EQ(received.size(), 4u);
  std::set<std::string> senders;
  for (size_t index = 2; index < received.size(); ++index) {
    senders.insert(received[index].mail_from);
  }
  EXPECT_EQ(senders,
            (std::set<std::string>{"facturen@acme.example", "accounts@northwind.example"}));
}

TEST_F(Remind, AReminderGoesToTheInvoicesRecipientOverride) {
  send({old_invoice("2026-000801", "acme", "Bakkerij Élan"),
        old_invoice("2026-000802", "acme", "Café de Zwaan")});
  const auto set = run_mailroom({"invoice", "recipient", "2026-000801", m_job->job_file().string(),
                                 "--to", "debiteuren@elan.example", "--note", "moved"});
  ASSERT_EQ(set.exit_code, 0) << set.out << set.err;
  auto reminded = remind();
  EXPECT_EQ(reminded.exit_code, 0) << reminded.out << reminded.err;
  const auto received = m_server->wait_for_messages(m_sent_invoices + 2, 20s);
  ASSERT_EQ(received.size(), m_sent_invoices + 2);
  std::map<std::string, std::vector<std::string>> recipients;
  for (size_t index = m_sent_invoices; index < received.size(); ++index) {
    recipients[invoice_number_of(received[index])] = received[index].rcpt_tos;
  }
  EXPECT_EQ(recipients["2026-000801"], std::vector<std::string>{"debiteuren@elan.example"});
  EXPECT_EQ(recipients["2026-000802"], std::vector<std::string>{"boekhouding@debtor.example"});
}

TEST_F(Remind, ADryRunBuildsEveryReminderButSendsAndRecordsNothing) {
  send({old_invoice("2026-000401", "acme", "Bakkerij Élan")});
  auto dry = remind({"--dry-run"});
  EXPECT_EQ(dry.exit_code, 0) << dry.out << dry.err;
  EXPECT_NE(dry.out.find("1 reminder: 1 prepared (not sent)"), std::string::npos) << dry.out;
  EXPECT_TRUE(reminders().empty());
  auto real = remind();
  EXPECT_EQ(real.exit_code, 0) << real.out << real.err;
  EXPECT_EQ(reminders().size(), 1u);
}

TEST_F(Remind, ACreditorWithoutAFreshBankStatementHasItsRemindersHeld) {
  send({old_invoice("2026-000501", "acme", "Bakkerij Élan"),
        old_invoice("2026-000502", "northwind", "Müller GmbH")},
       "hold_reminders_if_statement_older_than = 3");
  auto held = remind();
  // Held reminders are due and not sent: not complete.
  EXPECT_EQ(held.exit_code, 1) << held.out << held.err;
  EXPECT_NE(held.out.find("acme: 1 reminder held: no bank statement of its account was imported"),
            std::string::npos)
    << held.out;
  const auto arrived = reminders();
  EXPECT_EQ(arrived.count("2026-000501"), 0u);
  EXPECT_EQ(arrived.count("2026-000502"), 1u);
}

TEST_F(Remind, KilledDuringRemindNoReminderIsSentTwice) {
  constexpr int k_invoices = 12;
  std::vector<json> invoices;
  for (int index = 1; index <= k_invoices; ++index) {
    char number[32];
    std::snprintf(number, sizeof number, "2026-%06d", 600 + index);
    invoices.push_back(old_invoice(number, "acme", "Debiteur " + std::to_string(index)));
  }
  // Slow replies: the kill finds reminders on the wire.
  send(invoices, "", {"--reply-delay", "0.3"});

  TemporaryFolder output;
  {
    BackgroundRun run(arguments({"--threads", "2"}), output.path());
    ASSERT_GE(m_server->wait_for_messages(m_sent_invoices + 2, 20s).size(), m_sent_invoices + 2);
    run.signal(SIGKILL);
    ASSERT_EQ(run.wait(10s), -1);
  }
  // A dry run first: it reads the ledger as the real run will, sends and records nothing.
  const size_t before_dry_run = m_server->messages().size();
  auto dry = remind({"--dry-run"});
  EXPECT_TRUE(dry.exit_code == 0 || dry.exit_code == 1) << dry.out << dry.err;
  std::map<std::string, std::string> dry_status;
  const auto dry_report = report();
  for (const auto& entry : dry_report.at("invoices")) {
    dry_status[entry.at("number").get<std::string>()] = entry.at("status").get<std::string>();
  }
  EXPECT_EQ(m_server->messages().size(), before_dry_run);

  // The next run: what was on the wire is interrupted (not resent), the rest goes out once.
  auto next = remind();
  std::map<std::string, std::string> status;
  const auto last_report = report();
  for (const auto& entry : last_report.at("invoices")) {
    const auto document = entry.at("number").get<std::string>();
    const auto real = entry.at("status").get<std::string>();
    ASSERT_EQ(dry_status.count(document), 1u) << document;
    EXPECT_EQ(dry_status.at(document), real == "interrupted" ? "interrupted" : "prepared")
      << document;
    EXPECT_EQ(document.substr(document.find('#')), "#reminder-1@acme") << document;
    status[document.substr(0, document.find('#'))] = entry.at("status").get<std::string>();
  }
  // Each invoice's reminder arrived once, or was on the wire when the run was killed and is
  // reported as interrupted, to be checked by a person: never twice.
  const auto arrived = reminders();
  int interrupted = 0;
  for (const auto& invoice : invoices) {
    const auto number = invoice["number"].get<std::string>();
    const size_t count = arrived.count(number) ? arrived.at(number).size() : 0;
    EXPECT_LE(count, 1u) << number << " reminded twice";
    if (status.count(number) && status.at(number) == "interrupted") {
      ++interrupted;
    } else {
      EXPECT_EQ(count, 1u) << number << ": " << (status.count(number) ? status.at(number) : "");
    }
  }
  EXPECT_LE(interrupted, 2) << next.out; // acme's pool holds two connections.
  EXPECT_EQ(next.exit_code, interrupted == 0 ? 0 : 1) << next.out << next.err;
}

} // namespace
} // namespace mailroom::testing
