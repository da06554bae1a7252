// `mailroom run --metrics FILE --log-format json` end to end: the binary, a real SMTP server
// (aiosmtpd), a real ledger; the metrics file read back with a strict reader of Prometheus's
// format and compared with the JSON report; every line of the JSON log parsed.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <tests/metrics/exposition_check.hpp>
#include <tests/pipeline/delivery_check.hpp>
#include <tests/pipeline/job_fixture.hpp>
#include <tests/support/process.hpp>
#include <tests/support/smtp_server.hpp>
#include <tests/support/temporary_folder.hpp>

#include <regex>

namespace mailroom::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* k_fast_retries = "retry_backoff_ms = 10\nmax_attempts = 4";

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find('\n', start);
    lines.push_back(text.substr(start, end - start));
    start = end == std::string::npos ? text.size() : end + 1;
  }
  return lines;
}

class RunMonitoring : public ::testing::Test {
protected:
  void start(std::vector<std::string> server_arguments) {
    m_server = std::make_unique<SmtpServer>(m_server_folder.path(), std::move(server_arguments));
    m_job = std::make_unique<JobFixture>(m_server->url());
    // Three to send (acme twice, northwind once), one without an address.
    m_job->write({make_invoice("2026-000001", "acme", "kas@hoekje.example").dump(),
                  make_invoice("2026-000002", "northwind", "accounts@brightside.example").dump(),
                  make_invoice("2026-000003", "acme", "").dump(),
                  make_invoice("2026-000004", "acme", "boekhouding@molen.example").dump()});
    configure_mailbox(*m_job, "acme", k_fast_retries);
    configure_mailbox(*m_job, "northwind", k_fast_retries);
  }

  TemporaryFolder m_server_folder;
  TemporaryFolder m_textfile; // node_exporter's --collector.textfile.directory.
  std::unique_ptr<SmtpServer> m_server;
  std::unique_ptr<JobFixture> m_job;
};

TEST_F(RunMonitoring, TheMetricsFileCountsWhatTheReportSaysAndIsReplacedWhole) {
  // The first message is deferred once (451 after its data): one retry.
  start({"--fault", "dot:451:n=1"});
  const auto metrics_path = m_textfile / "mailroom.prom";
  const auto result =
    run_mailroom({"run", m_job->job_file().string(), "--progress", "none", "--report",
                  m_job->report().string(), "--metrics", metrics_path.string()});
  ASSERT_EQ(result.exit_code, 1) << result.out << result.err; // One invalid address.
  const auto report = nlohmann::json::parse(read_text(m_job->report()));
  const auto metrics = parse_exposition(read_text(metrics_path));
  const std::map<std::string, std::string> job{{"mailroom_job", "test-job"}};

  for (const auto* outcome :
       {"sent", "skipped", "failed", "invalid_address", "interrupted", "unknown", "prepared"}) {
    EXPECT_EQ(metrics.value("mailroom_invoices_total",
                            {{"mailroom_job", "test-job"}, {"outcome", outcome}}),
              report.at(outcome).get<double>())
      << outcome;
  }
  EXPECT_EQ(report.at("sent"), 3);
  EXPECT_EQ(metrics.value("mailroom_invoices_expected", job), 4);
  // Each attempt is timed, per mailbox: three messages and one retry.
  double attempts = 0;
  double retries = 0;
  for (const auto* mailbox : {"acme", "northwind"}) {
    const std::map<std::string, std::string> labels{{"mailroom_job", "test-job"},
                                                    {"mailbox", mailbox}};
    attempts += metrics.value("mailroom_send_duration_seconds_count", labels);
    retries += metrics.value("mailroom_send_retries_total", labels);
  }
  EXPECT_EQ(retries, 1);
  EXPECT_EQ(attempts, 4);
  size_t rendered = 0;
  for (const auto& entry : report.at("invoices")) {
    rendered += entry.at("render_ms").is_number();
  }
  EXPECT_EQ(rendered, 3u);
  EXPECT_EQ(metrics.value("mailroom_render_duration_seconds_count", job), rendered);
  EXPECT_EQ(metrics.value("mailroom_run_exit_code", job), 1);
  EXPECT_EQ(metrics.value("mailroom_run_finished", job), 1);
  // It went through the job: a success, though one invoice had no address.
  EXPECT_GE(metrics.value("mailroom_last_success_timestamp_seconds", job),
            metrics.value("mailroom_run_start_timestamp_seconds", job));
  // Replaced whole: nothing but the file itself is left in the collector's folder.
  for (const auto& entry : std::filesystem::directory_iterator(m_textfile.path())) {
    EXPECT_EQ(entry.path().filename(), "mailroom.prom");
  }
}

// A slow server (2.5 s before each reply, six messages over acme's two connections: 7.5 s): the
// file is there as soon as the run holds its lock, and is rewritten while it runs.
TEST_F(RunMonitoring, TheMetricsFileIsWrittenAtTheStartAndEveryFewSecondsWhileTheRunGoesOn) {
  m_server = std::make_unique<SmtpServer>(m_server_folder.path(),
                                          std::vector<std::string>{"--reply-delay", "2.5"});
  m_job = std::make_unique<JobFixture>(m_server->url());
  std::vector<std::string> invoices;
  for (int index = 1; index <= 6; ++index) {
    invoices.push_back(
      make_invoice("2026-00000" + std::to_string(index), "acme", "kas@hoekje.example").dump());
  }
  m_job->write(invoices);
  const auto metrics_path = m_textfile / "mailroom.prom";
  TemporaryFolder output;
  BackgroundRun run(
    {"run", m_job->job_file().string(), "--progress", "none", "--metrics", metrics_path.string()},
    output.path());
  const std::map<std::string, std::string> job{{"mailroom_job", "test-job"}};
  const std::map<std::string, std::string> sent{{"mailroom_job", "test-job"}, {"outcome", "sent"}};
  bool started = false;
  bool rewritten = false;
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (run.wait(50ms) == -2 && std::chrono::steady_clock::now() < deadline) {
    if (!std::filesystem::exists(metrics_path)) {
      continue;
    }
    const auto metrics = parse_exposition(read_text(metrics_path));
    if (metrics.value("mailroom_run_finished", job) == 0) {
      started = true;
      rewritten = rewritten || metrics.value("mailroom_invoices_total", sent) > 0;
    }
  }
  ASSERT_EQ(run.wait(10s), 0) << run.err();
  EXPECT_TRUE(started);
  EXPECT_TRUE(rewritten) << "no write while the run went on";
  const auto metrics = parse_exposition(read_text(metrics_path));
  EXPECT_EQ(metrics.value("mailroom_run_finished", job), 1);
  EXPECT_EQ(metrics.value("mailroom_invoices_total", sent), 6);
}

TEST_F(RunMonitoring, AMetricsFolderThatIsNotThereRefusesTheJobBeforeAnythingIsSent) {
  start({});
  const auto missing = m_textfile / "not-there";
  const auto result = run_mailroom({"run", m_job->job_file().string(), "--progress", "none",
                                    "--metrics", (missing / "mailroom.prom").string()});
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_NE(result.err.find(missing.string() + " is not there"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("job refused"), std::string::npos) << result.err;
  EXPECT_FALSE(std::filesystem::exists(m_job->ledger()));
  EXPECT_TRUE(m_server->wait_for_messages(1, 1s).empty());
}

// Every line of stdout and stderr of a run, parsed: the stable keys on each; an invoice's keys on
// the line of the invoice not sent; the summary's counts.
void expect_json_log(const ProcessResult& result, const std::string& password) {
  static const std::regex iso_time(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
  EXPECT_EQ((result.out + result.err).find(password), std::string::npos);
  size_t lines = 0;
  for (const auto& line : lines_of(result.err + result.out)) {
    SCOPED_TRACE(line);
    nlohmann::json object;
    ASSERT_NO_THROW(object = nlohmann::json::parse(line));
    ASSERT_TRUE(object.is_object());
    ++lines;
    for (const auto* key : {"time", "level", "event", "message"}) {
      ASSERT_TRUE(object.contains(key) && object[key].is_string()) << key;
    }
    EXPECT_TRUE(std::regex_match(object["time"].get<std::string>(), iso_time));
    const auto level = object["level"].get<std::string>();
    EXPECT_TRUE(level == "info" || level == "warning" || level == "error") << level;
    ASSERT_TRUE(object.contains("job"));
  }
  EXPECT_GE(lines, 2u);
}

TEST_F(RunMonitoring, AJsonLogIsOneObjectALineWithStableKeysAndNoPassword) {
  const std::string password = "pw-Metrics-9xQ2wLk7";
  start({"--auth", "mailer:" + password});
  for (const auto* mailbox : {"acme", "northwind"}) {
    configure_mailbox(*m_job, mailbox,
                      "username_env = \"MAILROOM_TEST_USER\"\npassword_env = "
                      "\"MAILROOM_TEST_PASSWORD\"");
  }
  // --progress plain becomes JSON progress lines: a log shipper gets nothing but JSON.
  const std::vector<std::string> arguments{
    "run", m_job->job_file().string(), "--progress", "plain", "--log-format", "json"};
  const auto sent =
    run_mailroom(arguments, {"MAILROOM_TEST_USER=mailer", "MAILROOM_TEST_PASSWORD=" + password});
  ASSERT_EQ(sent.exit_code, 1) << sent.out << sent.err;
  expect_json_log(sent, password);
  bool saw_problem = false;
  for (const auto& line : lines_of(sent.err)) {
    const auto object = nlohmann::json::parse(line);
    EXPECT_EQ(object["job"], "test-job");
    if (object["event"] == "problem") {
      saw_problem = object["invoice"] == "2026-000003" && object["creditor"] == "acme" &&
                    object["status"] == "invalid_address";
    }
  }
  EXPECT_TRUE(saw_problem) << sent.err;
  const auto summary = nlohmann::json::parse(sent.out);
  EXPECT_EQ(summary["event"], "summary");
  EXPECT_EQ(summary["sent"], 3);
  EXPECT_EQ(summary["invalid_address"], 1);

  // A refused login: the refusal in JSON too, naming the failure, not the password.
  const std::string wrong = "pw-wrong-Metrics-4kD8";
  const auto refused =
    run_mailroom(arguments, {"MAILROOM_TEST_USER=mailer", "MAILROOM_TEST_PASSWORD=" + wrong});
  EXPECT_EQ(refused.exit_code, 2) << refused.out << refused.err;
  expect_json_log(refused, wrong);
  expect_json_log(refused, password);
  EXPECT_NE(refused.err.find("\"event\":\"refused\""), std::string::npos) << refused.err;

  // A job that cannot be read: its problems and the refusal in JSON too.
  const auto unreadable =
    run_mailroom({"run", (m_job->root() / "missing.toml").string(), "--log-format", "json"});
  EXPECT_EQ(unreadable.exit_code, 2) << unreadable.out << unreadable.err;
  expect_json_log(unreadable, password);
  EXPECT_NE(unreadable.err.find("missing.toml"), std::string::npos) << unreadable.err;
}

} // namespace
} // namespace mailroom::testing
