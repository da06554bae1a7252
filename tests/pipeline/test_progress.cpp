#include <engine/pipeline/progress.hpp>
#include <engine/transport/send_pacer.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace mailroom::pipeline {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// A temporary file the display writes to; not a terminal, so Automatic means Plain.
struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

File temporary_file() {
  File file(std::tmpfile());
  EXPECT_NE(file, nullptr);
  return file;
}

std::string contents_of(std::FILE* file) {
  std::fflush(file);
  std::rewind(file);
  std::string contents;
  char buffer[4096];
  size_t count = 0;
  while ((count = std::fread(buffer, 1, sizeof buffer, file)) > 0) {
    contents.append(buffer, count);
  }
  return contents;
}

// What another program reading the output sees now: the file's bytes, past stdio's buffer.
std::string visible_in(std::FILE* file) {
  std::string contents;
  char buffer[4096];
  off_t offset = 0;
  ssize_t count = 0;
  while ((count = ::pread(::fileno(file), buffer, sizeof buffer, offset)) > 0) {
    contents.append(buffer, static_cast<size_t>(count));
    offset += count;
  }
  return contents;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  std::string line;
  while (std::getline(stream, line)) {
    lines.push_back(line);
  }
  return lines;
}

// Half of a job of 100 done: 40 sent, 5 skipped, 3 failed, 2 without a valid address.
void half_done(Counters& counters) {
  counters.total = 100;
  for (int index = 0; index < 40; ++index) {
    counters.count(InvoiceStatus::Sent);
  }
  for (int index = 0; index < 5; ++index) {
    counters.count(InvoiceStatus::Skipped);
  }
  for (int index = 0; index < 3; ++index) {
    counters.count(InvoiceStatus::Failed);
  }
  for (int index = 0; index < 2; ++index) {
    counters.count(InvoiceStatus::InvalidAddress);
  }
}

// The line functions are computed from the counters and a time we pass in; a display of style
// None starts its clock without a thread, so the lines can be read at chosen moments. The moment
// is taken just before start(), so "ten seconds later" is ten seconds minus microseconds.
class ProgressLines : public ::testing::Test {
protected:
  File m_file = temporary_file();
  Counters m_counters;
  ProgressDisplay m_display{ProgressStyle::None, m_counters, m_file.get()};
  Clock::time_point m_started;

  void start() {
    m_started = Clock::now();
    m_display.start("test-job");
  }
};

TEST_F(ProgressLines, PlainLineShowsCountsRateAndEta) {
  half_done(m_counters);
  start();
  EXPECT_EQ(m_display.plain_line(m_started + 10s),
            "mailroom: test-job: 50/100 done (40 sent, 5 skipped, 3 failed, 2 invalid address), "
            "5.0/s, ETA 0:10");
}

TEST_F(ProgressLines, PlainLineHasNoEtaOnceDone) {
  m_counters.total = 2;
  m_counters.count(InvoiceStatus::Sent);
  m_counters.count(InvoiceStatus::Sent);
  start();
  const auto line = m_display.plain_line(m_started + 4s);
  EXPECT_EQ(line, "mailroom: test-job: 2/2 done (2 sent, 0 skipped, 0 failed, 0 invalid address), "
                  "0.5/s");
  EXPECT_EQ(line.find("ETA"), std::string::npos);
}

TEST_F(ProgressLines, NoEtaBeforeTheFirstInvoiceIsDone) {
  m_counters.total = 10;
  start();
  EXPECT_EQ(m_display.plain_line(m_started + 3s).find("ETA"), std::string::npos);
  EXPECT_EQ(m_display.bar_line(m_started + 3s).find("ETA"), std::string::npos);
  EXPECT_NE(m_display.bar_line(m_started + 3s).find("0/10  0.0/s"), std::string::npos);
}

TEST_F(ProgressLines, LongEtasShowHours) {
  m_counters.total = 100000;
  for (int index = 0; index < 1000; ++index) {
    m_counters.count(InvoiceStatus::Sent);
  }
  start();
  // 10 a second; 99,000 to go: 9,900 seconds.
  const auto line = m_display.plain_line(m_started + 100s);
  EXPECT_NE(line.find("1,000/100,000 done"), std::string::npos) << line;
  EXPECT_NE(line.find("10.0/s, ETA 2:45:00"), std::string::npos) << line;
}

TEST_F(ProgressLines, TheEtaWaitsForWhatAPacedMailboxStillHasToSend) {
  // Half of the job done in a second, but 50 invoices of a 30/minute mailbox held back: 100 s.
  m_counters.total = 100;
  for (int index = 0; index < 50; ++index) {
    m_counters.count(InvoiceStatus::Sent);
  }
  transport::InProcessPacer pacer(
    "office", {transport::Rate{30, std::chrono::seconds(60)}, std::nullopt},
    [] { return std::chrono::steady_clock::time_point(std::chrono::hours(1)); },
    [](std::chrono::steady_clock::duration) { return true; });
  EXPECT_EQ(pacer.take_turn(transport::WhenPaced::HoldBack), transport::Turn::Taken);
  for (int index = 0; index < 50; ++index) {
    EXPECT_EQ(pacer.take_turn(transport::WhenPaced::HoldBack), transport::Turn::HeldBack);
  }
  m_display.set_paced_estimate([&pacer] { return pacer.seconds_left(); });
  start();
  EXPECT_NE(m_display.plain_line(m_started + 1s).find("50.0/s, ETA 1:40"), std::string::npos)
    << m_display.plain_line(m_started + 1s);
  EXPECT_NE(m_display.bar_line(m_started + 1s).find("ETA 1:40"), std::string::npos);
  // Nothing held back: the rate so far decides.
  m_display.set_paced_estimate([] { return std::optional<double>(); });
  EXPECT_NE(m_display.plain_line(m_started + 1s).find("ETA 0:01"), std::string::npos);
}

TEST_F(ProgressLines, BarLineShowsProgressRateEtaAndWhatWasNotSent) {
  half_done(m_counters);
  start();
  EXPECT_EQ(m_display.bar_line(m_started + 10s),
            "[###############---------------] 50/100  5.0/s  ETA 0:10  5 not sent");
}

TEST_F(ProgressLines, BarLineIsFullAndQuietWhenEverythingWentOut) {
  m_counters.total = 4;
  for (int index = 0; index < 4; ++index) {
    m_counters.count(InvoiceStatus::Sent);
  }
  start();
  const auto line = m_display.bar_line(m_started + 2s);
  EXPECT_EQ(line, "[##############################] 4/4  2.0/s");
  EXPECT_EQ(line.find("not sent"), std::string::npos);
}

TEST_F(ProgressLines, JsonLineHasEveryCount) {
  half_done(m_counters);
  start();
  const auto object = nlohmann::json::parse(m_display.json_line(m_started + 10s));
  EXPECT_EQ(object["event"], "progress");
  EXPECT_EQ(object["job"], "test-job");
  EXPECT_EQ(object["done"], 50);
  EXPECT_EQ(object["total"], 100);
  EXPECT_EQ(object["sent"], 40);
  EXPECT_EQ(object["skipped"], 5);
  EXPECT_EQ(object["failed"], 3);
  EXPECT_EQ(object["invalid_address"], 2);
  EXPECT_DOUBLE_EQ(object["rate_per_second"].get<double>(), 5.0);
  EXPECT_DOUBLE_EQ(object["elapsed_seconds"].get<double>(), 10.0);
}

TEST_F(ProgressLines, TotalIsNeverBelowDone) {
  // The total is counted before the run; a job file that grew meanwhile must not show 7/5.
  m_counters.total = 5;
  for (int index = 0; index < 7; ++index) {
    m_counters.count(InvoiceStatus::Sent);
  }
  start();
  EXPECT_NE(m_display.plain_line(m_started + 1s).find(" 7/7 done"), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(m_display.json_line(m_started + 1s))["total"], 7);
}

TEST(ResolveProgressStyle, AutomaticIsPlainWhenTheOutputIsNotATerminal) {
  const auto file = temporary_file();
  EXPECT_EQ(resolve_progress_style(ProgressStyle::Automatic, file.get()), ProgressStyle::Plain);
  Counters counters;
  const ProgressDisplay display(ProgressStyle::Automatic, counters, file.get());
  EXPECT_EQ(display.style(), ProgressStyle::Plain);
}

TEST(ResolveProgressStyle, AnExplicitStyleIsKept) {
  const auto file = temporary_file();
  for (const auto style :
       {ProgressStyle::Bar, ProgressStyle::Plain, ProgressStyle::Json, ProgressStyle::None}) {
    EXPECT_EQ(resolve_progress_style(style, file.get()), style);
  }
}

TEST(ProgressDisplay, JsonWritesOneObjectPerLineEndingWithTheFinalState) {
  const auto file = temporary_file();
  Counters counters;
  counters.total = 3;
  {
    ProgressDisplay display(ProgressStyle::Json, counters, file.get());
    display.start("json-job");
    counters.count(InvoiceStatus::Sent);
    counters.count(InvoiceStatus::Failed);
    display.note("2026-000002: failed: \"rendering\" went wrong");
    counters.count(InvoiceStatus::Sent);
    display.finish();
  }
  const auto lines = lines_of(contents_of(file.get()));
  ASSERT_GE(lines.size(), 2u);
  bool problem_seen = false;
  for (const auto& line : lines) {
    const auto object = nlohmann::json::parse(line);
    ASSERT_TRUE(object.contains("event")) << line;
    if (object["event"] == "problem") {
      problem_seen = true;
      EXPECT_EQ(object["job"], "json-job");
      EXPECT_EQ(object["message"], "2026-000002: failed: \"rendering\" went wrong");
    } else {
      EXPECT_EQ(object["event"], "progress") << line;
    }
  }
  EXPECT_TRUE(problem_seen);
  const auto last = nlohmann::json::parse(lines.back());
  EXPECT_EQ(last["event"], "progress");
  EXPECT_EQ(last["job"], "json-job");
  EXPECT_EQ(last["done"], 3);
  EXPECT_EQ(last["total"], 3);
  EXPECT_EQ(last["sent"], 2);
  EXPECT_EQ(last["failed"], 1);
}

TEST(ProgressDisplay, PlainWritesItsNotesAndAFinalLine) {
  const auto file = temporary_file();
  Counters counters;
  counters.total = 1;
  {
    ProgressDisplay display(ProgressStyle::Plain, counters, file.get());
    display.start("plain-job");
    display.note("2026-000001: invalid_address: the debtor has no email address");
    counters.count(InvoiceStatus::InvalidAddress);
    display.finish();
  }
  const auto lines = lines_of(contents_of(file.get()));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "mailroom: 2026-000001: invalid_address: the debtor has no email address");
  EXPECT_EQ(lines[1].rfind("mailroom: plain-job: 1/1 done (0 sent, 0 skipped, 0 failed, "
                           "1 invalid address), ",
                           0),
            0u)
    << lines[1];
}

// A failure is shown when it happens, not with the next progress line seconds later.
TEST(ProgressDisplay, PlainNotesReachTheOutputAtOnce) {
  const auto file = temporary_file();
  Counters counters;
  ProgressDisplay display(ProgressStyle::Plain, counters, file.get());
  display.start("plain-job");
  display.note("2026-000001: failed: rendering");
  EXPECT_NE(visible_in(file.get()).find("2026-000001: failed: rendering"), std::string::npos);
  display.finish();
}

TEST(ProgressDisplay, JsonNotesReachTheOutputAtOnce) {
  const auto file = temporary_file();
  Counters counters;
  ProgressDisplay display(ProgressStyle::Json, counters, file.get());
  display.start("json-job");
  display.note("2026-000001: failed: rendering");
  EXPECT_NE(visible_in(file.get()).find("\"event\":\"problem\""), std::string::npos);
  display.finish();
}

TEST(ProgressDisplay, TheBarEndsWithItsLastStateOnALineOfItsOwn) {
  const auto file = temporary_file();
  Counters counters;
  counters.total = 1;
  {
    ProgressDisplay display(ProgressStyle::Bar, counters, file.get());
    display.start("bar-job");
    counters.count(InvoiceStatus::Sent);
    // Destroying a started display finishes it.
  }
  const auto output = contents_of(file.get());
  ASSERT_FALSE(output.empty());
  EXPECT_EQ(output.back(), '\n');
  const auto last_redraw = output.rfind('\r');
  ASSERT_NE(last_redraw, std::string::npos);
  EXPECT_EQ(output.substr(last_redraw, 37), "\r[##############################] 1/1");
}

TEST(ProgressDisplay, NoneWritesNothing) {
  const auto file = temporary_file();
  Counters counters;
  counters.total = 1;
  {
    ProgressDisplay display(ProgressStyle::None, counters, file.get());
    display.start("quiet-job");
    counters.count(InvoiceStatus::Sent);
    display.finish();
  }
  EXPECT_EQ(contents_of(file.get()), "");
}

} // namespace
} // namespace mailroom::pipeline
