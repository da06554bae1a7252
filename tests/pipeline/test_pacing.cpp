// End-to-end: a mailbox's `rate`, `max_per_run` and its slowing down on a throttling reply,
// measured from the receive times of real SMTP servers (one per mailbox) while the mailroom binary
// sends a job through both.

#include "delivery_check.hpp"
#include "job_fixture.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <tests/support/postgresql_server.hpp>
#include <tests/support/process.hpp>
#include <tests/support/smtp_server.hpp>
#include <tests/support/temporary_folder.hpp>

#include <algorithm>
#include <csignal>
#include <stdexcept>

namespace mailroom::testing {
namespace {

using namespace std::chrono_literals;

// Two servers: acme's mailbox sends to the first, northwind's to the second.
class PacingTest : public ::testing::Test {
protected:
  // `acme_keys` and `server_args` set up acme's mailbox and its server.
  void start(const std::string& acme_keys, std::vector<std::string> server_args = {}) {
    m_acme_server.emplace(m_acme_folder.path(), std::move(server_args));
    m_job.emplace(m_acme_server->url());
    m_acme_keys = acme_keys;
  }

  // Writes the job: `acme` invoices of acme (2026-100001 on) and `northwind` of northwind
  // (2026-200001 on), taking turns.
  void write(int acme, int northwind) {
    std::vector<std::string> lines;
    for (int index = 0; index < std::max(acme, northwind); ++index) {
      if (index < acme) {
        lines.push_back(
          make_invoice("2026-" + std::to_string(100'001 + index), "acme", "kas@hoekje.example")
            .dump());
      }
      if (index < northwind) {
        lines.push_back(make_invoice("2026-" + std::to_string(200'001 + index), "northwind",
                                     "accounts@brightside.example")
                          .dump());
      }
    }
    m_job->write(lines);
    // Acme's mailbox gets its keys; northwind's goes to the other server.
    const auto creditors = m_job->root() / "creditors.toml";
    std::string text = read_text(creditors);
    const auto replace = [&](const std::string& from, const std::string& to) {
      const auto at = text.find(from);
      if (at == std::string::npos) {
        throw std::runtime_error("the fixture's creditors file no longer holds " + from);
      }
      text.replace(at, from.size(), to);
    };
    replace("connections = 2\n", "connections = 2\nretry_backoff_ms = 100\n" + m_acme_keys + "\n");
    replace("[mailbox.northwind]\nurl = \"" + m_acme_server->url(),
            "[mailbox.northwind]\nurl = \"" + m_northwind_server.url());
    write_text(creditors, text);
  }

  ProcessResult run() {
    return run_mailroom({"run", m_job->job_file().string(), "--progress", "none", "--report",
                         m_job->report().string()});
  }

  nlohmann::json report() const { return nlohmann::json::parse(read_text(m_job->report())); }

  // Two workers at once, on shards 0/2 and 1/2 of the job, each with `extra` arguments: the exit
  // code of each and what each said.
  struct WorkerRun {
    int exit_code = 0;
    std::string said;
  };
  std::vector<WorkerRun> run_two_workers(const std::vector<std::string>& extra = {}) {
    const auto arguments = [&](const std::string& shard) {
      std::vector<std::string> words{
        "run", m_job->job_file().string(), "--progress", "none", "--shard", shard};
      words.insert(words.end(), extra.begin(), extra.end());
      return words;
    };
    TemporaryFolder first_folder;
    TemporaryFolder second_folder;
    BackgroundRun first(arguments("0/2"), first_folder.path());
    BackgroundRun second(arguments("1/2"), second_folder.path());
    const int first_exit = first.wait(60s);
    const int second_exit = second.wait(60s);
    return {{first_exit, first.out() + first.err()}, {second_exit, second.out() + second.err()}};
  }

  static std::vector<double> receive_times(const std::vector<ReceivedMessage>& messages) {
    std::vector<double> times;
    for (const auto& message : messages) {
      times.push_back(message.received_at);
    }
    std::sort(times.begin(), times.end());
    return times;
  }

  static std::string gaps(const std::vector<double>& times) {
    std::string text = "gaps (s):";
    for (size_t index = 1; index < times.size(); ++index) {
      text += " " + std::to_string(times[index] - times[index - 1]).substr(0, 5);
    }
    return text;
  }

  // The most messages received in any window of `seconds` (from one receive time up to, not
  // including, that time plus `seconds`).
  static size_t most_in_any_window(const std::vector<double>& times, double seconds) {
    size_t most = 0;
    for (const double from : times) {
      most = std::max<size_t>(most, std::count_if(times.begin(), times.end(), [&](double time) {
                                return time >= from && time < from + seconds;
                              }));
    }
    return most;
  }

  TemporaryFolder m_acme_folder;
  TemporaryFolder m_northwind_folder;
  std::optional<SmtpServer> m_acme_server;
  SmtpServer m_northwind_server{m_northwind_folder.path()};
  std::optional<JobFixture> m_job;
  std::string m_acme_keys;
};

// Two workers on shards of one job and one PostgreSQL ledger send through acme's mailbox at
// 5/second together, not 5/second each: before each message goes out, a worker takes the next
// slot of the schedule the ledger keeps for the mailbox (transport/shared_pacer.hpp).
TEST_F(PacingTest, WorkersSharingALedgerKeepTheMailboxsRateTogether) {
  start("rate = \"5/second\"");
  m_job->set_ledger(new_postgresql_database());
  write(20, 4);
  for (const auto& worker : run_two_workers()) {
    EXPECT_EQ(worker.exit_code, 0) << worker.said;
  }
  const auto acme = receive_times(m_acme_server->wait_for_messages(20, 30s));
  ASSERT_EQ(acme.size(), 20u);
  // Each worker alone keeps 5/second; together, without the shared schedule, they sent about 10
  // in a second.
  EXPECT_LE(most_in_any_window(acme, 0.95), 5u) << gaps(acme);
  EXPECT_GE(acme.back() - acme.front(), 19 * 0.2 - 0.05) << gaps(acme);
}

// A throttling reply to one worker slows the other too: the one told notes its slower pace in the
// ledger, the other takes it over with its next slot (transport/shared_pacer.hpp). Without that,
// the other kept claiming slots 100 ms apart, and the server got messages 100 ms apart after it
// had said "too many".
TEST_F(PacingTest, WorkersSharingALedgerSlowDownTogetherOnAThrottlingReply) {
  start("rate = \"10/second\"", {"--throttle", "1"});
  m_job->set_ledger(new_postgresql_database());
  write(16, 2);
  std::string said;
  for (const auto& worker : run_two_workers()) {
    EXPECT_EQ(worker.exit_code, 0) << worker.said;
    said += worker.said;
  }
  EXPECT_NE(said.find("mailbox \"acme\" slowed to 5/second after: 451 4.7.0 Too many messages"),
            std::string::npos)
    << said;
  EXPECT_NE(said.find("mailbox \"acme\" slowed to 5/second: another worker sending through it "
                      "was told it sends too fast"),
            std::string::npos)
    << said;
  const auto acme = receive_times(m_acme_server->wait_for_messages(16, 30s));
  ASSERT_EQ(acme.size(), 16u);
  // The other worker learns of the slow-down with its next slot, which it claimed at its old
  // pace: from the third message on, all come at the slower pace, one every 204 ms, no more than 5
  // in a second (a message a little late may be followed by one on time, so it is not every gap).
  // Without it there were 6 in 0.71 s.
  const std::vector<double> slowed(acme.begin() + 3, acme.end());
  EXPECT_LE(most_in_any_window(slowed, 0.95), 5u) << gaps(acme);
  EXPECT_GE(slowed.back() - slowed.front(), static_cast<double>(slowed.size() - 1) * 0.2 - 0.05)
    << gaps(acme);
}

// The workers of one run given the same --run-id send no more than a mailbox's max_per_run
// between them; the next run (another id) sends as many again. A sharded run without a run id
// counts its own and says so.
TEST_F(PacingTest, TheWorkersOfOneRunSendNoMoreThanMaxPerRunBetweenThem) {
  start("max_per_run = 3");
  m_job->set_ledger(new_postgresql_database());
  write(8, 2);
  const auto night = [&](const std::string& run_id) {
    // Exit 1 for a worker with an invoice of acme left to the next run.
    for (const auto& worker : run_two_workers({"--run-id", run_id})) {
      EXPECT_TRUE(worker.exit_code == 0 || worker.exit_code == 1) << worker.said;
    }
  };
  night("night-1");
  EXPECT_EQ(m_acme_server->wait_for_messages(3, 30s).size(), 3u);
  EXPECT_EQ(m_northwind_server.wait_for_messages(2, 30s).size(), 2u);
  EXPECT_EQ(m_acme_server->wait_for_messages(4, 1s).size(), 3u) << "more than max_per_run";
  night("night-2");
  EXPECT_EQ(m_acme_server->wait_for_messages(6, 30s).size(), 6u);
  EXPECT_EQ(m_acme_server->wait_for_messages(7, 1s).size(), 6u) << "more than max_per_run";

  const auto last =
    run_mailroom({"run", m_job->job_file().string(), "--progress", "none", "--shard", "0/1"});
  EXPECT_EQ(last.exit_code, 0) << last.out << last.err;
  EXPECT_NE(last.err.find("mailbox \"acme\": max_per_run 3 counts this worker's messages only; "
                          "give the workers of one run the same --run-id to count them together"),
            std::string::npos)
    << last.err;
  EXPECT_EQ(m_acme_server->wait_for_messages(8, 30s).size(), 8u);
}

TEST_F(PacingTest, APacedMailboxKeepsItsRateWhileTheOtherSendsAtFullSpeed) {
  start("rate = \"5/second\"");
  write(20, 20);
  const auto result = run();
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("40 invoices: 40 sent"), std::string::npos) << result.out;

  const auto acme = receive_times(m_acme_server->wait_for_messages(20, 30s));
  const auto northwind = receive_times(m_northwind_server.wait_for_messages(20, 30s));
  ASSERT_EQ(acme.size(), 20u);
  ASSERT_EQ(northwind.size(), 20u);
  // One message every 204 ms, never a burst: no second holds more than 5 (InProcessPacer). The
  // window is 50 ms short of a second: the server times each arrival a little late, by more on a
  // busy machine or under a sanitizer (the 2% margin covers a few milliseconds of it).
  EXPECT_LE(most_in_any_window(acme, 0.95), 5u) << gaps(acme);
  EXPECT_GE(acme.back() - acme.front(), 19 * 0.2 - 0.05);
  // Northwind is not held to acme's pace: its invoices are all in before acme is halfway (at
  // +0.14 s in a debug build; at +3.29 s, after acme's 15th, when acme's invoices waited for their
  // turns in the pipeline), though the job has them take turns.
  EXPECT_LT(northwind.back(), acme[9]) << "northwind's last at +" << northwind.back() - acme[0]
                                       << " s, acme's 10th at +" << acme[9] - acme[0] << " s";
  // The invoices held back for acme's pace come last in the report, every one sent.
  const auto json = report();
  ASSERT_EQ(json["invoices"].size(), 40u);
  EXPECT_EQ(json["sent"], 40);
  EXPECT_EQ(json["invoices"][0]["number"], "2026-100001");
  EXPECT_EQ(json["invoices"].back()["creditor"], "acme");
}

TEST_F(PacingTest, SixtyAMinuteSendsOneMessageASecond) {
  start("rate = \"60/minute\"");
  write(5, 2);
  const auto result = run();
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const auto acme = receive_times(m_acme_server->wait_for_messages(5, 30s));
  ASSERT_EQ(acme.size(), 5u);
  for (size_t index = 1; index < acme.size(); ++index) {
    EXPECT_GE(acme[index] - acme[index - 1], 0.95) << "message " << index;
    EXPECT_LE(acme[index] - acme[index - 1], 1.5) << "message " << index;
  }
  EXPECT_EQ(m_northwind_server.wait_for_messages(2, 30s).size(), 2u);
}

TEST_F(PacingTest, AThrottlingReplySlowsTheMailboxDownAndTheRunSaysSo) {
  start("rate = \"10/second\"", {"--throttle", "1"});
  write(8, 1);
  const auto result = run();
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("9 invoices: 9 sent"), std::string::npos) << result.out;
  EXPECT_NE(result.err.find("mailbox \"acme\" slowed to 5/second after: 451 4.7.0 Too many "
                            "messages, slow down"),
            std::string::npos)
    << result.err;
  // Every message the server took came at the slower pace: 200 ms apart, not 100.
  const auto acme = receive_times(m_acme_server->wait_for_messages(8, 30s));
  ASSERT_EQ(acme.size(), 8u);
  for (size_t index = 1; index < acme.size(); ++index) {
    EXPECT_GE(acme[index] - acme[index - 1], 0.15) << "message " << index;
  }
}

TEST_F(PacingTest, MaxPerRunSendsThatManyAndTheNextRunSendsTheRest) {
  start("max_per_run = 3");
  write(5, 2);
  const auto first = run();
  EXPECT_EQ(first.exit_code, 1) << first.out << first.err;
  EXPECT_NE(first.out.find("7 invoices: 5 sent, 2 failed"), std::string::npos) << first.out;
  EXPECT_NE(first.err.find("max_per_run 3 of mailbox \"acme\" reached; the rest of its mail goes "
                           "out with the next run"),
            std::string::npos)
    << first.err;
  EXPECT_EQ(m_acme_server->wait_for_messages(3, 30s).size(), 3u);
  EXPECT_EQ(m_northwind_server.wait_for_messages(2, 30s).size(), 2u);
  size_t held = 0;
  const auto json = report();
  for (const auto& invoice : json["invoices"]) {
    if (invoice["status"] == "failed") {
      ++held;
      EXPECT_EQ(invoice["error"],
                "not sent: max_per_run 3 of mailbox \"acme\" reached; the next run sends it");
    }
  }
  EXPECT_EQ(held, 2u) << json.dump(1);

  const auto second = run();
  EXPECT_EQ(second.exit_code, 0) << second.out << second.err;
  EXPECT_NE(second.out.find("7 invoices: 2 sent, 5 skipped"), std::string::npos) << second.out;
  EXPECT_EQ(m_acme_server->wait_for_messages(5, 30s).size(), 5u);
}

TEST_F(PacingTest, AStopRequestEndsTheWaitForATurnAndTheNextRunSendsTheRestOnce) {
  start("rate = \"2/second\"");
  write(12, 2);
  TemporaryFolder output;
  {
    BackgroundRun run({"run", m_job->job_file().string(), "--progress", "none"}, output.path());
    ASSERT_EQ(m_acme_server->wait_for_messages(3, 20s).size(), 3u);
    const auto signalled = std::chrono::steady_clock::now();
    run.signal(SIGTERM);
    ASSERT_EQ(run.wait(30s), 1) << run.out() << run.err();
    // The invoices waiting for a turn stop waiting: not the 4.5 s of acme's pace still to go.
    EXPECT_LT(std::chrono::steady_clock::now() - signalled, 1500ms);
    // Those waiting for their turn (every one left: the second pass takes them all in) are not
    // sent, and say why.
    EXPECT_NE(
      run.err().find("not sent: the run was stopped before it went out; the next run sends it"),
      std::string::npos)
      << run.err();
  }
  // Nothing is left marked as sending; what did not arrive is not marked sent.
  const auto arrivals = arrivals_by_number(m_acme_server->messages());
  EXPECT_LT(arrivals.size(), 12u);
  for (const auto& [number, entry] : ledger_entries(*m_job)) {
    EXPECT_NE(entry.state, ledger::State::Sending) << number;
    EXPECT_EQ(entry.state == ledger::State::Sent,
              arrivals.count(number) == 1 || number.rfind("2026-2", 0) == 0)
      << number;
  }

  const auto rest = run();
  EXPECT_EQ(rest.exit_code, 0) << rest.out << rest.err;
  const auto all = arrivals_by_number(m_acme_server->wait_for_messages(12, 20s));
  EXPECT_EQ(all.size(), 12u);
  for (const auto& [number, count] : all) {
    EXPECT_EQ(count, 1) << number;
  }
}

} // namespace
} // namespace mailroom::testing
