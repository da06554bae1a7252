// Several workers on one job and one PostgreSQL ledger (`mailroom run JOB --shard K/N`), against
// the real aiosmtpd server and the suite's real PostgreSQL server: every invoice reaches the
// server exactly once, whether the shards divide the job, overlap by mistake, or a worker is
// killed and started again; and a ledger that goes away mid-run never records as sent what was
// not.

#include "delivery_check.hpp"
#include "job_fixture.hpp"

#include <engine/ledger/ledger.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <tests/support/postgresql_server.hpp>
#include <tests/support/process.hpp>
#include <tests/support/smtp_server.hpp>
#include <tests/support/temporary_folder.hpp>
#include <unistd.h>

#include <csignal>

namespace mailroom::testing {
namespace {

using namespace std::chrono_literals;

class WorkersTest : public ::testing::Test {
protected:
  // A job of `invoices` invoices whose ledger is a new database of `server`.
  void start(int invoices, const std::vector<std::string>& server_options = {},
             PostgresqlServer* server = nullptr) {
    m_server = std::make_unique<SmtpServer>(m_server_folder.path(), server_options);
    m_job = std::make_unique<JobFixture>(m_server->url());
    m_job->set_ledger(server != nullptr ? server->create_database() : new_postgresql_database());
    m_job->write(numbered_invoices(invoices));
    m_invoices = invoices;
  }

  std::vector<std::string> arguments(const std::string& shard) const {
    return {
      "run",        m_job->job_file().string(),
      "--shard",    shard,
      "--progress", "none",
      "--report",   (m_job->root() / ("report-" + std::to_string(m_reports++) + ".json")).string(),
      "--threads",  "2"};
  }

  // Every invoice arrived once; the ledger records each as sent.
  void expect_each_sent_exactly_once() const {
    const auto arrivals = arrivals_by_number(m_server->wait_for_messages(m_invoices, 30s));
    EXPECT_EQ(arrivals.size(), static_cast<size_t>(m_invoices));
    for (const auto& [number, count] : arrivals) {
      EXPECT_EQ(count, 1) << number;
    }
    const auto entries = ledger_entries(*m_job);
    EXPECT_EQ(entries.size(), static_cast<size_t>(m_invoices));
    for (const auto& [number, entry] : entries) {
      EXPECT_EQ(entry.state, ledger::State::Sent) << number;
      EXPECT_EQ(entry.attempts, 1) << number;
    }
  }

  TemporaryFolder m_server_folder;
  TemporaryFolder m_output_folder;
  std::unique_ptr<SmtpServer> m_server;
  std::unique_ptr<JobFixture> m_job;
  int m_invoices = 0;
  mutable int m_reports = 0;
};

TEST_F(WorkersTest, FourShardsTogetherSendEveryInvoiceExactlyOnce) {
  start(40);
  std::vector<std::unique_ptr<TemporaryFolder>> folders;
  std::vector<std::unique_ptr<BackgroundRun>> workers;
  for (int shard = 0; shard < 4; ++shard) {
    folders.push_back(std::make_unique<TemporaryFolder>());
    workers.push_back(std::make_unique<BackgroundRun>(arguments(std::to_string(shard) + "/4"),
                                                      folders.back()->path()));
  }
  size_t reported = 0;
  for (int shard = 0; shard < 4; ++shard) {
    auto& worker = *workers[static_cast<size_t>(shard)];
    EXPECT_EQ(worker.wait(120s), 0) << worker.out() << worker.err();
    // Each shard's report holds its own invoices only.
    const auto report = nlohmann::json::parse(
      read_text(m_job->root() / ("report-" + std::to_string(shard) + ".json")));
    reported += report.at("invoices").size();
    EXPECT_GT(report.at("invoices").size(), 0u) << "shard " << shard;
  }
  EXPECT_EQ(reported, static_cast<size_t>(m_invoices));
  expect_each_sent_exactly_once();
  // The whole job, from the ledger, and its JSON report.
  const auto whole = m_job->root() / "whole.json";
  const auto report =
    run_mailroom({"report", m_job->job_file().string(), "--report", whole.string()});
  EXPECT_EQ(report.exit_code, 0) << report.out << report.err;
  EXPECT_NE(report.out.find("test-job: 40 invoices: 40 sent"), std::string::npos) << report.out;
  EXPECT_EQ(nlohmann::json::parse(read_text(whole)).at("invoices").size(), 40u);
}

// Shards that overlap by mistake (0/2 and 1/2, and 0/1 = the whole job, at the same time): the
// ledger's conditional `sending` mark lets one worker send each invoice; the others leave it. A
// worker that finds an invoice another is sending at that moment cannot tell it from one an
// earlier run left on the wire, so it reports it as interrupted (exit 1); `mailroom report` has
// the last word once all are done.
TEST_F(WorkersTest, OverlappingShardsStillSendEachInvoiceOnce) {
  start(30, {"--reply-delay", "0.02"});
  TemporaryFolder first_folder;
  TemporaryFolder second_folder;
  TemporaryFolder whole_folder;
  BackgroundRun first(arguments("0/2"), first_folder.path());
  BackgroundRun second(arguments("1/2"), second_folder.path());
  BackgroundRun whole(arguments("0/1"), whole_folder.path());
  for (auto* worker : {&first, &second, &whole}) {
    const int exit_code = worker->wait(120s);
    EXPECT_TRUE(exit_code == 0 || exit_code == 1) << worker->out() << worker->err();
  }
  expect_each_sent_exactly_once();
  const auto report = run_mailroom({"report", m_job->job_file().string()});
  EXPECT_EQ(report.exit_code, 0) << report.out << report.err;
  EXPECT_NE(report.out.find("test-job: 30 invoices: 30 sent"), std::string::npos) << report.out;
}

TEST_F(WorkersTest, TheSameShardTwiceIsRefusedNamingTheWorkerThatHoldsIt) {
  start(6, {"--reply-delay", "0.5"});
  TemporaryFolder folder;
  BackgroundRun first(arguments("1/3"), folder.path());
  ASSERT_FALSE(m_server->wait_for_messages(1, 20s).empty());
  const auto second = run_mailroom(arguments("1/3"));
  EXPECT_EQ(second.exit_code, 2) << second.out << second.err;
  EXPECT_NE(second.err.find("job test-job, shard 1/3 is already running (mailroom "),
            std::string::npos)
    << second.err;
  EXPECT_EQ(first.wait(60s), 0) << first.out() << first.err();
  // Another shard of the same job is not refused.
  const auto other = run_mailroom(arguments("2/3"));
  EXPECT_EQ(other.exit_code, 0) << other.out << other.err;
}

// kill -9 of a worker mid-run, and its restart (as Kubernetes restarts an index): the shard ends
// with each invoice delivered once, or reported as interrupted (at most one per open connection)
// and never sent twice.
TEST_F(WorkersTest, AWorkerKilledMidRunAndStartedAgainSendsNothingTwice) {
  start(24, {"--reply-delay", "0.1"});
  TemporaryFolder killed_folder;
  TemporaryFolder other_folder;
  BackgroundRun other(arguments("1/2"), other_folder.path());
  {
    BackgroundRun killed(arguments("0/2"), killed_folder.path());
    ASSERT_FALSE(m_server->wait_for_messages(4, 20s).size() < 4);
    killed.signal(SIGKILL);
    killed.wait(10s);
  }
  EXPECT_EQ(other.wait(120s), 0) << other.out() << other.err();
  const auto restarted = run_mailroom(arguments("0/2"));
  EXPECT_LE(restarted.exit_code, 1) << restarted.out << restarted.err;
  const auto arrivals = arrivals_by_number(m_server->messages());
  const auto entries = ledger_entries(*m_job);
  ASSERT_EQ(entries.size(), static_cast<size_t>(m_invoices));
  int interrupted = 0;
  for (const auto& [number, entry] : entries) {
    const auto arrived = arrivals.count(number) != 0 ? arrivals.at(number) : 0;
    EXPECT_LE(arrived, 1) << number;
    if (entry.state == ledger::State::Sent) {
      EXPECT_EQ(arrived, 1) << number;
    } else {
      EXPECT_EQ(entry.state, ledger::State::Sending) << number;
      ++interrupted;
    }
  }
  // acme has two connections, northwind one.
  EXPECT_LE(interrupted, 3);
}

// The ledger's server stops mid-run: the worker says so and exits 1 or 2, nothing is recorded as
// sent that the server did not accept, and once the database is back a run finishes the job.
TEST_F(WorkersTest, ALedgerOutageMidRunLosesNothingAndTheRerunFinishes) {
  // A server of its own, which this test stops; in a folder the user postgres may enter.
  auto database =
    PostgresqlServer::start(std::filesystem::temp_directory_path() /
                            ("mailroom-postgresql-outage-" + std::to_string(::getpid())));
  start(30, {"--reply-delay", "0.1"}, database.get());
  TemporaryFolder folder;
  {
    BackgroundRun run(arguments("0/1"), folder.path());
    ASSERT_FALSE(m_server->wait_for_messages(3, 20s).size() < 3);
    database->stop();
    const int exit_code = run.wait(120s);
    EXPECT_TRUE(exit_code == 1 || exit_code == 2) << exit_code << run.out() << run.err();
    EXPECT_NE(run.err().find("ledger"), std::string::npos) << run.err();
  }
  database->restart();
  const auto arrived_before = arrivals_by_number(m_server->messages());
  for (const auto& [number, entry] : ledger_entries(*m_job)) {
    if (entry.state == ledger::State::Sent) {
      EXPECT_EQ(arrived_before.count(number), 1u) << number << " is recorded as sent";
    }
  }
  const auto rerun = run_mailroom(arguments("0/1"));
  EXPECT_LE(rerun.exit_code, 1) << rerun.out << rerun.err;
  const auto arrivals = arrivals_by_number(m_server->messages());
  for (const auto& [number, entry] : ledger_entries(*m_job)) {
    const auto arrived = arrivals.count(number) != 0 ? arrivals.at(number) : 0;
    EXPECT_LE(arrived, 1) << number;
    EXPECT_TRUE(entry.state == ledger::State::Sent || entry.state == ledger::State::Sending)
      << number << " " << ledger::state_name(entry.state);
    if (entry.state == ledger::State::Sent) {
      EXPECT_EQ(arrived, 1) << number;
    }
  }
  EXPECT_EQ(ledger_entries(*m_job).size(), static_cast<size_t>(m_invoices));
}

} // namespace
} // namespace mailroom::testing
