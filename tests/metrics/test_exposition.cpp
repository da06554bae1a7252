#include <engine/metrics/exposition.hpp>
#include <engine/metrics/run_metrics.hpp>

#include <gtest/gtest.h>
#include <tests/metrics/exposition_check.hpp>

#include <cmath>

namespace mailroom::metrics {
namespace {

using testing::parse_exposition;

TEST(Exposition, ValuesAreTheShortestDecimalThatReadsBackAndInfinityIsSpelledAsPrometheusDoes) {
  EXPECT_EQ(format_value(0.25), "0.25");
  EXPECT_EQ(format_value(3), "3");
  EXPECT_EQ(format_value(0.1), "0.1");
  EXPECT_EQ(format_value(1765121973.123), "1765121973.123");
  EXPECT_EQ(format_value(INFINITY), "+Inf");
  EXPECT_EQ(format_value(-INFINITY), "-Inf");
  EXPECT_EQ(format_value(NAN), "NaN");
}

TEST(Exposition, LabelValuesEscapeBackslashQuoteAndNewline) {
  EXPECT_EQ(escape_label_value("a\\b\"c\nd"), "a\\\\b\\\"c\\nd");
  Exposition out;
  out.metric("mailroom_test_total", MetricType::Counter, "A help\nwith a newline and a \\.");
  out.sample("mailroom_test_total", {{"mailroom_job", "odd \"job\"\\\n"}}, 1);
  const auto parsed = parse_exposition(out.text());
  EXPECT_EQ(parsed.value("mailroom_test_total", {{"mailroom_job", "odd \"job\"\\\n"}}), 1);
  EXPECT_EQ(parsed.helps.at("mailroom_test_total"), "A help\\nwith a newline and a \\\\.");
}

TEST(Exposition, AHistogramHasCumulativeBucketsEndingInPlusInfEqualToItsCount) {
  Histogram histogram({0.5, 1});
  histogram.observe(0.2);
  histogram.observe(0.7);
  histogram.observe(4);
  Exposition out;
  out.metric("mailroom_test_seconds", MetricType::Histogram, "Test.");
  out.histogram("mailroom_test_seconds", {{"mailroom_job", "j"}}, histogram.snapshot());
  EXPECT_EQ(out.text(), "# HELP mailroom_test_seconds Test.\n"
                        "# TYPE mailroom_test_seconds histogram\n"
                        "mailroom_test_seconds_bucket{mailroom_job=\"j\",le=\"0.5\"} 1\n"
                        "mailroom_test_seconds_bucket{mailroom_job=\"j\",le=\"1\"} 2\n"
                        "mailroom_test_seconds_bucket{mailroom_job=\"j\",le=\"+Inf\"} 3\n"
                        "mailroom_test_seconds_sum{mailroom_job=\"j\"} 4.9\n"
                        "mailroom_test_seconds_count{mailroom_job=\"j\"} 3\n");
  EXPECT_NO_THROW(parse_exposition(out.text()));
}

TEST(Exposition, AMetricStartedTwiceIsAProgrammingError) {
  Exposition out;
  out.metric("mailroom_x", MetricType::Gauge, "X.");
  EXPECT_THROW(out.metric("mailroom_x", MetricType::Gauge, "X."), std::logic_error);
}

// The checker itself refuses what Prometheus refuses: so a pass above means something.
TEST(ExpositionCheck, RefusesWhatPrometheusRefuses) {
  const char* bad[] = {
    "mailroom_a 1\n",                                                   // No TYPE.
    "# TYPE mailroom_a gauge\nmailroom_a{job=\"x} 1\n",                 // Unclosed quote.
    "# TYPE mailroom_a gauge\nmailroom_a 1\nmailroom_a 2\n",            // A series twice.
    "# TYPE mailroom_a gauge\n# TYPE mailroom_a gauge\nmailroom_a 1\n", // TYPE twice.
    "# TYPE mailroom_a gauge\nmailroom_a one\n",                        // Not a number.
    "# TYPE mailroom_a gauge\nmailroom_a 1",                            // No last newline.
    "# TYPE mailroom_a gauge\n# TYPE mailroom_b gauge\nmailroom_b 1\nmailroom_a 1\n", // Apart.
    "# TYPE mailroom_h histogram\nmailroom_h_bucket{le=\"1\"} 2\nmailroom_h_bucket{le=\"+Inf\"} "
    "1\nmailroom_h_sum 1\nmailroom_h_count 1\n", // Not cumulative.
    "# TYPE mailroom_h histogram\nmailroom_h_bucket{le=\"1\"} 1\nmailroom_h_bucket{le=\"+Inf\"} "
    "2\nmailroom_h_sum 1\nmailroom_h_count 3\n", // +Inf is not _count.
    "# TYPE mailroom_h histogram\nmailroom_h_bucket{le=\"1\"} 1\nmailroom_h_sum 1\n"
    "mailroom_h_count 1\n", // No +Inf.
  };
  for (const auto* text : bad) {
    EXPECT_THROW(parse_exposition(text), std::runtime_error) << text;
  }
}

pipeline::ReportEntry entry(pipeline::InvoiceStatus status, std::string mailbox,
                            std::vector<double> send_seconds, std::optional<double> render_ms) {
  pipeline::ReportEntry result;
  result.status = status;
  result.mailbox = std::move(mailbox);
  result.send_seconds = std::move(send_seconds);
  result.render_milliseconds = render_ms;
  return result;
}

TEST(RunMetrics, CountsOutcomesRetriesAndTimesPerMailbox) {
  RunMetrics metrics("nightly", std::nullopt);
  metrics.expect(4);
  metrics.settled(entry(pipeline::InvoiceStatus::Sent, "acme", {0.02}, 12));
  metrics.settled(entry(pipeline::InvoiceStatus::Sent, "acme", {0.3, 0.04, 0.03}, 30));
  metrics.settled(entry(pipeline::InvoiceStatus::Unknown, "northwind", {12}, 8));
  metrics.settled(entry(pipeline::InvoiceStatus::InvalidAddress, "", {}, std::nullopt));
  const auto parsed = parse_exposition(metrics.exposition());
  const std::string total = "mailroom_invoices_total";
  EXPECT_EQ(parsed.value(total, {{"mailroom_job", "nightly"}, {"outcome", "sent"}}), 2);
  EXPECT_EQ(parsed.value(total, {{"mailroom_job", "nightly"}, {"outcome", "unknown"}}), 1);
  EXPECT_EQ(parsed.value(total, {{"mailroom_job", "nightly"}, {"outcome", "invalid_address"}}), 1);
  EXPECT_EQ(parsed.value(total, {{"mailroom_job", "nightly"}, {"outcome", "failed"}}), 0);
  EXPECT_EQ(parsed.value("mailroom_invoices_expected", {{"mailroom_job", "nightly"}}), 4);
  EXPECT_EQ(
    parsed.value("mailroom_send_retries_total", {{"mailroom_job", "nightly"}, {"mailbox", "acme"}}),
    2);
  EXPECT_EQ(parsed.value("mailroom_send_retries_total",
                         {{"mailroom_job", "nightly"}, {"mailbox", "northwind"}}),
            0);
  EXPECT_EQ(parsed.value("mailroom_send_duration_seconds_count",
                         {{"mailroom_job", "nightly"}, {"mailbox", "acme"}}),
            4);
  EXPECT_EQ(parsed.value("mailroom_send_duration_seconds_bucket",
                         {{"mailroom_job", "nightly"}, {"mailbox", "northwind"}, {"le", "10"}}),
            0);
  EXPECT_EQ(parsed.value("mailroom_render_duration_seconds_count", {{"mailroom_job", "nightly"}}),
            3);
  EXPECT_EQ(parsed.value("mailroom_render_duration_seconds_bucket",
                         {{"mailroom_job", "nightly"}, {"le", "0.01"}}),
            1);
  EXPECT_EQ(parsed.value("mailroom_run_finished", {{"mailroom_job", "nightly"}}), 0);
  EXPECT_FALSE(parsed.has("mailroom_run_exit_code"));
  EXPECT_FALSE(parsed.has("mailroom_last_success_timestamp_seconds"));
  for (const auto& [name, type] : parsed.types) {
    EXPECT_TRUE(name.starts_with("mailroom_")) << name;
    EXPECT_EQ(type == "counter", name.ends_with("_total")) << name;
  }
}

TEST(RunMetrics, ARunThatWentThroughTheJobSucceedsEvenWithInvoicesNotSent) {
  RunMetrics metrics("nightly", 1000);
  metrics.went_through();
  metrics.finish(1);
  const auto parsed = parse_exposition(metrics.exposition());
  EXPECT_EQ(parsed.value("mailroom_run_exit_code", {{"mailroom_job", "nightly"}}), 1);
  EXPECT_EQ(parsed.value("mailroom_run_finished", {{"mailroom_job", "nightly"}}), 1);
  EXPECT_GT(parsed.value("mailroom_last_success_timestamp_seconds", {{"mailroom_job", "nightly"}}),
            1e9);
}

TEST(RunMetrics, ARefusedOrCutShortRunKeepsTheLastSuccess) {
  for (const int exit_code : {1, 2}) {
    RunMetrics metrics("nightly", 1000);
    metrics.finish(exit_code); // Never went through the job.
    const auto parsed = parse_exposition(metrics.exposition());
    EXPECT_EQ(parsed.value("mailroom_run_exit_code", {{"mailroom_job", "nightly"}}), exit_code);
    EXPECT_EQ(
      parsed.value("mailroom_last_success_timestamp_seconds", {{"mailroom_job", "nightly"}}), 1000);
  }
}

TEST(RunMetrics, ADryRunIsNoSuccess) {
  RunMetrics metrics("nightly", 1000);
  metrics.mark_dry_run();
  metrics.went_through();
  metrics.finish(0);
  const auto parsed = parse_exposition(metrics.exposition());
  EXPECT_EQ(parsed.value("mailroom_last_success_timestamp_seconds", {{"mailroom_job", "nightly"}}),
            1000);
}

TEST(RunMetrics, TheLastSuccessIsReadBackFromTheLastRunsFileForItsOwnJobOnly) {
  RunMetrics metrics("job \"a\"", 1234.5);
  const auto text = metrics.exposition();
  EXPECT_EQ(last_success_in(text, "job \"a\""), 1234.5);
  EXPECT_EQ(last_success_in(text, "job b"), std::nullopt);
  EXPECT_EQ(last_success_in("", "job \"a\""), std::nullopt);
  EXPECT_EQ(last_success_in("mailroom_last_success_timestamp_seconds{job=\"x\"} soon\n", "x"),
            std::nullopt);
}

} // namespace
} // namespace mailroom::metrics
