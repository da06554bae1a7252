#include "run_metrics.hpp"

#include <engine/metrics/exposition.hpp>

#include <charconv>
#include <chrono>

namespace mailroom::metrics {

namespace {

using pipeline::InvoiceStatus;

constexpr std::array<InvoiceStatus, 7> k_statuses{
  InvoiceStatus::Sent,           InvoiceStatus::Skipped,     InvoiceStatus::Failed,
  InvoiceStatus::InvalidAddress, InvoiceStatus::Interrupted, InvoiceStatus::Unknown,
  InvoiceStatus::Prepared};

constexpr const char* k_last_success = "mailroom_last_success_timestamp_seconds";

double seconds_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

size_t index_of(InvoiceStatus status) {
  for (size_t index = 0; index < k_statuses.size(); ++index) {
    if (k_statuses[index] == status) {
      return index;
    }
  }
  return 2; // Failed: never reached, every status is in the list.
}

} // namespace

RunMetrics::RunMetrics(std::string job, std::optional<double> last_success)
  : m_job(std::move(job))
  , m_started(seconds_now())
  , m_last_success(last_success) {}

void RunMetrics::expect(size_t invoices) {
  m_expected = invoices;
}

void RunMetrics::settled(const pipeline::ReportEntry& entry) {
  ++m_outcomes[index_of(entry.status)];
  if (entry.render_milliseconds) {
    m_render_seconds.observe(*entry.render_milliseconds / 1000);
  }
  if (entry.send_seconds.empty()) {
    return;
  }
  std::lock_guard lock(m_mutex);
  auto& mailbox = m_mailboxes[entry.mailbox];
  for (const auto seconds : entry.send_seconds) {
    mailbox.send_seconds.observe(seconds);
  }
  mailbox.retries += entry.send_seconds.size() - 1;
}

void RunMetrics::went_through() {
  m_went_through = true;
}

void RunMetrics::mark_dry_run() {
  m_dry_run = true;
}

void RunMetrics::finish(int exit_code) {
  std::lock_guard lock(m_mutex);
  m_exit_code = exit_code;
  m_ended = seconds_now();
  if (!m_dry_run && (exit_code == 0 || (exit_code == 1 && m_went_through))) {
    m_last_success = m_ended;
  }
}

std::string RunMetrics::exposition() const {
  const Labels job{{"mailroom_job", m_job}};
  Exposition out;
  out.metric("mailroom_run_start_timestamp_seconds", MetricType::Gauge,
             "When the job's last run started, in seconds since the epoch.");
  out.sample("mailroom_run_start_timestamp_seconds", job, m_started);
  std::lock_guard lock(m_mutex);
  out.metric("mailroom_run_finished", MetricType::Gauge,
             "1 once the run has ended, 0 while it runs (or if it died).");
  out.sample("mailroom_run_finished", job, m_exit_code ? 1 : 0);
  if (m_exit_code) {
    out.metric("mailroom_run_end_timestamp_seconds", MetricType::Gauge,
               "When the job's last run ended, in seconds since the epoch.");
    out.sample("mailroom_run_end_timestamp_seconds", job, *m_ended);
    out.metric("mailroom_run_exit_code", MetricType::Gauge,
               "The last run's exit code: 0 every invoice sent, 1 some not sent, 2 refused.");
    out.sample("mailroom_run_exit_code", job, *m_exit_code);
  }
  if (m_last_success) {
    out.metric(k_last_success, MetricType::Gauge,
               "When a run last went through the whole job (exit code 0, or 1 for invoices of "
               "their own), in seconds since the epoch.");
    out.sample(k_last_success, job, *m_last_success);
  }
  out.metric("mailroom_invoices_expected", MetricType::Gauge,
             "The invoices the run set out to send (of its selection or limit).");
  out.sample("mailroom_invoices_expected", job, static_cast<double>(m_expected.load()));
  out.metric("mailroom_invoices_total", MetricType::Counter,
             "The run's invoices by outcome, as its report counts them.");
  for (size_t index = 0; index < k_statuses.size(); ++index) {
    out.sample(
      "mailroom_invoices_total",
      {{"mailroom_job", m_job}, {"outcome", std::string(pipeline::status_name(k_statuses[index]))}},
      static_cast<double>(m_outcomes[index].load()));
  }
  out.metric("mailroom_send_retries_total", MetricType::Counter,
             "Attempts to send an invoice after its first, per mailbox.");
  for (const auto& [name, mailbox] : m_mailboxes) {
    out.sample("mailroom_send_retries_total", {{"mailroom_job", m_job}, {"mailbox", name}},
               static_cast<double>(mailbox.retries));
  }
  out.metric("mailroom_send_duration_seconds", MetricType::Histogram,
             "How long each attempt to hand one message to its mailbox's server took.");
  for (const auto& [name, mailbox] : m_mailboxes) {
    out.histogram("mailroom_send_duration_seconds", {{"mailroom_job", m_job}, {"mailbox", name}},
                  mailbox.send_seconds.snapshot());
  }
  out.metric("mailroom_render_duration_seconds", MetricType::Histogram,
             "How long rendering each invoice's PDF took.");
  out.histogram("mailroom_render_duration_seconds", job, m_render_seconds.snapshot());
  return out.text();
}

std::optional<double> last_success_in(std::string_view text, std::string_view job) {
  const std::string start =
    std::string(k_last_success) + "{mailroom_job=\"" + escape_label_value(job) + "\"} ";
  size_t at = 0;
  while (at < text.size()) {
    const size_t end = std::min(text.find('\n', at), text.size());
    const auto line = text.substr(at, end - at);
    at = end + 1;
    if (!line.starts_with(start)) {
      continue;
    }
    double value = 0;
    const auto number = line.substr(start.size());
    const auto parsed = std::from_chars(number.data(), number.data() + number.size(), value);
    if (parsed.ec == std::errc() && parsed.ptr == number.data() + number.size()) {
      return value;
    }
  }
  return std::nullopt;
}

} // namespace mailroom::metrics
