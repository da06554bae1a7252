#pragma once

#include <engine/job/invoice_reader.hpp>
#include <engine/mail/message.hpp>
#include <engine/pipeline/context.hpp>
#include <engine/pipeline/stop.hpp>
#include <engine/steps/journey.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <tests/pipeline/job_fixture.hpp>
#include <tests/steps/scripted_transport.hpp>
#include <tests/support/temporary_folder.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

// The job of tests/pipeline/job_fixture.hpp (acme and northwind), loaded in-process with a real
// ledger (SQLite) in a temporary folder and scripted transports in place of the mailboxes, so a
// test can take one invoice through any list of steps and read back what was recorded.

namespace mailroom::testing {

class StepsTest : public ::testing::Test {
protected:
  StepsTest()
    : m_job("maildir:" + (m_mail / "unused").string()) {}

  void TearDown() override { pipeline::clear_stop_request(); }

  // Loads the job (its invoice file holding `invoices`) with `options` and opens its ledger.
  pipeline::RunContext& load(const std::vector<nlohmann::json>& invoices = {},
                             const pipeline::RunOptions& options = {}) {
    std::vector<std::string> lines;
    for (const auto& invoice : invoices) {
      lines.push_back(invoice.dump());
    }
    m_job.write(lines);
    auto loaded = pipeline::load_context(m_job.job_file());
    for (const auto& problem : loaded.problems()) {
      ADD_FAILURE() << problem.to_string();
    }
    m_context = std::move(*loaded);
    m_context->options = options;
    if (auto opened = pipeline::open_ledger(*m_context); !opened) {
      ADD_FAILURE() << opened.error().to_string();
    }
    return *m_context;
  }

  // The mailbox `name` answers with `script`, trying each message at most `max_attempts` times
  // with backoffs of a millisecond or two.
  ScriptedTransport& script(const std::string& name, std::vector<transport::Outcome> answers,
                            unsigned max_attempts = 3) {
    auto transport = std::make_unique<ScriptedTransport>(std::move(answers));
    transport::RetryPolicy policy;
    policy.max_attempts = max_attempts;
    policy.retry_for = std::chrono::seconds(30);
    policy.backoff_base = std::chrono::milliseconds(1);
    policy.backoff_cap = std::chrono::milliseconds(2);
    transport->set_retry_policy(policy);
    auto& scripted = *transport;
    m_context->transports[name] = std::move(transport);
    return scripted;
  }

  // The record of `invoice` as the stream hands it to the steps: read from line `line`, parsed.
  pipeline::WorkItem item(const nlohmann::json& invoice, long line = 1) const {
    pipeline::WorkItem item;
    item.record =
      job::RawRecord{Location{(m_job.root() / "invoices.jsonl").string(), line}, invoice.dump()};
    item.parsed = job::parse_invoice(item.record, m_context->creditors);
    return item;
  }

  // Takes `invoice` through `steps`; returns its report entry.
  pipeline::WorkItem travel(const nlohmann::json& invoice, std::span<const steps::Step> steps,
                            long line = 1) {
    auto work = item(invoice, line);
    EXPECT_TRUE(work.usable()) << work.parsed.problems.size();
    steps::travel(*m_context, work, steps);
    return work;
  }

  std::optional<ledger::Entry> recorded(const std::string& number) const {
    auto found = m_context->ledger->find(m_context->job.name, number);
    EXPECT_TRUE(found) << found.error().to_string();
    return found ? *found : std::nullopt;
  }

  // The Message-ID of attempt `attempt` (of all runs) at sending `number` through acme's mailbox.
  static std::string acme_message_id(const std::string& number, int attempt) {
    return mail::make_message_id("test-job", number, attempt, "facturen@acme.example");
  }

  TemporaryFolder m_mail;
  JobFixture m_job;
  std::unique_ptr<pipeline::RunContext> m_context;
};

inline bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

} // namespace mailroom::testing
