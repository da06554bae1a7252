// SMTP faults end to end: the binary sends through the fault-injecting aiosmtpd server, and what
// the server stored is checked against the report and the ledger: every invoice arrived exactly
// once, or is reported as failed (never arrived) or unknown (arrived at most once); never twice.

#include "delivery_check.hpp"
#include "job_fixture.hpp"

#include <engine/ledger/ledger.hpp>
#include <engine/ledger/run_lock.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <tests/support/process.hpp>
#include <tests/support/smtp_server.hpp>
#include <tests/support/temporary_folder.hpp>
#include <unistd.h>

namespace mailroom::testing {
namespace {

using namespace std::chrono_literals;

// Fast retries, so that the tests do not wait out production backoffs.
constexpr const char* k_fast_retries = "retry_backoff_ms = 10\nmax_attempts = 4";

class FaultsTest : public ::testing::Test {
protected:
  void start_server(std::vector<std::string> faults) {
    m_server = std::make_unique<SmtpServer>(m_server_folder.path(), std::move(faults));
    m_job = std::make_unique<JobFixture>(m_server->url());
  }

  void write_job(const std::vector<std::string>& invoices) {
    m_job->write(invoices);
    configure_mailbox(*m_job, "acme", k_fast_retries);
    configure_mailbox(*m_job, "northwind", k_fast_retries);
  }

  ProcessResult run(std::vector<std::string> extra = {}) {
    std::vector<std::string> arguments{"run",      m_job->job_file().string(), "--progress", "none",
                                       "--report", m_job->report().string()};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    return run_mailroom(arguments);
  }

  // Invoice number → its entry in the JSON report.
  std::map<std::string, nlohmann::json> report_entries() const {
    const auto report = nlohmann::json::parse(read_text(m_job->report()));
    std::map<std::string, nlohmann::json> by_number;
    for (const auto& entry : report.at("invoices")) {
      by_number[entry.at("number").get<std::string>()] = entry;
    }
    return by_number;
  }

  TemporaryFolder m_server_folder;
  std::unique_ptr<SmtpServer> m_server;
  std::unique_ptr<JobFixture> m_job;
};

TEST_F(FaultsTest, ATemporaryRefusalIsRetriedWithANewMessageIdAndEveryAttemptCounted) {
  start_server({"--fault", "rcpt:451:n=1", "--fault", "dot:452:n=2"});
  write_job({make_invoice("2026-000001", "acme", "kas@hoekje.example").dump()});
  const auto result = run();
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const auto messages = m_server->wait_for_messages(1, 10s);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_NE(messages[0].data.find(".3.mailroom@acme.example"), std::string::npos)
    << "the third attempt carries its own Message-ID";
  const auto entries = ledger_entries(*m_job);
  ASSERT_EQ(entries.count("2026-000001"), 1u);
  const auto& entry = entries.at("2026-000001");
  EXPECT_EQ(entry.state, ledger::State::Sent);
  EXPECT_EQ(entry.attempts, 3);
  EXPECT_NE(entry.message_id.find(".3.mailroom@"), std::string::npos) << entry.message_id;
}

TEST_F(FaultsTest, APermanentRefusalIsNotRetriedAndKeepsTheServersReply) {
  start_server({"--fault", "dot:554"});
  write_job({make_invoice("2026-000001", "acme", "kas@hoekje.example").dump()});
  const auto result = run();
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.out.find("1 failed"), std::string::npos) << result.out;
  EXPECT_TRUE(m_server->messages().empty());
  const auto entry = ledger_entries(*m_job).at("2026-000001");
  EXPECT_EQ(entry.state, ledger::State::Failed);
  EXPECT_EQ(entry.attempts, 1);
  EXPECT_EQ(entry.server_reply.substr(0, 3), "554") << entry.server_reply;
  EXPECT_EQ(report_entries().at("2026-000001").at("status"), "failed");
}

TEST_F(FaultsTest, TemporaryFailuresStopAtMaxAttempts) {
  start_server({"--fault", "mail:451"});
  write_job({make_invoice("2026-000001", "acme", "kas@hoekje.example").dump()});
  const auto result = run();
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  const auto entry = ledger_entries(*m_job).at("2026-000001");
  EXPECT_EQ(entry.state, ledger::State::Failed);
  EXPECT_EQ(entry.attempts, 4);
  EXPECT_NE(entry.error.find("gave up after 4 attempts"), std::string::npos) << entry.error;
  EXPECT_EQ(entry.server_reply.substr(0, 3), "451") << entry.server_reply;
}

TEST_F(FaultsTest, ADropAfterTheFinalDotIsUnknownAndResentOnlyOnRequest) {
  start_server({"--fault", "dot:drop:to=kas@hoekje.example"});
  write_job({make_invoice("2026-000001", "acme", "kas@hoekje.example").dump(),
             make_invoice("2026-000002", "acme", "admin@devries.example").dump()});
  auto result = run();
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.out.find("1 sent, 1 unknown"), std::string::npos) << result.out;
  ASSERT_EQ(m_server->wait_for_messages(2, 10s).size(), 2u);
  EXPECT_EQ(report_entries().at("2026-000001").at("status"), "unknown");
  auto entries = ledger_entries(*m_job);
  EXPECT_EQ(entries.at("2026-000001").state, ledger::State::Unknown);
  EXPECT_EQ(entries.at("2026-000001").attempts, 1) << "an unknown outcome is never retried";
  EXPECT_EQ(entries.at("2026-000002").state, ledger::State::Sent);

  // A later run reports it again and sends nothing.
  result = run();
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.err.find("--resend-unknown"), std::string::npos) << result.err;
  EXPECT_EQ(report_entries().at("2026-000001").at("status"), "unknown");
  EXPECT_EQ(report_entries().at("2026-000002").at("status"), "skipped");
  EXPECT_EQ(m_server->messages().size(), 2u);

  // --resend-unknown sends it again (through a server that now accepts it), not the sent one.
  m_server.reset();
  m_server = std::make_unique<SmtpServer>(m_server_folder / "second");
  configure_mailbox(*m_job, "acme", "", m_server->url());
  configure_mailbox(*m_job, "northwind", "", m_server->url());
  result = run({"--resend-unknown"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  const auto messages = m_server->wait_for_messages(1, 10s);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(invoice_number_of(messages[0]), "2026-000001");
  entries = ledger_entries(*m_job);
  EXPECT_EQ(entries.at("2026-000001").state, ledger::State::Sent);
  EXPECT_EQ(entries.at("2026-000001").attempts, 2);
  EXPECT_EQ(report_entries().at("2026-000002").at("status"), "skipped");
}

TEST_F(FaultsTest, OneRefusedRecipientOfSeveralStillLeavesTheOthersTheInvoice) {
  start_server({"--reject-rcpt", "gone@devries.example=550"});
  write_job(
    {make_invoice("2026-000001", "acme", "gone@devries.example; admin@devries.example").dump()});
  const auto result = run();
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  const auto messages = m_server->wait_for_messages(1, 10s);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].rcpt_tos, std::vector<std::string>{"admin@devries.example"});
  const auto entry = report_entries().at("2026-000001");
  EXPECT_EQ(entry.at("status"), "sent");
  EXPECT_NE(entry.at("error").get<std::string>().find("gone@devries.example"), std::string::npos)
    << entry;
}

TEST_F(FaultsTest, AMailboxThatGoesAwayIsGivenUpWhileTheOtherMailboxGoesOn) {
  // Acme's server greets (so the run starts) but then closes every connection at MAIL.
  start_server({"--fault", "mail:drop"});
  TemporaryFolder healthy_folder;
  SmtpServer healthy(healthy_folder.path());
  write_job(numbered_invoices(12));
  configure_mailbox(*m_job, "northwind", "", healthy.url());
  const auto result = run({"--threads", "2"});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.out.find("12 invoices: 6 sent, 6 failed"), std::string::npos) << result.out;
  EXPECT_EQ(healthy.wait_for_messages(6, 10s).size(), 6u);
  EXPECT_TRUE(m_server->messages().empty());
  const auto report = report_entries();
  int given_up = 0;
  for (const auto& [number, entry] : report) {
    const auto error = entry.at("error").get<std::string>();
    if (error.find("given up for the rest of this run") != std::string::npos) {
      ++given_up;
      EXPECT_NE(error.find("mailbox 'acme'"), std::string::npos) << error;
    }
  }
  // Each of the two connections' invoices may use its budget; the rest fail at once.
  EXPECT_GE(given_up, 4) << read_text(m_job->report());
}

TEST_F(FaultsTest, OnlyTheMailboxesOfTheCreditorsInTheJobAreOpened) {
  // Northwind's server is down. A selection of Acme's invoices goes out all the same.
  start_server({});
  int closed_port = 0;
  {
    TemporaryFolder folder;
    SmtpServer gone(folder.path());
    closed_port = gone.port();
  }
  const std::string northwind_url = "smtp://127.0.0.1:" + std::to_string(closed_port);
  m_job->write({make_invoice("2026-000001", "acme", "a@example.org").dump(),
                make_invoice("2026-000002", "acme", "b@example.org").dump()});
  configure_mailbox(*m_job, "northwind", k_fast_retries, northwind_url);
  const auto acme_only = run({});
  EXPECT_EQ(acme_only.exit_code, 0) << acme_only.out << acme_only.err;
  EXPECT_EQ(m_server->wait_for_messages(2, 10s).size(), 2u);

  // With one of Northwind's invoices in the job, its mailbox is opened, and being unreachable
  // refuses the whole job before anything is marked as sending.
  m_job->write({make_invoice("2026-000003", "acme", "c@example.org").dump(),
                make_invoice("2026-000004", "northwind", "d@example.org").dump()});
  configure_mailbox(*m_job, "northwind", k_fast_retries, northwind_url); // write() reset it
  const auto with_northwind = run({});
  EXPECT_EQ(with_northwind.exit_code, 2) << with_northwind.out << with_northwind.err;
  EXPECT_NE(with_northwind.err.find("127.0.0.1:" + std::to_string(closed_port)), std::string::npos)
    << with_northwind.err;
  EXPECT_EQ(m_server->messages().size(), 2u);
  const auto entries = ledger_entries(*m_job);
  EXPECT_EQ(entries.size(), 2u);
  EXPECT_FALSE(entries.contains("2026-000003"));
}

TEST_F(FaultsTest, ASilentServerTimesOutAndTheMessageIsTriedAgain) {
  start_server({"--fault", "rcpt:stall:n=1", "--stall-seconds", "3"});
  write_job({make_invoice("2026-000001", "acme", "kas@hoekje.example").dump()});
  configure_mailbox(*m_job, "acme", "command_timeout = 1");
  const auto result = run();
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(m_server->wait_for_messages(1, 10s).size(), 1u);
  const auto entry = ledger_entries(*m_job).at("2026-000001");
  EXPECT_EQ(entry.state, ledger::State::Sent);
  EXPECT_EQ(entry.attempts, 2);
}

TEST_F(FaultsTest, NoReplyToTheFinalDotWithinTheDataTimeoutIsUnknown) {
  start_server({"--fault", "dot:stall:n=1", "--stall-seconds", "3"});
  write_job({make_invoice("2026-000001", "acme", "kas@hoekje.example").dump()});
  configure_mailbox(*m_job, "acme", "data_timeout = 1");
  const auto result = run();
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.err.find("no reply from 127.0.0.1"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("within 1000 ms after the message was sent"), std::string::npos)
    << result.err;
  EXPECT_EQ(m_server->wait_for_messages(1, 10s).size(), 1u);
  const auto entry = ledger_entries(*m_job).at("2026-000001");
  EXPECT_EQ(entry.state, ledger::State::Unknown);
  EXPECT_EQ(entry.attempts, 1);
}

TEST_F(FaultsTest, MailboxRetryAndTimeoutSettingsAreValidated) {
  start_server({});
  m_job->write({make_invoice("2026-000001", "acme", "kas@hoekje.example").dump()});
  configure_mailbox(*m_job, "acme", "max_attempts = 0\ndata_timeout = 100000");
  const auto result = run();
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_NE(result.err.find("mailbox.acme.max_attempts: expected a number of tries from 1 to 100"),
            std::string::npos)
    << result.err;
  EXPECT_NE(result.err.find("mailbox.acme.data_timeout: expected seconds from 1 to 3600"),
            std::string::npos)
    << result.err;
}

TEST_F(FaultsTest, TwoHundredInvoicesThroughMixedFaultsArriveOnceOrAreReported) {
  start_server({"--random-faults", "20261123:30"});
  constexpr int k_invoices = 200;
  write_job(numbered_invoices(k_invoices));
  const auto result = run();
  ASSERT_TRUE(result.exit_code == 0 || result.exit_code == 1) << result.out << result.err;
  ASSERT_FALSE(read_text(m_server_folder / "faults.txt").empty()) << "no fault was injected";

  const auto arrivals = arrivals_by_number(m_server->messages());
  const auto report = report_entries();
  const auto ledger = ledger_entries(*m_job);
  ASSERT_EQ(report.size(), static_cast<size_t>(k_invoices));
  int sent = 0;
  int failed = 0;
  int unknown = 0;
  for (const auto& [number, entry] : report) {
    const auto status = entry.at("status").get<std::string>();
    const int arrived = arrivals.count(number) ? arrivals.at(number) : 0;
    ASSERT_EQ(ledger.count(number), 1u) << number;
    const auto state = ledger::state_name(ledger.at(number).state);
    EXPECT_LE(arrived, 1) << number << " arrived twice";
    if (status == "sent") {
      ++sent;
      EXPECT_EQ(arrived, 1) << number;
      EXPECT_EQ(state, "sent") << number;
    } else if (status == "failed") {
      ++failed;
      EXPECT_EQ(arrived, 0) << number << ": " << entry.at("error");
      EXPECT_EQ(state, "failed") << number;
    } else if (status == "unknown") {
      ++unknown;
      EXPECT_EQ(state, "unknown") << number;
    } else {
      ADD_FAILURE() << number << ": unexpected status " << status;
    }
  }
  for (const auto& [number, count] : arrivals) {
    EXPECT_EQ(report.count(number), 1u) << "the server received " << number << ", not in the job";
  }
  EXPECT_GT(sent, k_invoices / 2);
  // The faults did their work: some invoices needed more than one try.
  int retried = 0;
  for (const auto& [number, entry] : ledger) {
    retried += entry.attempts > 1 ? 1 : 0;
  }
  EXPECT_GT(retried, 0);
  EXPECT_EQ(result.exit_code, failed + unknown == 0 ? 0 : 1);
}

// Every byte a run leaves behind: its output, and every file under var/ (ledger, its WAL,
// report, archive).
std::string everything_written(const JobFixture& job, const ProcessResult& result) {
  std::string all = result.out + result.err;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(job.root() / "var")) {
    if (entry.is_regular_file()) {
      all += read_text(entry.path());
    }
  }
  return all;
}

TEST_F(FaultsTest, CredentialsNeverAppearInOutputLedgerOrReport) {
  const std::string password = "pw-Zq8vL2mX7tR4";
  start_server({"--auth", "acme-mailer:" + password, "--fault", "dot:451:n=1"});
  write_job({make_invoice("2026-000001", "acme", "kas@hoekje.example").dump(),
             make_invoice("2026-000002", "northwind", "accounts@brightside.example").dump()});
  for (const auto* mailbox : {"acme", "northwind"}) {
    configure_mailbox(*m_job, mailbox,
                      "username_env = \"MAILROOM_TEST_USER\"\npassword_env = "
                      "\"MAILROOM_TEST_PASSWORD\"");
  }
  const std::vector<std::string> arguments{
    "run", m_job->job_file().string(), "--progress", "plain", "--report", m_job->report().string()};
  const auto sent = run_mailroom(
    arguments, {"MAILROOM_TEST_USER=acme-mailer", "MAILROOM_TEST_PASSWORD=" + password});
  ASSERT_EQ(sent.exit_code, 0) << sent.out << sent.err;
  const auto messages = m_server->wait_for_messages(2, 10s);
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0].login, "acme-mailer");
  EXPECT_EQ(everything_written(*m_job, sent).find(password), std::string::npos);

  // A refused login names the failure, not the password tried.
  const std::string wrong = "pw-wrong-Kd93JfU1";
  const auto refused = run_mailroom(arguments, {
                                                 "MAILROOM_TEST_USER=acme-mailer",
                                                 "MAILROOM_TEST_PASSWORD=" + wrong,
                                               });
  EXPECT_EQ(refused.exit_code, 2) << refused.out << refused.err;
  EXPECT_NE(refused.err.find("authentication failed"), std::string::npos) << refused.err;
  const auto written = everything_written(*m_job, refused);
  EXPECT_EQ(written.find(wrong), std::string::npos);
  EXPECT_EQ(written.find(password), std::string::npos);
}

TEST_F(FaultsTest, ASecondRunOfTheSameLedgerIsRefusedNamingTheJobAndTheLedger) {
  start_server({});
  write_job({make_invoice("2026-000001", "acme", "kas@hoekje.example").dump()});
  std::filesystem::create_directories(m_job->ledger().parent_path());
  // Held by this test process: a real flock, as a running mailroom would hold it.
  auto lock = ledger::RunLock::acquire(m_job->ledger(), "test-job");
  ASSERT_TRUE(lock) << lock.error().to_string();
  const auto result = run();
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_NE(result.err.find("job test-job is already running (pid " + std::to_string(::getpid()) +
                            ") on ledger " + m_job->ledger().string()),
            std::string::npos)
    << result.err;
  EXPECT_TRUE(m_server->messages().empty());
}

} // namespace
} // namespace mailroom::testing
