// Stops and crashes: SIGTERM/SIGINT finish the invoices under way and write the report; a second
// signal ends the run at once; kill -9 at random moments, then runs again until the job is
// done. In every case each invoice reaches the server at most once, and exactly once unless the
// ledger reports it as interrupted (at most one per open connection per kill).

#include "delivery_check.hpp"
#include "job_fixture.hpp"

#include <engine/ledger/ledger.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <tests/support/process.hpp>
#include <tests/support/smtp_server.hpp>
#include <tests/support/temporary_folder.hpp>

#include <csignal>
#include <random>

namespace mailroom::testing {
namespace {

using namespace std::chrono_literals;

// acme has a pool of 2 connections, northwind of 1: at most 3 messages are on the wire at once.
constexpr int k_open_connections = 3;

class CrashTest : public ::testing::Test {
protected:
  void start(const std::vector<std::string>& server_options, int invoices) {
    m_server = std::make_unique<SmtpServer>(m_server_folder.path(), server_options);
    m_job = std::make_unique<JobFixture>(m_server->url());
    m_job->write(numbered_invoices(invoices));
  }

  std::vector<std::string> arguments(std::vector<std::string> extra = {}) const {
    std::vector<std::string> all{"run",      m_job->job_file().string(), "--progress", "none",
                                 "--report", m_job->report().string(),   "--threads",  "2"};
    all.insert(all.end(), extra.begin(), extra.end());
    return all;
  }

  // Waits until the server has stored `count` messages; false after 20 seconds.
  bool wait_for_arrivals(size_t count) const {
    return m_server->wait_for_messages(count, 20s).size() >= count;
  }

  // Waits until the ledger has an invoice in state `sending` that the server has not stored
  // yet; false after 20 seconds.
  bool wait_for_sending() const {
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (std::chrono::steady_clock::now() < deadline) {
      const auto arrivals = arrivals_by_number(m_server->messages());
      for (const auto& [number, entry] : ledger_entries(*m_job)) {
        if (entry.state == ledger::State::Sending && arrivals.count(number) == 0) {
          return true;
        }
      }
      std::this_thread::sleep_for(10ms);
    }
    return false;
  }

  nlohmann::json report() const { return nlohmann::json::parse(read_text(m_job->report())); }

  TemporaryFolder m_server_folder;
  TemporaryFolder m_output_folder;
  std::unique_ptr<SmtpServer> m_server;
  std::unique_ptr<JobFixture> m_job;
};

TEST_F(CrashTest, SigtermFinishesTheInvoicesUnderWayWritesTheReportAndTheRestGoOutNextTime) {
  constexpr int k_invoices = 24;
  start({"--reply-delay", "0.1"}, k_invoices);
  {
    BackgroundRun run(arguments(), m_output_folder.path());
    ASSERT_TRUE(wait_for_arrivals(3));
    run.signal(SIGTERM);
    const int exit_code = run.wait(30s);
    ASSERT_EQ(exit_code, 1) << run.out() << run.err();
    EXPECT_NE(run.err().find("stopped by a signal"), std::string::npos) << run.err();
  }
  // Everything that was on the wire finished: sent, and recorded as such in report and ledger;
  // invoices read but not yet sent are reported as not sent, and nothing more was read.
  const auto first = report();
  const auto entries = ledger_entries(*m_job);
  const auto arrivals = arrivals_by_number(m_server->messages());
  EXPECT_LT(first.at("invoices").size(), static_cast<size_t>(k_invoices));
  EXPECT_EQ(first.at("invoices").size(), entries.size());
  size_t sent = 0;
  for (const auto& entry : first.at("invoices")) {
    const auto number = entry.at("number").get<std::string>();
    ASSERT_EQ(entries.count(number), 1u) << number;
    if (entry.at("status") == "sent") {
      ++sent;
      EXPECT_EQ(entries.at(number).state, ledger::State::Sent) << number;
      EXPECT_EQ(arrivals.count(number), 1u) << number;
    } else {
      EXPECT_EQ(entry.at("status"), "failed") << number;
      EXPECT_NE(entry.at("error").get<std::string>().find("the run was stopped"), std::string::npos)
        << entry;
      EXPECT_EQ(entries.at(number).state, ledger::State::Failed) << number;
      EXPECT_EQ(arrivals.count(number), 0u) << number;
    }
  }
  EXPECT_EQ(arrivals.size(), sent);
  EXPECT_GE(sent, 3u);

  // The next run sends the rest, each once.
  const auto result = run_mailroom(arguments());
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  const auto all = arrivals_by_number(m_server->wait_for_messages(k_invoices, 20s));
  EXPECT_EQ(all.size(), static_cast<size_t>(k_invoices));
  for (const auto& [number, count] : all) {
    EXPECT_EQ(count, 1) << number;
  }
}

TEST_F(CrashTest, ASecondSignalStopsAtOnceAndTheLedgerStaysConsistent) {
  constexpr int k_invoices = 12;
  start({"--reply-delay", "0.5"}, k_invoices);
  {
    BackgroundRun run(arguments(), m_output_folder.path());
    // Signalled while a message is on the wire: marked as sending, its reply half a second off.
    ASSERT_TRUE(wait_for_arrivals(2));
    ASSERT_TRUE(wait_for_sending());
    run.signal(SIGINT);
    std::this_thread::sleep_for(50ms);
    run.signal(SIGINT);
    // At once: well before the half-second replies of the invoices under way.
    EXPECT_EQ(run.wait(30s), 1) << run.out() << run.err();
  }
  // Next run: what was on the wire is reported as interrupted, not resent; the rest goes out.
  const auto result = run_mailroom(arguments());
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  const auto entries = ledger_entries(*m_job);
  ASSERT_EQ(entries.size(), static_cast<size_t>(k_invoices));
  // The server stores a message before it replies, so after a run it has all it will get.
  const auto arrivals = arrivals_by_number(m_server->messages());
  int interrupted = 0;
  const auto rerun_report = report();
  for (const auto& entry : rerun_report.at("invoices")) {
    const auto number = entry.at("number").get<std::string>();
    const int arrived = arrivals.count(number) ? arrivals.at(number) : 0;
    EXPECT_LE(arrived, 1) << number;
    if (entry.at("status") == "interrupted") {
      ++interrupted;
      EXPECT_EQ(entries.at(number).state, ledger::State::Sending) << number;
      EXPECT_NE(entry.at("error").get<std::string>().find("--resend-unknown"), std::string::npos);
    } else {
      EXPECT_TRUE(entry.at("status") == "sent" || entry.at("status") == "skipped") << entry;
      EXPECT_EQ(entries.at(number).state, ledger::State::Sent) << number;
      EXPECT_EQ(arrived, 1) << number;
    }
  }
  EXPECT_GE(interrupted, 1) << result.out << result.err;
  EXPECT_LE(interrupted, k_open_connections);
}

TEST_F(CrashTest, KilledAtRandomMomentsEveryInvoiceArrivesOnceOrIsReportedInterrupted) {
  constexpr int k_invoices = 100;
  constexpr int k_kills = 4;
  start({"--reply-delay", "0.01"}, k_invoices);
  std::mt19937 random(20261123);
  std::uniform_int_distribution<int> moment_milliseconds(150, 900);
  int kills = 0;
  for (int round = 0; round < k_kills; ++round) {
    BackgroundRun run(arguments(), m_output_folder.path());
    const auto moment = std::chrono::milliseconds(moment_milliseconds(random));
    if (run.wait(moment) != -2) {
      break; // Finished before the kill: nothing left to crash.
    }
    run.signal(SIGKILL);
    ASSERT_EQ(run.wait(10s), -1);
    ++kills;
  }
  ASSERT_GE(kills, 1) << "the job finished before the first kill; make it longer";

  // Run until a run gets to the end of the job.
  ProcessResult last;
  for (int round = 0; round < 5; ++round) {
    last = run_mailroom(arguments());
    if (last.exit_code == 0 || last.exit_code == 1) {
      break;
    }
  }
  ASSERT_TRUE(last.exit_code == 0 || last.exit_code == 1) << last.out << last.err;

  const auto entries = ledger_entries(*m_job);
  ASSERT_EQ(entries.size(), static_cast<size_t>(k_invoices));
  const auto final_report = report();
  ASSERT_EQ(final_report.at("invoices").size(), static_cast<size_t>(k_invoices));
  const auto arrivals = arrivals_by_number(m_server->messages());
  int interrupted = 0;
  std::vector<std::string> interrupted_numbers;
  for (const auto& entry : final_report.at("invoices")) {
    const auto number = entry.at("number").get<std::string>();
    const int arrived = arrivals.count(number) ? arrivals.at(number) : 0;
    EXPECT_LE(arrived, 1) << number << " arrived twice";
    const auto status = entry.at("status").get<std::string>();
    if (status == "interrupted") {
      ++interrupted;
      interrupted_numbers.push_back(number);
      EXPECT_EQ(entries.at(number).state, ledger::State::Sending) << number;
    } else {
      EXPECT_TRUE(status == "sent" || status == "skipped") << number << ": " << entry;
      EXPECT_EQ(entries.at(number).state, ledger::State::Sent) << number;
      EXPECT_EQ(arrived, 1) << number;
    }
  }
  EXPECT_LE(interrupted, kills * k_open_connections);
  EXPECT_EQ(last.exit_code, interrupted == 0 ? 0 : 1) << last.out << last.err;

  // The operator resends the interrupted ones on purpose: now every invoice has arrived, and
  // only those can have arrived twice.
  if (interrupted > 0) {
    const size_t before = m_server->messages().size();
    const auto resent = run_mailroom(arguments({"--resend-unknown"}));
    EXPECT_EQ(resent.exit_code, 0) << resent.out << resent.err;
    const auto received = m_server->messages();
    EXPECT_EQ(received.size(), before + static_cast<size_t>(interrupted));
    const auto after = arrivals_by_number(received);
    EXPECT_EQ(after.size(), static_cast<size_t>(k_invoices));
    for (const auto& [number, count] : after) {
      const bool was_interrupted = std::find(interrupted_numbers.begin(), interrupted_numbers.end(),
                                             number) != interrupted_numbers.end();
      EXPECT_LE(count, was_interrupted ? 2 : 1) << number;
    }
  }
}

} // namespace
} // namespace mailroom::testing
