#pragma once

#include <engine/job/model.hpp>
#include <engine/ledger/ledger.hpp>
#include <engine/mail/templates.hpp>
#include <engine/pipeline/archive_sync.hpp>
#include <engine/pipeline/options.hpp>
#include <engine/pipeline/outcome.hpp>
#include <engine/render/renderer.hpp>
#include <engine/transport/transport.hpp>
#include <engine/util/result.hpp>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace mailroom::pipeline {

// Everything a run works with, loaded and checked before the first invoice is read.
struct RunContext {
  job::Job job;
  job::Creditors creditors;
  RunOptions options; // Of `run` and `render`; its letterhead choice is the one loaded with.
  std::map<std::string, mail::TemplateSet> templates; // By creditor id.
  // By creditor id, one per reminder level: element i is level i + 1 of the creditor's
  // `reminders`, loaded as mail::TemplateKind::Reminder. Every creditor has an entry, empty when
  // it sends no reminders.
  std::map<std::string, std::vector<mail::TemplateSet>> reminder_templates;
  // By mailbox name; when the job redirects all mail, a single entry under k_job_transport.
  std::map<std::string, std::unique_ptr<transport::Transport>> transports;
  std::unique_ptr<ledger::Ledger> ledger;
  // `run` syncs the archive in groups through this one (after the ledger: it goes first); without
  // it (`remind`), each PDF is synced before its mail goes out.
  std::unique_ptr<ArchiveSync> archive_sync;
  // The dry runs and `validate` read the ledger through this one and never write it (`ledger` is
  // then null, so that nothing is recorded).
  ledger::Ledger* read_only_ledger = nullptr;
  Counters counters;
  // Says something about the run as a whole on its output, beside the progress display (a mailbox
  // slowed down, say); set by the command while its invoices travel. Thread-safe.
  std::function<void(const std::string&)> notice;
  // The notice, once per `key` in the run.
  void notice_once(const std::string& key, const std::string& message);
  std::filesystem::path render_folder; // For `mailroom render`.

  static constexpr const char* k_job_transport = "";

private:
  std::mutex m_notice_mutex;
  std::set<std::string> m_noticed;

public:
  render::Letterhead letterhead_for(const job::Creditor& creditor) const;
  // Null when the run did not open it: its first look at the job found no invoice of this
  // creditor (the invoice file changed during the run).
  transport::Transport* transport_for(const job::Creditor& creditor);
};

enum class Loading { StopAtFirstProblem, CollectEveryProblem };

// Reads the job file, its creditors, every creditor's templates (its invoices' and those of each of
// its reminder levels) and the letterheads `letterheads` has the run draw on: the context, or
// every problem found in them. Its options are the defaults but for `letterheads`: the commands
// that send set their own (with the same letterhead choice).
Checked<std::unique_ptr<RunContext>> load_context(
  const std::filesystem::path& job_file,
  LetterheadChoice letterheads = LetterheadChoice::JobDefault);

// Opens the ledger, creating its folder.
Status open_ledger(RunContext& context);
// Opens the transports of the mailboxes that `creditors_in_use` send through (or the job's own
// transport, when it has one), checking that each is reachable. A mailbox that no creditor in use
// sends through is not touched: a selection for one company does not fail because another
// company's server is down. Credentials are read from the environment variables the mailboxes
// name.
Status open_transports(RunContext& context, const std::set<std::string>& creditors_in_use);
void close_transports(RunContext& context);

// Settings for the transport of a mailbox (or of the job's redirect URL).
Result<transport::Settings> transport_settings(const job::Mailbox& mailbox);

} // namespace mailroom::pipeline
