#include "context.hpp"

#include <engine/job/job_file.hpp>
#include <engine/pipeline/shared_mailbox.hpp>
#include <engine/pipeline/stop.hpp>
#include <engine/transport/shared_pacer.hpp>
#include <engine/util/log.hpp>

#include <cstdlib>
#include <set>

namespace mailroom::pipeline {

render::Letterhead RunContext::letterhead_for(const job::Creditor& creditor) const {
  bool use = false;
  switch (options.letterhead) {
    case LetterheadChoice::JobDefault:
      use = job.letterhead.value_or(creditor.use_letterhead);
      break;
    case LetterheadChoice::Include:
      use = true;
      break;
    case LetterheadChoice::Omit:
      use = false;
      break;
  }
  return use && !creditor.letterhead.empty() ? render::Letterhead::Include
                                             : render::Letterhead::Omit;
}

transport::Transport* RunContext::transport_for(const job::Creditor& creditor) {
  const auto found =
    transports.find(job.transport ? std::string(k_job_transport) : creditor.mailbox);
  return found == transports.end() ? nullptr : found->second.get();
}

void RunContext::notice_once(const std::string& key, const std::string& message) {
  {
    const std::lock_guard lock(m_notice_mutex);
    if (!m_noticed.insert(key).second) {
      return;
    }
  }
  if (notice) {
    notice(message);
  }
}

Checked<std::unique_ptr<RunContext>> load_context(const std::filesystem::path& job_file,
                                                  LetterheadChoice letterheads) {
  auto job = job::load_job(job_file);
  if (!job) {
    return job.problems();
  }
  auto context = std::make_unique<RunContext>();
  context->job = std::move(*job);
  // The letterheads verified below are those the run will draw on: with Include, also those the
  // job file or the creditors file turned off.
  context->options.letterhead = letterheads;
  std::vector<Error> problems;
  for (const auto& file : context->job.invoice_files) {
    if (!std::filesystem::is_regular_file(file)) {
      problems.push_back(make_error("invoice file does not exist", Location{file.string()}));
    }
  }
  auto creditors = job::load_creditors(context->job.creditors_file);
  if (!creditors) {
    problems.insert(problems.end(), creditors.problems().begin(), creditors.problems().end());
    return problems;
  }
  context->creditors = std::move(*creditors);
  for (const auto& [id, creditor] : context->creditors.by_id) {
    auto templates = mail::TemplateSet::load(creditor.email_template);
    if (!templates) {
      problems.push_back(templates.error());
    } else {
      context->templates.emplace(id, std::move(*templates));
    }
    auto& levels = context->reminder_templates[id];
    for (const auto& level : creditor.reminders) {
      auto reminder = mail::TemplateSet::load(level.email_template, mail::TemplateKind::Reminder);
      if (!reminder) {
        problems.push_back(reminder.error());
      } else {
        levels.push_back(std::move(*reminder));
      }
    }
    if (context->letterhead_for(creditor) == render::Letterhead::Include) {
      if (auto verified = render::verify_letterhead(creditor.letterhead); !verified) {
        problems.push_back(verified.error());
      }
    }
  }
  if (!problems.empty()) {
    return problems;
  }
  return context;
}

Result<transport::Settings> transport_settings(const job::Mailbox& mailbox) {
  transport::Settings settings;
  settings.name = mailbox.name;
  switch (mailbox.kind) {
    case job::MailboxKind::Maildir:
      settings.url = "maildir:" + mailbox.maildir.string();
      break;
    case job::MailboxKind::Smtp:
    case job::MailboxKind::Smtps: {
      const bool bracket = mailbox.host.find(':') != std::string::npos;
      settings.url = std::string(mailbox.kind == job::MailboxKind::Smtp ? "smtp://" : "smtps://") +
                     (bracket ? "[" + mailbox.host + "]" : mailbox.host) + ":" +
                     std::to_string(mailbox.port);
      break;
    }
  }
  switch (mailbox.starttls) {
    case job::StartTls::Required:
      settings.starttls = transport::StartTls::Required;
      break;
    case job::StartTls::Opportunistic:
      settings.starttls = transport::StartTls::Opportunistic;
      break;
    case job::StartTls::Off:
      settings.starttls = transport::StartTls::Off;
      break;
  }
  settings.connections = mailbox.connections;
  settings.ca_file = mailbox.ca_file;
  settings.connect_timeout = std::chrono::seconds(mailbox.connect_timeout_seconds);
  settings.command_timeout = std::chrono::seconds(mailbox.command_timeout_seconds);
  settings.data_timeout = std::chrono::seconds(mailbox.data_timeout_seconds);
  settings.retry.max_attempts = mailbox.max_attempts;
  settings.retry.retry_for = std::chrono::seconds(mailbox.retry_for_seconds);
  settings.retry.backoff_base = std::chrono::milliseconds(mailbox.retry_backoff_milliseconds);
  if (mailbox.rate) {
    settings.pacing.rate =
      transport::Rate{mailbox.rate->messages, std::chrono::seconds(mailbox.rate->period_seconds)};
  }
  settings.pacing.max_per_run = mailbox.max_per_run;
  const auto from_environment = [&](const std::string& variable,
                                    std::string_view key) -> Result<std::string> {
    if (variable.empty()) {
      return std::string();
    }
    const char* value = std::getenv(variable.c_str());
    if (value == nullptr) {
      return make_error("mailbox \"" + mailbox.name + "\": environment variable " + variable +
                        " (named by " + std::string(key) + ") is not set");
    }
    return std::string(value);
  };
  settings.username = TRY(from_environment(mailbox.username_env, "username_env"));
  settings.password = TRY(from_environment(mailbox.password_env, "password_env"));
  return settings;
}

Status open_ledger(RunContext& context) {
  std::error_code error;
  const auto& file = context.job.ledger.file;
  if (context.job.ledger.backend == ledger::Backend::Sqlite && file.has_parent_path()) {
    std::filesystem::create_directories(file.parent_path(), error);
  }
  if (error) {
    return make_error("cannot create the ledger's folder: " + error.message(),
                      Location{file.parent_path().string()});
  }
  context.ledger = TRY(ledger::Ledger::open(context.job.ledger));
  return Ok{};
}

namespace {

// Whether other runs may send through the same mailboxes at once: a sharded run, or one on a
// ledger several workers share (PostgreSQL). Their paced mailboxes keep one schedule in the
// ledger (transport/shared_pacer.hpp).
bool shares_the_schedule(const RunContext& context) {
  return context.ledger != nullptr &&
         (context.options.shard || context.job.ledger.backend == ledger::Backend::Postgresql);
}

} // namespace

Status open_transports(RunContext& context, const std::set<std::string>& creditors_in_use) {
  std::vector<std::pair<std::string, job::Mailbox>> wanted;
  if (context.job.transport) {
    job::Mailbox redirect;
    redirect.name = "job transport";
    TRY(job::parse_mailbox_url(*context.job.transport, context.job.path, redirect));
    redirect.starttls = job::StartTls::Opportunistic;
    wanted.emplace_back(RunContext::k_job_transport, redirect);
  } else {
    std::set<std::string> used;
    for (const auto& id : creditors_in_use) {
      // An unknown creditor's invoices fail validation and send nothing.
      if (const job::Creditor* creditor = context.creditors.find(id)) {
        used.insert(creditor->mailbox);
      }
    }
    for (const auto& name : used) {
      wanted.emplace_back(name, context.creditors.mailboxes.at(name));
    }
  }
  for (auto& [key, mailbox] : wanted) {
    auto settings = TRY(transport_settings(mailbox));
    auto transport = TRY(transport::open_transport(settings));
    // An unreachable mailbox refuses the job before anything is marked as sending.
    TRY(transport->check());
    // Every mailbox has a pacer: one without a rate is paced once its server says it sends too
    // fast. The job's own transport (a test redirect) is not the hosted mailbox whose limits
    // the creditors file names, and keeps none of them.
    const auto sleep = [](std::chrono::steady_clock::duration duration) {
      return sleep_unless_stopped(std::chrono::ceil<std::chrono::milliseconds>(duration));
    };
    const auto limits =
      key == RunContext::k_job_transport ? transport::PacerLimits{} : settings.pacing;
    auto own = std::make_unique<transport::InProcessPacer>(
      mailbox.name, limits, [] { return std::chrono::steady_clock::now(); }, sleep);
    const bool shares_the_count = context.options.run_id.has_value() && limits.max_per_run;
    if (shares_the_schedule(context) && (limits.rate || shares_the_count)) {
      // Several workers send through this mailbox: its schedule, its slow-downs and, with a run
      // id, its max_per_run count are in the ledger they share.
      transport->set_pacer(std::make_unique<transport::SharedPacer>(
        std::move(own), mailbox.name,
        std::make_unique<LedgerSharedMailbox>(*context.ledger, mailbox.name,
                                              context.options.run_id),
        shares_the_count ? transport::RunCount::SharedByRun : transport::RunCount::EachWorker,
        [] { return std::chrono::system_clock::now(); }, sleep,
        [&context](const std::string& message) {
          if (context.notice) {
            context.notice(message);
          }
        }));
    } else {
      transport->set_pacer(std::move(own));
    }
    if (context.options.shard && limits.max_per_run && !context.options.run_id) {
      log::write(log::warning("pacing", "mailbox \"" + mailbox.name + "\": max_per_run " +
                                          std::to_string(*limits.max_per_run) +
                                          " counts this worker's messages only; give the workers "
                                          "of one run the same --run-id to count them together"));
    }
    context.transports.emplace(key, std::move(transport));
  }
  return Ok{};
}

void close_transports(RunContext& context) {
  for (auto& [name, transport] : context.transports) {
    transport->close();
  }
}

} // namespace mailroom::pipeline
