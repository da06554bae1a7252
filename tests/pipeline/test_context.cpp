#include <engine/job/reminder.hpp>
#include <engine/pipeline/context.hpp>

#include <gtest/gtest.h>
#include <tests/support/temporary_folder.hpp>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace mailroom::pipeline {
namespace {

using mailroom::testing::source_dir;
using mailroom::testing::TemporaryFolder;
using mailroom::testing::write_text;

// The paths a job refers to, so a test can break one of them.
struct JobParts {
  std::string email_template = (source_dir() / "templates/emails/acme").string();
  std::string letterhead = (source_dir() / "templates/letterhead/acme.pdf").string();
  std::string invoices = R"(["invoices.jsonl"])";
  std::string ledger = "var/ledger.db";
  std::string extra_job;      // More lines of the job file.
  std::string extra_creditor; // More lines of the creditor's table: its reminder levels, say.
};

// Writes a job with one creditor (acme, sending into a maildir) into a temporary folder, the way
// tests/pipeline/job_fixture.hpp does for the end-to-end tests.
class ContextJob {
public:
  const std::filesystem::path& root() const { return m_folder.path(); }
  std::filesystem::path job_file() const { return m_folder / "job.toml"; }

  void write(const JobParts& parts) {
    write_text(m_folder / "creditors.toml", R"(
[[creditor]]
id = "acme"
name = "Acme B.V."
address = ["Keizersgracht 1", "1015 CJ Amsterdam"]
vat_number = "NL001234567B01"
coc = "12345678"
iban = "NL91ABNA0417164300"
language = "nl"
mailbox = "acme"
email_template = ")" + parts.email_template + R"("
letterhead = ")" + parts.letterhead + R"("
)" + parts.extra_creditor + R"(
[mailbox.acme]
url = "maildir:var/outbox"
from = "Acme B.V. Facturatie <facturen@acme.example>"
)");
    write_text(m_folder / "invoices.jsonl", "");
    write_text(job_file(), R"(name = "context-job"
creditors = "creditors.toml"
invoices = )" + parts.invoices +
                             R"(
ledger = ")" + parts.ledger + R"("
archive = "var/archive"
)" + parts.extra_job);
  }

private:
  TemporaryFolder m_folder;
};

bool mentions(const std::vector<Error>& problems, const std::string& text) {
  for (const auto& problem : problems) {
    if (problem.to_string().find(text) != std::string::npos) {
      return true;
    }
  }
  return false;
}

std::string all_of(const std::vector<Error>& problems) {
  std::string text;
  for (const auto& problem : problems) {
    text += problem.to_string() + "\n";
  }
  return text;
}

// Runs a test in another working folder and returns to the original one afterwards.
class WorkingFolder {
public:
  explicit WorkingFolder(const std::filesystem::path& folder)
    : m_original(std::filesystem::current_path()) {
    std::filesystem::current_path(folder);
  }
  ~WorkingFolder() { std::filesystem::current_path(m_original); }
  WorkingFolder(const WorkingFolder&) = delete;
  WorkingFolder& operator=(const WorkingFolder&) = delete;

private:
  std::filesystem::path m_original;
};

// Sets an environment variable for one test.
class EnvironmentVariable {
public:
  EnvironmentVariable(std::string name, const std::string& value)
    : m_name(std::move(name)) {
    ::setenv(m_name.c_str(), value.c_str(), 1);
  }
  ~EnvironmentVariable() { ::unsetenv(m_name.c_str()); }
  EnvironmentVariable(const EnvironmentVariable&) = delete;
  EnvironmentVariable& operator=(const EnvironmentVariable&) = delete;

private:
  std::string m_name;
};

TEST(LoadContext, LoadsAGoodJobWithItsTemplates) {
  ContextJob job;
  job.write({});
  auto loaded = load_context(job.job_file());
  ASSERT_TRUE(loaded) << all_of(loaded.problems());
  const auto& context = *loaded;
  EXPECT_EQ(context->job.name, "context-job");
  // The options are the defaults until a command that sends sets its own.
  EXPECT_EQ(context->options.threads, 0u);
  EXPECT_EQ(context->options.resending, Resending::SkipSent);
  ASSERT_EQ(context->creditors.by_id.count("acme"), 1u);
  EXPECT_EQ(context->templates.count("acme"), 1u);
  // A creditor without reminder levels has no reminder templates, but an entry all the same.
  ASSERT_EQ(context->reminder_templates.count("acme"), 1u);
  EXPECT_TRUE(context->reminder_templates.at("acme").empty());
  EXPECT_EQ(context->letterhead_for(context->creditors.by_id.at("acme")),
            render::Letterhead::Include);
  // Loading opens nothing: the ledger and the mailboxes come later.
  EXPECT_EQ(context->ledger, nullptr);
  EXPECT_TRUE(context->transports.empty());
  EXPECT_FALSE(std::filesystem::exists(job.root() / "var"));
}

TEST(LoadContext, CollectsEveryProblemWithItsPath) {
  ContextJob job;
  JobParts parts;
  // A template folder without templates, a letterhead that is no PDF, an invoice file missing.
  const auto templates = job.root() / "empty-templates";
  std::filesystem::create_directories(templates);
  parts.email_template = templates.string();
  parts.letterhead = (job.root() / "letterhead.pdf").string();
  write_text(parts.letterhead, "this is a text file, not a PDF\n");
  parts.invoices = R"(["invoices.jsonl", "missing.jsonl"])";
  job.write(parts);

  const auto problems = load_context(job.job_file()).problems();
  EXPECT_EQ(problems.size(), 3u) << all_of(problems);
  EXPECT_TRUE(mentions(problems, templates.string())) << all_of(problems);
  EXPECT_TRUE(mentions(problems, parts.letterhead)) << all_of(problems);
  EXPECT_TRUE(mentions(problems, (job.root() / "missing.jsonl").string())) << all_of(problems);
  EXPECT_TRUE(mentions(problems, "invoice file does not exist")) << all_of(problems);
}

TEST(LoadContext, AMissingTemplateFolderIsAProblemNamingIt) {
  ContextJob job;
  JobParts parts;
  parts.email_template = (job.root() / "no-such-templates").string();
  job.write(parts);
  const auto loaded = load_context(job.job_file());
  EXPECT_FALSE(loaded);
  const auto& problems = loaded.problems();
  ASSERT_EQ(problems.size(), 1u) << all_of(problems);
  EXPECT_TRUE(mentions(problems, parts.email_template)) << all_of(problems);
}

TEST(LoadContext, AMissingInvoiceFileIsReportedEvenWhenTheCreditorsFileHasProblems) {
  ContextJob job;
  JobParts parts;
  parts.email_template = (job.root() / "no-such-templates").string();
  parts.invoices = R"(["missing.jsonl"])";
  job.write(parts);
  const auto problems = load_context(job.job_file()).problems();
  EXPECT_EQ(problems.size(), 2u) << all_of(problems);
  EXPECT_TRUE(mentions(problems, parts.email_template)) << all_of(problems);
  EXPECT_TRUE(mentions(problems, (job.root() / "missing.jsonl").string())) << all_of(problems);
}

TEST(LoadContext, AJobWithoutLetterheadsDoesNotReadThem) {
  ContextJob job;
  JobParts parts;
  parts.letterhead = (job.root() / "letterhead.pdf").string();
  write_text(parts.letterhead, "not a PDF, but the job prints on plain paper\n");
  parts.extra_job = "letterhead = false\n";
  job.write(parts);

  auto loaded = load_context(job.job_file());
  ASSERT_TRUE(loaded) << all_of(loaded.problems());
  const auto& context = *loaded;
  EXPECT_EQ(context->job.letterhead, std::optional<bool>(false));
  EXPECT_EQ(context->letterhead_for(context->creditors.by_id.at("acme")), render::Letterhead::Omit);
}

TEST(LoadContext, ARunThatDrawsOnLetterheadsTheJobTurnedOffVerifiesThem) {
  ContextJob job;
  JobParts parts;
  parts.letterhead = (job.root() / "letterhead.pdf").string();
  write_text(parts.letterhead, "not a PDF, but the job prints on plain paper\n");
  parts.extra_job = "letterhead = false\n";
  job.write(parts);

  // The run asks for the letterheads after all: the broken one refuses it before any invoice.
  const auto included = load_context(job.job_file(), LetterheadChoice::Include);
  EXPECT_FALSE(included);
  EXPECT_TRUE(mentions(included.problems(), parts.letterhead)) << all_of(included.problems());

  auto omitted = load_context(job.job_file(), LetterheadChoice::Omit);
  ASSERT_TRUE(omitted) << all_of(omitted.problems());
  EXPECT_EQ((*omitted)->letterhead_for((*omitted)->creditors.by_id.at("acme")),
            render::Letterhead::Omit);
}

TEST(LoadContext, ARunWithoutLetterheadsDoesNotReadThoseTheJobWants) {
  ContextJob job;
  JobParts parts;
  parts.letterhead = (job.root() / "letterhead.pdf").string();
  write_text(parts.letterhead, "not a PDF; this run prints on plain paper\n");
  job.write(parts);

  EXPECT_FALSE(load_context(job.job_file()));
  auto loaded = load_context(job.job_file(), LetterheadChoice::Omit);
  ASSERT_TRUE(loaded) << all_of(loaded.problems());
  EXPECT_EQ((*loaded)->options.letterhead, LetterheadChoice::Omit);
}

TEST(LoadContext, TheDemoJobHasTwoReminderTemplateSetsPerCreditor) {
  auto loaded = load_context(source_dir() / "jobs/demo.toml");
  ASSERT_TRUE(loaded) << all_of(loaded.problems());
  const auto& context = *loaded;
  ASSERT_EQ(context->creditors.by_id.size(), 2u);
  for (const auto& [id, creditor] : context->creditors.by_id) {
    SCOPED_TRACE(id);
    ASSERT_EQ(creditor.reminders.size(), 2u);
    ASSERT_EQ(context->reminder_templates.count(id), 1u);
    const auto& sets = context->reminder_templates.at(id);
    ASSERT_EQ(sets.size(), 2u);
    for (const auto& set : sets) {
      EXPECT_EQ(set.kind(), mail::TemplateKind::Reminder);
    }
    EXPECT_EQ(context->templates.at(id).kind(), mail::TemplateKind::Invoice);
    // The demo does not hold reminders for want of a fresh bank statement.
    EXPECT_FALSE(creditor.hold_reminders_if_statement_older_than.has_value());
    // The first level asks no fee; the final notice does.
    EXPECT_EQ(creditor.reminders[0].fee, job::Money{});
    EXPECT_GT(creditor.reminders[1].fee, job::Money{});
  }
  const auto& acme = context->creditors.by_id.at("acme");
  EXPECT_EQ(acme.reminders[0].after_days, 14u);
  EXPECT_EQ(acme.reminders[1].after_days, 30u);
  EXPECT_EQ(acme.reminders[1].fee, job::Money{1500});
  EXPECT_EQ(acme.reminders[1].email_template.filename(), "acme-final-notice");
  const auto& northwind = context->creditors.by_id.at("northwind");
  EXPECT_EQ(northwind.reminders[0].after_days, 14u);
  EXPECT_EQ(northwind.reminders[1].after_days, 28u);
  EXPECT_EQ(northwind.reminders[1].fee, job::Money{1000});
  EXPECT_EQ(northwind.reminders[0].email_template.filename(), "northwind-reminder");

  // The levels' sets render reminders: the final notice in the creditor's language.
  job::Invoice invoice;
  invoice.number = "2026-000042";
  invoice.creditor = "northwind";
  invoice.date = time::Date{2026, 11, 20};
  invoice.due_date = time::Date{2026, 12, 20};
  invoice.debtor.name = "Jansen";
  job::Reminder reminder;
  reminder.level = 2;
  reminder.level_count = 2;
  reminder.date = time::Date{2027, 1, 17};
  reminder.pay_by = time::Date{2027, 1, 31};
  reminder.total = job::Money{12100};
  reminder.outstanding = reminder.total;
  reminder.fee = northwind.reminders[1].fee;
  reminder.asked = reminder.outstanding + reminder.fee;
  const auto texts = context->reminder_templates.at("northwind")[1].render_reminder(
    invoice, reminder, northwind, northwind.language);
  ASSERT_TRUE(texts.has_value()) << texts.error().to_string();
  EXPECT_EQ(texts->subject, "Final notice: invoice 2026-000042");
  EXPECT_NE(texts->text_body.find("€131.00"), std::string::npos) << texts->text_body;
}

TEST(LoadContext, LoadsEachReminderLevelsTemplatesInOrder) {
  ContextJob job;
  JobParts parts;
  parts.extra_creditor = R"(
[[creditor.reminder]]
after_days = 14
email_template = ")" + (source_dir() / "templates/emails/acme-reminder").string() +
                         R"("

[[creditor.reminder]]
after_days = 30
email_template = ")" + (source_dir() / "templates/emails/acme-final-notice").string() +
                         R"("
fee = "15.00"
)";
  job.write(parts);
  auto loaded = load_context(job.job_file());
  ASSERT_TRUE(loaded) << all_of(loaded.problems());
  const auto& sets = (*loaded)->reminder_templates.at("acme");
  ASSERT_EQ(sets.size(), 2u);
  job::Invoice invoice;
  invoice.number = "2026-000007";
  job::Reminder reminder;
  reminder.level = 1;
  reminder.level_count = 2;
  const auto& acme = (*loaded)->creditors.by_id.at("acme");
  const auto first = sets[0].render_reminder(invoice, reminder, acme, job::Language::Dutch);
  ASSERT_TRUE(first.has_value()) << first.error().to_string();
  EXPECT_EQ(first->subject, "Betalingsherinnering factuur 2026-000007");
  reminder.level = 2;
  const auto last = sets[1].render_reminder(invoice, reminder, acme, job::Language::Dutch);
  ASSERT_TRUE(last.has_value()) << last.error().to_string();
  EXPECT_EQ(last->subject, "Laatste herinnering factuur 2026-000007");
}

TEST(LoadContext, ABrokenReminderTemplateIsAProblemNamingItsFile) {
  ContextJob job;
  const auto reminder_folder = job.root() / "reminder-templates";
  write_text(reminder_folder / "subject.mustache", "Herinnering %n\n");
  write_text(reminder_folder / "body.txt.mustache", "Te betalen: {{reminder.askd}}\n");
  const auto invoice_names_only = job.root() / "invoice-names-only";
  write_text(invoice_names_only / "subject.mustache", "Herinnering %n\n");
  write_text(invoice_names_only / "body.txt.mustache", "{{invoice.total}}\n");
  JobParts parts;
  parts.extra_creditor = R"(
[[creditor.reminder]]
after_days = 14
email_template = ")" + invoice_names_only.string() +
                         R"("

[[creditor.reminder]]
after_days = 30
email_template = ")" + reminder_folder.string() +
                         R"("
)";
  job.write(parts);
  const auto loaded = load_context(job.job_file());
  ASSERT_FALSE(loaded);
  const auto& problems = loaded.problems();
  ASSERT_EQ(problems.size(), 1u) << all_of(problems);
  EXPECT_TRUE(mentions(problems, (reminder_folder / "body.txt.mustache").string()))
    << all_of(problems);
  EXPECT_TRUE(mentions(problems, "\"reminder.askd\"")) << all_of(problems);
}

TEST(LoadContext, AMissingJobFileIsAProblemNamingIt) {
  TemporaryFolder folder;
  const auto loaded = load_context(folder / "absent.toml");
  EXPECT_FALSE(loaded);
  const auto& problems = loaded.problems();
  ASSERT_FALSE(problems.empty());
  EXPECT_TRUE(mentions(problems, (folder / "absent.toml").string())) << all_of(problems);
}

TEST(LoadContext, AContextWithProblemsIsNeverHandedOut) {
  ContextJob job;
  JobParts parts;
  parts.invoices = R"(["missing.jsonl"])";
  job.write(parts);
  const auto loaded = load_context(job.job_file());
  EXPECT_FALSE(loaded);
  ASSERT_EQ(loaded.problems().size(), 1u) << all_of(loaded.problems());
  EXPECT_TRUE(mentions(loaded.problems(), "invoice file does not exist"));
}

TEST(LetterheadFor, TheJobOverridesTheCreditor) {
  job::Creditor with_letterhead;
  with_letterhead.letterhead = "/letterheads/acme.pdf";
  with_letterhead.use_letterhead = true;
  job::Creditor plain = with_letterhead;
  plain.use_letterhead = false;
  job::Creditor without_file;
  without_file.use_letterhead = true;

  RunContext context;
  EXPECT_EQ(context.letterhead_for(with_letterhead), render::Letterhead::Include);
  EXPECT_EQ(context.letterhead_for(plain), render::Letterhead::Omit);
  EXPECT_EQ(context.letterhead_for(without_file), render::Letterhead::Omit);

  context.job.letterhead = false;
  EXPECT_EQ(context.letterhead_for(with_letterhead), render::Letterhead::Omit);

  context.job.letterhead = true;
  EXPECT_EQ(context.letterhead_for(plain), render::Letterhead::Include);
  // Asking for a letterhead the creditor does not have cannot conjure one.
  EXPECT_EQ(context.letterhead_for(without_file), render::Letterhead::Omit);
}

TEST(LetterheadFor, TheRunsChoiceOverridesTheJobAndTheCreditor) {
  job::Creditor with_letterhead;
  with_letterhead.letterhead = "/letterheads/acme.pdf";
  with_letterhead.use_letterhead = true;
  job::Creditor plain = with_letterhead;
  plain.use_letterhead = false;
  job::Creditor without_file;
  without_file.use_letterhead = true;

  RunContext context;
  context.job.letterhead = false;
  context.options.letterhead = LetterheadChoice::Include;
  EXPECT_EQ(context.letterhead_for(with_letterhead), render::Letterhead::Include);
  EXPECT_EQ(context.letterhead_for(plain), render::Letterhead::Include);
  EXPECT_EQ(context.letterhead_for(without_file), render::Letterhead::Omit);

  context.job.letterhead = true;
  context.options.letterhead = LetterheadChoice::Omit;
  EXPECT_EQ(context.letterhead_for(with_letterhead), render::Letterhead::Omit);
  EXPECT_EQ(context.letterhead_for(plain), render::Letterhead::Omit);

  context.options.letterhead = LetterheadChoice::JobDefault;
  EXPECT_EQ(context.letterhead_for(plain), render::Letterhead::Include);
}

job::Mailbox smtp_mailbox() {
  job::Mailbox mailbox;
  mailbox.name = "acme";
  mailbox.kind = job::MailboxKind::Smtp;
  mailbox.host = "mail.acme.example";
  mailbox.port = 587;
  mailbox.starttls = job::StartTls::Required;
  mailbox.connections = 5;
  return mailbox;
}

TEST(TransportSettings, SmtpUrlsCarryHostAndPort) {
  auto mailbox = smtp_mailbox();
  mailbox.ca_file = "/etc/mailroom/ca.pem";
  const auto settings = transport_settings(mailbox);
  ASSERT_TRUE(settings.has_value()) << settings.error().to_string();
  EXPECT_EQ(settings->name, "acme");
  EXPECT_EQ(settings->url, "smtp://mail.acme.example:587");
  EXPECT_EQ(settings->starttls, transport::StartTls::Required);
  EXPECT_EQ(settings->connections, 5u);
  EXPECT_EQ(settings->ca_file, std::filesystem::path("/etc/mailroom/ca.pem"));
  EXPECT_EQ(settings->username, "");
  EXPECT_EQ(settings->password, "");
}

TEST(TransportSettings, SmtpsAndIpv6Hosts) {
  auto mailbox = smtp_mailbox();
  mailbox.kind = job::MailboxKind::Smtps;
  mailbox.port = 465;
  EXPECT_EQ(transport_settings(mailbox)->url, "smtps://mail.acme.example:465");
  mailbox.kind = job::MailboxKind::Smtp;
  mailbox.host = "::1";
  mailbox.port = 2525;
  EXPECT_EQ(transport_settings(mailbox)->url, "smtp://[::1]:2525");
}

TEST(TransportSettings, MaildirUrlsCarryThePath) {
  job::Mailbox mailbox;
  mailbox.name = "local";
  mailbox.kind = job::MailboxKind::Maildir;
  mailbox.maildir = "/var/spool/mailroom/outbox";
  const auto settings = transport_settings(mailbox);
  ASSERT_TRUE(settings.has_value()) << settings.error().to_string();
  EXPECT_EQ(settings->url, "maildir:/var/spool/mailroom/outbox");
}

TEST(TransportSettings, MapsStartTls) {
  auto mailbox = smtp_mailbox();
  mailbox.starttls = job::StartTls::Required;
  EXPECT_EQ(transport_settings(mailbox)->starttls, transport::StartTls::Required);
  mailbox.starttls = job::StartTls::Opportunistic;
  EXPECT_EQ(transport_settings(mailbox)->starttls, transport::StartTls::Opportunistic);
  mailbox.starttls = job::StartTls::Off;
  EXPECT_EQ(transport_settings(mailbox)->starttls, transport::StartTls::Off);
}

TEST(TransportSettings, ReadsCredentialsFromTheNamedVariables) {
  const EnvironmentVariable username("MAILROOM_TEST_CONTEXT_USERNAME", "facturen@acme.example");
  const EnvironmentVariable password("MAILROOM_TEST_CONTEXT_PASSWORD", "s3cret with spaces");
  auto mailbox = smtp_mailbox();
  mailbox.username_env = "MAILROOM_TEST_CONTEXT_USERNAME";
  mailbox.password_env = "MAILROOM_TEST_CONTEXT_PASSWORD";
  const auto settings = transport_settings(mailbox);
  ASSERT_TRUE(settings.has_value()) << settings.error().to_string();
  EXPECT_EQ(settings->username, "facturen@acme.example");
  EXPECT_EQ(settings->password, "s3cret with spaces");
}

TEST(TransportSettings, AnUnsetVariableIsAnErrorNamingIt) {
  const EnvironmentVariable username("MAILROOM_TEST_CONTEXT_USERNAME", "facturen@acme.example");
  ::unsetenv("MAILROOM_TEST_CONTEXT_UNSET_PASSWORD");
  auto mailbox = smtp_mailbox();
  mailbox.username_env = "MAILROOM_TEST_CONTEXT_USERNAME";
  mailbox.password_env = "MAILROOM_TEST_CONTEXT_UNSET_PASSWORD";
  const auto settings = transport_settings(mailbox);
  ASSERT_FALSE(settings.has_value());
  const auto message = settings.error().to_string();
  EXPECT_NE(message.find("MAILROOM_TEST_CONTEXT_UNSET_PASSWORD"), std::string::npos) << message;
  EXPECT_NE(message.find("password_env"), std::string::npos) << message;
  EXPECT_NE(message.find("acme"), std::string::npos) << message;
}

TEST(OpenLedger, CreatesTheLedgersFolder) {
  ContextJob job;
  job.write({});
  auto loaded = load_context(job.job_file());
  ASSERT_TRUE(loaded) << all_of(loaded.problems());
  auto& context = *loaded;
  const auto opened = open_ledger(*context);
  ASSERT_TRUE(opened.has_value()) << opened.error().to_string();
  EXPECT_NE(context->ledger, nullptr);
  EXPECT_TRUE(std::filesystem::is_regular_file(job.root() / "var/ledger.db"));
}

TEST(OpenLedger, ALedgerBesideAJobGivenRelativeToTheWorkingFolder) {
  // `mailroom run job.toml` in the job's folder, the ledger beside it: its folder part must not
  // end up empty (create_directories("") fails).
  ContextJob job;
  JobParts parts;
  parts.ledger = "ledger.db";
  job.write(parts);
  const WorkingFolder working_folder(job.root());
  auto loaded = load_context("job.toml");
  ASSERT_TRUE(loaded) << all_of(loaded.problems());
  auto& context = *loaded;
  const auto opened = open_ledger(*context);
  ASSERT_TRUE(opened.has_value()) << opened.error().to_string();
  EXPECT_TRUE(std::filesystem::is_regular_file(job.root() / "ledger.db"));
}

TEST(OpenTransports, OneTransportPerMailboxInUse) {
  ContextJob job;
  job.write({});
  auto loaded = load_context(job.job_file());
  ASSERT_TRUE(loaded) << all_of(loaded.problems());
  auto& context = *loaded;
  // None in use, or only a creditor the creditors file does not know: nothing is opened.
  ASSERT_TRUE(open_transports(*context, {}).has_value());
  ASSERT_TRUE(open_transports(*context, {"nobody"}).has_value());
  EXPECT_TRUE(context->transports.empty());
  EXPECT_EQ(context->transport_for(context->creditors.by_id.at("acme")), nullptr);
  const auto opened = open_transports(*context, {"acme", "nobody"});
  ASSERT_TRUE(opened.has_value()) << opened.error().to_string();
  EXPECT_EQ(context->transports.size(), 1u);
  EXPECT_EQ(context->transports.count("acme"), 1u);
  EXPECT_EQ(context->transport_for(context->creditors.by_id.at("acme")),
            context->transports.at("acme").get());
  // The maildir's check made its folders, relative to the creditors file.
  EXPECT_TRUE(std::filesystem::is_directory(job.root() / "var/outbox/new"));
  close_transports(*context);
}

TEST(OpenTransports, AJobTransportRedirectsEveryCreditor) {
  ContextJob job;
  JobParts parts;
  parts.extra_job = "transport = \"maildir:redirected\"\n";
  job.write(parts);
  auto loaded = load_context(job.job_file());
  ASSERT_TRUE(loaded) << all_of(loaded.problems());
  auto& context = *loaded;
  const auto opened = open_transports(*context, {"acme"});
  ASSERT_TRUE(opened.has_value()) << opened.error().to_string();
  ASSERT_EQ(context->transports.size(), 1u);
  EXPECT_EQ(context->transports.count(RunContext::k_job_transport), 1u);
  EXPECT_EQ(context->transport_for(context->creditors.by_id.at("acme")),
            context->transports.at(RunContext::k_job_transport).get());
  EXPECT_TRUE(std::filesystem::is_directory(job.root() / "redirected/new"));
  EXPECT_FALSE(std::filesystem::exists(job.root() / "var/outbox"));
  close_transports(*context);
}

TEST(OpenTransports, AMailboxThatCannotBeUsedIsAnError) {
  ContextJob job;
  job.write({});
  // A file where the maildir should be.
  write_text(job.root() / "var/outbox", "not a folder");
  auto loaded = load_context(job.job_file());
  ASSERT_TRUE(loaded) << all_of(loaded.problems());
  auto& context = *loaded;
  const auto opened = open_transports(*context, {"acme"});
  ASSERT_FALSE(opened.has_value());
  EXPECT_NE(opened.error().to_string().find("outbox"), std::string::npos)
    << opened.error().to_string();
  close_transports(*context);
}

} // namespace
} // namespace mailroom::pipeline
