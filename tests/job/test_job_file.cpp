#include <engine/job/job_file.hpp>

#include <gtest/gtest.h>
#include <tests/support/temporary_folder.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace mailroom::job {
namespace {

using mailroom::testing::TemporaryFolder;
using mailroom::testing::write_text;

// The 1-based line of the first occurrence of `needle` in `text`, so that tests name lines by
// their contents instead of by counting.
long line_of(const std::string& text, const std::string& needle) {
  const size_t found = text.find(needle);
  EXPECT_NE(found, std::string::npos) << needle;
  return 1 + static_cast<long>(std::count(text.begin(), text.begin() + found, '\n'));
}

// The problem reported for `field`, or nullptr.
const Error* problem_for(const std::vector<Error>& problems, const std::string& field) {
  const auto found = std::find_if(problems.begin(), problems.end(), [&](const Error& error) {
    return error.location.field == field;
  });
  return found == problems.end() ? nullptr : &*found;
}

std::string all_of(const std::vector<Error>& problems) {
  std::string text;
  for (const auto& problem : problems) {
    text += problem.to_string() + "\n";
  }
  return text;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// ---------------------------------------------------------------------------------------------
// parse_mailbox_url

TEST(ParseMailboxUrl, SmtpWithPort) {
  Mailbox mailbox;
  ASSERT_TRUE(parse_mailbox_url("smtp://mail.example.com:587", "/etc/creditors.toml", mailbox));
  EXPECT_EQ(mailbox.kind, MailboxKind::Smtp);
  EXPECT_EQ(mailbox.host, "mail.example.com");
  EXPECT_EQ(mailbox.port, 587);
}

TEST(ParseMailboxUrl, DefaultPorts) {
  Mailbox smtp;
  ASSERT_TRUE(parse_mailbox_url("smtp://mail.example.com", "/x", smtp));
  EXPECT_EQ(smtp.kind, MailboxKind::Smtp);
  EXPECT_EQ(smtp.port, 25);
  Mailbox smtps;
  ASSERT_TRUE(parse_mailbox_url("smtps://mail.example.com", "/x", smtps));
  EXPECT_EQ(smtps.kind, MailboxKind::Smtps);
  EXPECT_EQ(smtps.host, "mail.example.com");
  EXPECT_EQ(smtps.port, 465);
}

TEST(ParseMailboxUrl, SmtpsWithPortAndTrailingSlash) {
  Mailbox mailbox;
  ASSERT_TRUE(parse_mailbox_url("smtps://127.0.0.1:4650/", "/x", mailbox));
  EXPECT_EQ(mailbox.kind, MailboxKind::Smtps);
  EXPECT_EQ(mailbox.host, "127.0.0.1");
  EXPECT_EQ(mailbox.port, 4650);
}

TEST(ParseMailboxUrl, BracketedIpv6) {
  Mailbox with_port;
  ASSERT_TRUE(parse_mailbox_url("smtp://[::1]:2525", "/x", with_port));
  EXPECT_EQ(with_port.host, "::1");
  EXPECT_EQ(with_port.port, 2525);
  Mailbox without_port;
  ASSERT_TRUE(parse_mailbox_url("smtp://[::1]", "/x", without_port));
  EXPECT_EQ(without_port.host, "::1");
  EXPECT_EQ(without_port.port, 25);
}

TEST(ParseMailboxUrl, PortLimits) {
  Mailbox lowest;
  ASSERT_TRUE(parse_mailbox_url("smtp://h.example:1", "/x", lowest));
  EXPECT_EQ(lowest.port, 1);
  Mailbox highest;
  ASSERT_TRUE(parse_mailbox_url("smtp://h.example:65535", "/x", highest));
  EXPECT_EQ(highest.port, 65535);
}

TEST(ParseMailboxUrl, RefusesBadPorts) {
  for (const char* url : {"smtp://host:0", "smtp://host:65536", "smtp://host:99999999999999999999",
                          "smtp://host:", "smtp://host:abc", "smtp://host:25x", "smtp://host:-25",
                          "smtp://host:+25", "smtp://host:25/path", "smtps://host: 25"}) {
    Mailbox mailbox;
    const auto parsed = parse_mailbox_url(url, "/x", mailbox);
    ASSERT_FALSE(parsed.has_value()) << url;
    EXPECT_EQ(parsed.error().message,
              std::string("the port in \"") + url + "\" is not a number from 1 to 65535");
  }
}

TEST(ParseMailboxUrl, RefusesCredentialsInTheUrl) {
  for (const char* url : {"smtp://user:secret@mail.example.com:587", "smtp://user@mail.example.com",
                          "smtps://user@mail.example.com:465"}) {
    Mailbox mailbox;
    const auto parsed = parse_mailbox_url(url, "/x", mailbox);
    ASSERT_FALSE(parsed.has_value()) << url;
    EXPECT_TRUE(contains(parsed.error().message, "credentials belong in username_env/password_env"))
      << parsed.error().message;
    // The host must not have been taken from the refused URL.
    EXPECT_EQ(mailbox.host, "");
  }
}

TEST(ParseMailboxUrl, CredentialsWithoutAPortAreRefusedWithoutEchoingTheSecret) {
  Mailbox mailbox;
  const auto parsed = parse_mailbox_url("smtps://user:secret@mail.example.com", "/x", mailbox);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(mailbox.host, "");
  EXPECT_TRUE(contains(parsed.error().message, "credentials belong in username_env/password_env"))
    << parsed.error().message;
  EXPECT_FALSE(contains(parsed.error().message, "secret")) << parsed.error().message;
}

TEST(ParseMailboxUrl, RefusesMissingHostAndPaths) {
  for (const char* url : {"smtp://", "smtp://:25", "smtps://", "smtp://host/path", "smtp:///"}) {
    Mailbox mailbox;
    const auto parsed = parse_mailbox_url(url, "/x", mailbox);
    ASSERT_FALSE(parsed.has_value()) << url;
    EXPECT_TRUE(contains(parsed.error().message, "expected a host name")) << parsed.error().message;
  }
}

TEST(ParseMailboxUrl, RefusesOtherSchemes) {
  for (const char* url : {"", "mail.example.com:25", "http://mail.example.com", "SMTP://host:25",
                          "smtp:/host", " smtp://host:25", "maildir", "lmtp://host:24"}) {
    Mailbox mailbox;
    const auto parsed = parse_mailbox_url(url, "/x", mailbox);
    ASSERT_FALSE(parsed.has_value()) << '"' << url << '"';
    EXPECT_EQ(parsed.error().message,
              std::string("expected smtp://host:port, smtps://host:port or maildir:PATH, got \"") +
                url + "\"");
  }
}

TEST(ParseMailboxUrl, MaildirRelativeToTheFile) {
  Mailbox mailbox;
  ASSERT_TRUE(parse_mailbox_url("maildir:../var/mail/acme", "/srv/jobs/creditors.toml", mailbox));
  EXPECT_EQ(mailbox.kind, MailboxKind::Maildir);
  EXPECT_EQ(mailbox.maildir, std::filesystem::path("/srv/var/mail/acme"));
}

TEST(ParseMailboxUrl, MaildirAbsolute) {
  Mailbox mailbox;
  ASSERT_TRUE(parse_mailbox_url("maildir:/var/spool/out", "/srv/jobs/creditors.toml", mailbox));
  EXPECT_EQ(mailbox.maildir, std::filesystem::path("/var/spool/out"));
}

TEST(ParseMailboxUrl, MaildirWithoutPath) {
  Mailbox mailbox;
  const auto parsed = parse_mailbox_url("maildir:", "/srv/jobs/creditors.toml", mailbox);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().message, "expected maildir:PATH, got \"maildir:\"");
}

// ---------------------------------------------------------------------------------------------
// load_job

class LoadJob : public ::testing::Test {
protected:
  std::filesystem::path write_job(const std::string& contents) {
    const auto path = m_folder / "jobs" / "job.toml";
    write_text(path, contents);
    return path;
  }

  TemporaryFolder m_folder;
};

TEST_F(LoadJob, ResolvesPathsRelativeToTheJobFile) {
  const auto path = write_job(R"(name = "november"
creditors = "creditors.toml"
invoices = ["../data/a.jsonl", "b.jsonl", "/abs/c.jsonl"]
ledger = "../var/mailroom.db"
archive = "../var/archive"
letterhead = false
transport = "maildir:../var/outbox"
)");
  const auto job = load_job(path);
  const auto& problems = job.problems();
  ASSERT_TRUE(job.has_value()) << job.error().to_string();
  EXPECT_TRUE(problems.empty()) << all_of(problems);
  const auto root = m_folder.path();
  EXPECT_EQ(job->path, path);
  EXPECT_EQ(job->name, "november");
  EXPECT_EQ(job->creditors_file, root / "jobs" / "creditors.toml");
  ASSERT_EQ(job->invoice_files.size(), 3U);
  EXPECT_EQ(job->invoice_files[0], root / "data" / "a.jsonl");
  EXPECT_EQ(job->invoice_files[1], root / "jobs" / "b.jsonl");
  EXPECT_EQ(job->invoice_files[2], std::filesystem::path("/abs/c.jsonl"));
  EXPECT_EQ(job->ledger.backend, ledger::Backend::Sqlite);
  EXPECT_EQ(job->ledger.file, root / "var" / "mailroom.db");
  EXPECT_EQ(job->archive, root / "var" / "archive");
  EXPECT_EQ(job->letterhead, std::optional<bool>(false));
  // The transport is kept as written; the pipeline resolves it through parse_mailbox_url.
  EXPECT_EQ(job->transport, std::optional<std::string>("maildir:../var/outbox"));
}

TEST_F(LoadJob, OptionalKeysMayBeLeftOut) {
  const auto path = write_job(R"(name = "n"
creditors = "c.toml"
invoices = "one.jsonl"
ledger = "l.db"
archive = "a"
)");
  const auto job = load_job(path);
  ASSERT_TRUE(job.has_value()) << job.error().to_string();
  EXPECT_FALSE(job->letterhead.has_value());
  EXPECT_FALSE(job->transport.has_value());
  // A single string is accepted as a list of one.
  ASSERT_EQ(job->invoice_files.size(), 1U);
  EXPECT_EQ(job->invoice_files[0], m_folder.path() / "jobs" / "one.jsonl");
}

TEST_F(LoadJob, TheDemoJobOfTheRepositoryLoads) {
  const auto path = mailroom::testing::source_dir() / "jobs" / "demo.toml";
  const auto job = load_job(path);
  const auto& problems = job.problems();
  ASSERT_TRUE(job.has_value()) << all_of(problems);
  EXPECT_EQ(job->name, "demo-2026-11-23");
  EXPECT_EQ(job->letterhead, std::optional<bool>(true));
  EXPECT_EQ(job->creditors_file, (path.parent_path() / "creditors.toml").lexically_normal());
}

TEST_F(LoadJob, RefusesUnknownKeysNamingKeyAndLine) {
  const std::string contents = R"(name = "n"
creditors = "c.toml"
invoices = ["i.jsonl"]
ledger = "l.db"
archive = "a"
leterhead = true
)";
  const auto path = write_job(contents);
  const auto job = load_job(path);
  const auto& problems = job.problems();
  ASSERT_FALSE(job.has_value());
  ASSERT_EQ(problems.size(), 1U) << all_of(problems);
  EXPECT_EQ(problems[0].location.file, path.string());
  EXPECT_EQ(problems[0].location.line, line_of(contents, "leterhead"));
  EXPECT_EQ(problems[0].location.field, "leterhead");
  EXPECT_TRUE(contains(problems[0].message, "unknown key")) << problems[0].message;
  EXPECT_TRUE(contains(problems[0].message, "letterhead")) << problems[0].message;
  EXPECT_EQ(job.error().to_string(), problems[0].to_string());
  EXPECT_EQ(problems[0].to_string(),
            path.string() + ":6: leterhead: unknown key; expected one of: name, creditors, "
                            "invoices, ledger, ledger_password_env, archive, letterhead, "
                            "transport");
}

TEST_F(LoadJob, NamesEveryMissingRequiredField) {
  const auto path = write_job("# nothing but a comment\n");
  const auto job = load_job(path);
  const auto& problems = job.problems();
  ASSERT_FALSE(job.has_value());
  for (const char* field : {"name", "creditors", "invoices", "ledger", "archive"}) {
    const Error* problem = problem_for(problems, field);
    ASSERT_NE(problem, nullptr) << field << "\n" << all_of(problems);
    EXPECT_TRUE(contains(problem->message, "missing")) << problem->message;
    EXPECT_EQ(problem->location.file, path.string());
  }
  EXPECT_EQ(problems.size(), 5U) << all_of(problems);
  // Without the out-parameter, the first problem is returned.
  EXPECT_EQ(job.error().location.field, problems.front().location.field);
}

TEST_F(LoadJob, RefusesABadTransportUrl) {
  const std::string contents = R"(name = "n"
creditors = "c.toml"
invoices = ["i.jsonl"]
ledger = "l.db"
archive = "a"
transport = "smtp://user:pw@relay.example:25"
)";
  const auto path = write_job(contents);
  const auto loaded = load_job(path);
  ASSERT_FALSE(loaded.has_value());
  const auto& problems = loaded.problems();
  ASSERT_EQ(problems.size(), 1U) << all_of(problems);
  EXPECT_EQ(problems[0].location.field, "transport");
  EXPECT_EQ(problems[0].location.line, line_of(contents, "transport"));
  EXPECT_TRUE(contains(problems[0].message, "credentials")) << problems[0].message;
}

TEST_F(LoadJob, ReadsAPostgresqlLedgerWithTheVariableOfItsPassword) {
  const auto path = write_job(R"(name = "n"
creditors = "c.toml"
invoices = ["i.jsonl"]
ledger = "postgresql://mailroom@db.internal/ledger"
ledger_password_env = "MAILROOM_LEDGER_PASSWORD"
archive = "a"
)");
  const auto loaded = load_job(path);
  ASSERT_TRUE(loaded.has_value()) << all_of(loaded.problems());
  EXPECT_EQ(loaded->ledger.backend, ledger::Backend::Postgresql);
  EXPECT_EQ(loaded->ledger.url, "postgresql://mailroom@db.internal/ledger");
  EXPECT_EQ(loaded->ledger.password_env, "MAILROOM_LEDGER_PASSWORD");
  EXPECT_EQ(loaded->ledger.shown(), "postgresql://mailroom@db.internal/ledger");
}

TEST_F(LoadJob, RefusesAPasswordInTheLedgersAddressAndOneForAFile) {
  const std::string contents = R"(name = "n"
creditors = "c.toml"
invoices = ["i.jsonl"]
ledger = "postgresql://mailroom:secret@db.internal/ledger"
archive = "a"
)";
  auto loaded = load_job(write_job(contents));
  ASSERT_FALSE(loaded.has_value());
  ASSERT_EQ(loaded.problems().size(), 1U) << all_of(loaded.problems());
  EXPECT_EQ(loaded.problems()[0].location.field, "ledger");
  EXPECT_EQ(loaded.problems()[0].location.line, line_of(contents, "ledger"));
  EXPECT_TRUE(contains(loaded.problems()[0].message, "ledger_password_env"))
    << loaded.problems()[0].message;

  const std::string file = R"(name = "n"
creditors = "c.toml"
invoices = ["i.jsonl"]
ledger = "l.db"
ledger_password_env = "X"
archive = "a"
)";
  loaded = load_job(write_job(file));
  ASSERT_FALSE(loaded.has_value());
  ASSERT_EQ(loaded.problems().size(), 1U) << all_of(loaded.problems());
  EXPECT_EQ(loaded.problems()[0].location.field, "ledger_password_env");
  EXPECT_TRUE(contains(loaded.problems()[0].message, "only a PostgreSQL ledger"))
    << loaded.problems()[0].message;
}

TEST_F(LoadJob, RefusesWrongTypesAndEmptyValues) {
  const std::string contents = R"(name = ""
creditors = 3
invoices = []
ledger = ["l.db"]
archive = "a"
letterhead = "yes"
)";
  const auto path = write_job(contents);
  const auto loaded = load_job(path);
  ASSERT_FALSE(loaded.has_value());
  const auto& problems = loaded.problems();
  const Error* name = problem_for(problems, "name");
  ASSERT_NE(name, nullptr) << all_of(problems);
  EXPECT_EQ(name->message, "must not be empty");
  const Error* creditors = problem_for(problems, "creditors");
  ASSERT_NE(creditors, nullptr) << all_of(problems);
  EXPECT_EQ(creditors->message, "expected a string, got an integer");
  EXPECT_EQ(creditors->location.line, 2);
  const Error* invoices = problem_for(problems, "invoices");
  ASSERT_NE(invoices, nullptr) << all_of(problems);
  EXPECT_EQ(invoices->message, "expected at least one invoice file");
  const Error* ledger = problem_for(problems, "ledger");
  ASSERT_NE(ledger, nullptr) << all_of(problems);
  EXPECT_EQ(ledger->message, "expected a string, got an array");
  const Error* letterhead = problem_for(problems, "letterhead");
  ASSERT_NE(letterhead, nullptr) << all_of(problems);
  EXPECT_EQ(letterhead->message, "expected true or false, got a string");
  EXPECT_EQ(letterhead->location.line, 6);
  EXPECT_EQ(problems.size(), 5U) << all_of(problems);
}

TEST_F(LoadJob, InvoiceListWithANonString) {
  const std::string contents = R"(name = "n"
creditors = "c.toml"
invoices = ["a.jsonl", 7]
ledger = "l.db"
archive = "a"
)";
  const auto loaded = load_job(write_job(contents));
  ASSERT_FALSE(loaded.has_value());
  const auto& problems = loaded.problems();
  ASSERT_EQ(problems.size(), 1U) << all_of(problems);
  EXPECT_EQ(problems[0].location.field, "invoices[1]");
  EXPECT_EQ(problems[0].message, "expected a string, got an integer");
}

TEST_F(LoadJob, SyntaxErrorGivesTheLine) {
  const auto path = write_job("name = \"n\"\ncreditors = \"c.toml\nledger = 1\n");
  const auto job = load_job(path);
  const auto& problems = job.problems();
  ASSERT_FALSE(job.has_value());
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_TRUE(contains(job.error().message, "not valid TOML")) << job.error().message;
  EXPECT_EQ(job.error().location.file, path.string());
  EXPECT_EQ(job.error().location.line, 2);
}

TEST_F(LoadJob, MissingFile) {
  const auto path = m_folder / "absent.toml";
  const auto job = load_job(path);
  const auto& problems = job.problems();
  ASSERT_FALSE(job.has_value());
  EXPECT_EQ(job.error().location.file, path.string());
  EXPECT_TRUE(contains(job.error().message, "cannot open")) << job.error().message;
  EXPECT_EQ(problems.size(), 1U);
}

// ---------------------------------------------------------------------------------------------
// load_creditors

// A folder with the templates and letterheads a creditors file points at, in config/../.
class LoadCreditors : public ::testing::Test {
protected:
  void SetUp() override {
    std::filesystem::create_directories(m_folder / "templates" / "emails" / "acme");
    std::filesystem::create_directories(m_folder / "templates" / "emails" / "northwind");
    write_text(m_folder / "templates" / "letterhead" / "acme.pdf", "%PDF-1.4 dummy letterhead\n");
  }

  std::filesystem::path write_creditors(const std::string& contents) {
    const auto path = m_folder / "config" / "creditors.toml";
    write_text(path, contents);
    return path;
  }

  TemporaryFolder m_folder;
};

const std::string k_two_creditors = R"(# Two creditors, each with a mailbox of its own.
[[creditor]]
id = "acme"
name = "Acme B.V."
address = ["Keizersgracht 1", "1015 CJ Amsterdam"]
vat_number = "NL001234567B01"
coc = "12345678"
iban = "NL91ABNA0417164300"
language = "nl"
mailbox = "acme"
email_template = "../templates/emails/acme"
letterhead = "../templates/letterhead/acme.pdf"

[[creditor]]
id = "northwind"
name = "Northwind Trading Ltd"
address = "Herengracht 500"
vat_number = "NL859123456B01"
coc = "87654321"
iban = "GB82 WEST 1234 5698 7654 32"
language = "en"
mailbox = "relay"
email_template = "../templates/emails/northwind"
use_letterhead = false

[mailbox.acme]
url = "smtp://127.0.0.1:2525"
from = "\"Acme B.V. Facturatie\" <facturen@acme.example>"
reply_to = "Debiteuren <debiteuren@acme.example>"
bcc = ["archief@acme.example; boekhouding@acme.example", "extra@acme.example"]
connections = 4
username_env = "ACME_USER"
password_env = "ACME_PASSWORD"
ca_file = "../certs/ca.pem"

[mailbox.relay]
url = "smtp://mail.example.com:587"
from = "billing@northwind.example"
)";

TEST_F(LoadCreditors, PaymentQrIsOffUnlessTheCreditorAsks) {
  const auto plain = load_creditors(write_creditors(k_two_creditors));
  ASSERT_TRUE(plain.has_value());
  EXPECT_FALSE(plain->find("acme")->payment_qr);

  std::string text = k_two_creditors;
  const std::string line = "letterhead = \"../templates/letterhead/acme.pdf\"\n";
  text.replace(text.find(line), line.size(), line + "payment_qr = true\n");
  const auto enabled = load_creditors(write_creditors(text));
  ASSERT_TRUE(enabled.has_value()) << enabled.error().to_string();
  EXPECT_TRUE(enabled->find("acme")->payment_qr);
  EXPECT_FALSE(enabled->find("northwind")->payment_qr);

  text.replace(text.find("payment_qr = true"), std::string("payment_qr = true").size(),
               "payment_qr = \"yes\"");
  const auto wrong = load_creditors(write_creditors(text));
  ASSERT_FALSE(wrong.has_value());
  EXPECT_NE(wrong.error().to_string().find("payment_qr"), std::string::npos)
    << wrong.error().to_string();
}

TEST_F(LoadCreditors, ReminderLevelsAscendWithATemplateAndAnOptionalFee) {
  std::filesystem::create_directories(m_folder / "templates" / "emails" / "acme-reminder");
  std::filesystem::create_directories(m_folder / "templates" / "emails" / "acme-final-notice");
  std::string text = k_two_creditors;
  const std::string line = "letterhead = \"../templates/letterhead/acme.pdf\"\n";
  const std::string levels = "hold_reminders_if_statement_older_than = 3\n"
                             "[[creditor.reminder]]\n"
                             "after_days = 14\n"
                             "email_template = \"../templates/emails/acme-reminder\"\n"
                             "[[creditor.reminder]]\n"
                             "after_days = 30\n"
                             "email_template = \"../templates/emails/acme-final-notice\"\n"
                             "fee = \"15.00\"\n"
                             "pay_within_days = 7\n";
  text.replace(text.find(line), line.size(), line + levels);
  const auto loaded = load_creditors(write_creditors(text));
  ASSERT_TRUE(loaded.has_value()) << loaded.error().to_string();
  const auto& acme = *loaded->find("acme");
  ASSERT_EQ(acme.reminders.size(), 2u);
  EXPECT_EQ(acme.reminders[0].after_days, 14u);
  EXPECT_EQ(acme.reminders[0].fee.cents, 0);
  EXPECT_EQ(acme.reminders[1].after_days, 30u);
  EXPECT_EQ(acme.reminders[1].fee.cents, 1500);
  EXPECT_EQ(acme.reminders[1].email_template.filename(), "acme-final-notice");
  EXPECT_EQ(acme.reminders[0].pay_within_days, 14u); // The default.
  EXPECT_EQ(acme.reminders[1].pay_within_days, 7u);
  EXPECT_EQ(acme.hold_reminders_if_statement_older_than, 3u);
  EXPECT_TRUE(loaded->find("northwind")->reminders.empty());
  EXPECT_EQ(loaded->find("northwind")->hold_reminders_if_statement_older_than, std::nullopt);

  // Out of order, a fee with a comma, a missing template, an unknown key: each named.
  std::string bad = text;
  bad.replace(bad.find("after_days = 30"), 15, "after_days = 10");
  bad.replace(bad.find("\"15.00\""), 7, "\"15,00\"");
  bad.replace(bad.find("acme-reminder\""), 14, "acme-missing\"\nlevel = 1");
  bad.replace(bad.find("pay_within_days = 7"), 19, "pay_within_days = 0");
  const auto refused = load_creditors(write_creditors(bad));
  ASSERT_FALSE(refused.has_value());
  std::string all;
  for (const auto& problem : refused.problems()) {
    all += problem.to_string() + "\n";
  }
  EXPECT_NE(all.find("reminder[1].after_days: expected a number of days after the due date, from "
                     "1 to 3650 and larger than the level before, got 10"),
            std::string::npos)
    << all;
  EXPECT_NE(all.find("reminder[0].email_template: template folder"), std::string::npos) << all;
  EXPECT_NE(all.find("reminder[1].fee: expected an amount like \"15.00\", got \"15,00\""),
            std::string::npos)
    << all;
  EXPECT_NE(all.find("reminder[0].level"), std::string::npos) << all;
  EXPECT_NE(all.find("reminder[1].pay_within_days: expected a number of days from 1 to 365, got 0"),
            std::string::npos)
    << all;
}

TEST_F(LoadCreditors, TwoCreditorsAndTwoMailboxes) {
  const auto path = write_creditors(k_two_creditors);
  const auto creditors = load_creditors(path);
  const auto& problems = creditors.problems();
  ASSERT_TRUE(creditors.has_value()) << all_of(problems);
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(creditors->path, path);
  ASSERT_EQ(creditors->by_id.size(), 2U);
  ASSERT_EQ(creditors->mailboxes.size(), 2U);

  const Creditor* acme = creditors->find("acme");
  ASSERT_NE(acme, nullptr);
  EXPECT_EQ(acme->name, "Acme B.V.");
  EXPECT_EQ(acme->address, (std::vector<std::string>{"Keizersgracht 1", "1015 CJ Amsterdam"}));
  EXPECT_EQ(acme->vat_number, "NL001234567B01");
  EXPECT_EQ(acme->coc, "12345678");
  EXPECT_EQ(acme->iban, "NL91ABNA0417164300");
  EXPECT_EQ(acme->language, Language::Dutch);
  EXPECT_EQ(acme->mailbox, "acme");
  EXPECT_EQ(acme->email_template, m_folder.path() / "templates" / "emails" / "acme");
  EXPECT_EQ(acme->letterhead, m_folder.path() / "templates" / "letterhead" / "acme.pdf");
  EXPECT_TRUE(acme->use_letterhead);

  const Creditor* northwind = creditors->find("northwind");
  ASSERT_NE(northwind, nullptr);
  EXPECT_EQ(northwind->address, (std::vector<std::string>{"Herengracht 500"}));
  EXPECT_EQ(northwind->iban, "GB82 WEST 1234 5698 7654 32"); // kept as written
  EXPECT_EQ(northwind->language, Language::English);
  EXPECT_FALSE(northwind->use_letterhead);
  EXPECT_TRUE(northwind->letterhead.empty());

  const Mailbox& local = creditors->mailbox_of(*acme);
  EXPECT_EQ(local.name, "acme");
  EXPECT_EQ(local.url, "smtp://127.0.0.1:2525");
  EXPECT_EQ(local.kind, MailboxKind::Smtp);
  EXPECT_EQ(local.host, "127.0.0.1");
  EXPECT_EQ(local.port, 2525);
  EXPECT_EQ(local.from_name, "Acme B.V. Facturatie");
  EXPECT_EQ(local.from_address, "facturen@acme.example");
  EXPECT_EQ(local.reply_to, "Debiteuren <debiteuren@acme.example>");
  // Each entry may hold several addresses separated by ';'.
  EXPECT_EQ(local.bcc, (std::vector<std::string>{"archief@acme.example", "boekhouding@acme.example",
                                                 "extra@acme.example"}));
  EXPECT_EQ(local.starttls, StartTls::Opportunistic); // towards this machine
  EXPECT_EQ(local.connections, 4U);
  EXPECT_EQ(local.username_env, "ACME_USER");
  EXPECT_EQ(local.password_env, "ACME_PASSWORD");
  EXPECT_EQ(local.ca_file, m_folder.path() / "certs" / "ca.pem");

  const Mailbox& relay = creditors->mailbox_of(*northwind);
  EXPECT_EQ(relay.host, "mail.example.com");
  EXPECT_EQ(relay.port, 587);
  EXPECT_EQ(relay.from_name, "");
  EXPECT_EQ(relay.from_address, "billing@northwind.example");
  EXPECT_EQ(relay.starttls, StartTls::Required); // towards anything else
  EXPECT_EQ(relay.connections, 2U);              // the default pool size
  EXPECT_TRUE(relay.bcc.empty());
  EXPECT_TRUE(relay.username_env.empty());
}

TEST_F(LoadCreditors, TheDemoCreditorsFileOfTheRepositoryParses) {
  // The demo's template folders and letterheads may not exist yet; only syntax and fields are
  // checked here, so problems about missing files are tolerated.
  const auto path = mailroom::testing::source_dir() / "jobs" / "creditors.toml";
  const auto problems = load_creditors(path).problems();
  for (const auto& problem : problems) {
    EXPECT_TRUE(contains(problem.message, "does not exist")) << problem.to_string();
  }
}

struct StartTlsCase {
  const char* url;
  const char* setting; // Empty: not written.
  StartTls expected;
};

class LoadCreditorsStartTls
  : public LoadCreditors
  , public ::testing::WithParamInterface<StartTlsCase> {};

TEST_P(LoadCreditorsStartTls, DefaultsAndExplicitSettings) {
  const auto& param = GetParam();
  std::string contents = R"([[creditor]]
id = "acme"
name = "Acme"
address = ["Street 1"]
vat_number = "NL1"
coc = "1"
iban = "NL91ABNA0417164300"
language = "nl"
mailbox = "main"
email_template = "../templates/emails/acme"
use_letterhead = false

[mailbox.main]
from = "a@acme.example"
url = ")" + std::string(param.url) +
                         "\"\n";
  if (*param.setting != '\0') {
    contents += "starttls = \"" + std::string(param.setting) + "\"\n";
  }
  const auto creditors = load_creditors(write_creditors(contents));
  const auto& problems = creditors.problems();
  ASSERT_TRUE(creditors.has_value()) << all_of(problems);
  EXPECT_EQ(creditors->mailboxes.at("main").starttls, param.expected) << param.url;
}

INSTANTIATE_TEST_SUITE_P(
  Cases, LoadCreditorsStartTls,
  ::testing::Values(StartTlsCase{"smtp://127.0.0.1:2525", "", StartTls::Opportunistic},
                    StartTlsCase{"smtp://127.0.0.2:25", "", StartTls::Opportunistic},
                    StartTlsCase{"smtp://localhost:25", "", StartTls::Opportunistic},
                    StartTlsCase{"smtp://[::1]:25", "", StartTls::Opportunistic},
                    StartTlsCase{"smtp://mail.example.com:587", "", StartTls::Required},
                    StartTlsCase{"smtp://10.0.0.1:25", "", StartTls::Required},
                    StartTlsCase{"smtp://127.0.0.1:2525", "required", StartTls::Required},
                    StartTlsCase{"smtp://mail.example.com:25", "opportunistic",
                                 StartTls::Opportunistic},
                    StartTlsCase{"smtp://mail.example.com:25", "off", StartTls::Off}));

TEST_F(LoadCreditors, AHostNameThatMerelyStartsWith127IsNotThisMachine) {
  const std::string contents = R"([[creditor]]
id = "acme"
name = "Acme"
address = ["Street 1"]
vat_number = "NL1"
coc = "1"
iban = "NL91ABNA0417164300"
language = "nl"
mailbox = "main"
email_template = "../templates/emails/acme"
use_letterhead = false

[mailbox.main]
from = "a@acme.example"
url = "smtp://127.mail.example.com:25"
)";
  const auto creditors = load_creditors(write_creditors(contents));
  ASSERT_TRUE(creditors.has_value()) << creditors.error().to_string();
  EXPECT_EQ(creditors->mailboxes.at("main").starttls, StartTls::Required);
}

// Every kind of mistake at once, each reported with file, line and field.
const std::string k_many_problems = R"([[creditor]]
id = "acme"
name = "Acme B.V."
address = ["Keizersgracht 1"]
vat_number = "NL001234567B01"
coc = "12345678"
iban = "NL92ABNA0417164300"
language = "nl"
mailbox = "acme"
email_template = "../templates/emails/acme"

[[creditor]]
id = "northwind"
name = "Northwind Trading Ltd"
address = ["Herengracht 500"]
vat_number = "NL859123456B01"
coc = "87654321"
iban = "NL91ABNA0417164300"
language = "de"
mailbox = "no-such-mailbox"
email_template = "../templates/emails/missing"
letterhead = "../templates/letterhead/missing.pdf"
colour = "blue"

[[creditor]]
id = "acme"
name = "Acme again"
address = ["Elsewhere 2"]
vat_number = "NL1"
coc = "1"
iban = "NL91ABNA0417164300"
language = "nl"
mailbox = "acme"
email_template = "../templates/emails/acme"
use_letterhead = false

[mailbox.acme]
url = "smtp://mail.example.com:587"
from = "Acme <not-an-address>"
starttls = "sometimes"
connections = 0
bcc = ["ok@acme.example; broken@"]
)";

TEST_F(LoadCreditors, CollectsEveryProblemWithFileLineAndField) {
  const auto path = write_creditors(k_many_problems);
  const auto creditors = load_creditors(path);
  const auto& problems = creditors.problems();
  ASSERT_FALSE(creditors.has_value());
  EXPECT_EQ(creditors.error().to_string(), problems.front().to_string());
  for (const auto& problem : problems) {
    EXPECT_EQ(problem.location.file, path.string()) << problem.to_string();
  }
  const auto expect = [&](const std::string& field, const std::string& message_part, long line) {
    const Error* problem = problem_for(problems, field);
    ASSERT_NE(problem, nullptr) << "no problem for " << field << " in\n" << all_of(problems);
    EXPECT_TRUE(contains(problem->message, message_part)) << problem->to_string();
    if (line > 0) {
      EXPECT_EQ(problem->location.line, line) << problem->to_string();
    }
  };
  const std::string& text = k_many_problems;
  // Bad IBAN checksum (NL92 instead of NL91).
  expect("creditor \"acme\".iban", "check digits", line_of(text, "NL92ABNA"));
  // No letterhead although use_letterhead defaults to true: reported at the creditor's table.
  expect("creditor \"acme\".letterhead", "missing", line_of(text, "[[creditor]]"));
  // Unknown language.
  expect("creditor \"northwind\".language", "\"de\"", line_of(text, "language = \"de\""));
  // Template folder and letterhead that do not exist.
  expect("creditor \"northwind\".email_template", "does not exist",
         line_of(text, "emails/missing"));
  expect("creditor \"northwind\".letterhead", "does not exist", line_of(text, "missing.pdf"));
  // A misspelt key (reported before the id is known).
  expect("creditor[1].colour", "unknown key", line_of(text, "colour"));
  // A mailbox that is not defined.
  expect("creditor \"northwind\".mailbox", "no [mailbox.no-such-mailbox]", 0);
  // The id used twice: reported at the second creditor's table.
  expect("creditor \"acme\".id", "used twice", line_of(text, "name = \"Acme again\"") - 2);
  // Mailbox fields.
  expect("mailbox.acme.from", "not-an-address", line_of(text, "from = \"Acme <not"));
  expect("mailbox.acme.starttls", "\"sometimes\"", line_of(text, "sometimes"));
  expect("mailbox.acme.connections", "1 to 64", line_of(text, "connections = 0"));
  expect("mailbox.acme.bcc", "broken@", line_of(text, "bcc ="));
  EXPECT_EQ(problems.size(), 12U) << all_of(problems);
}

TEST_F(LoadCreditors, AMailboxRateAndMaxPerRunAreReadAndABadOneIsNamedWithItsLine) {
  std::string text = k_two_creditors;
  const std::string line = "connections = 4\n";
  text.replace(text.find(line), line.size(), line + "rate = \"30/minute\"\nmax_per_run = 500\n");
  const auto creditors = load_creditors(write_creditors(text));
  ASSERT_TRUE(creditors.has_value()) << creditors.error().to_string();
  const Mailbox& acme = creditors->mailboxes.at("acme");
  ASSERT_TRUE(acme.rate);
  EXPECT_EQ(acme.rate->messages, 30U);
  EXPECT_EQ(acme.rate->period_seconds, 60U);
  EXPECT_EQ(acme.max_per_run, 500U);
  const Mailbox& relay = creditors->mailboxes.at("relay");
  EXPECT_FALSE(relay.rate) << "unpaced unless asked";
  EXPECT_FALSE(relay.max_per_run);

  for (const auto& [rate, seconds] : std::vector<std::pair<std::string, unsigned>>{
         {"5/second", 1}, {"300/hour", 3'600}, {"2000/day", 86'400}}) {
    std::string other = k_two_creditors;
    other.replace(other.find(line), line.size(), line + "rate = \"" + rate + "\"\n");
    const auto read = load_creditors(write_creditors(other));
    ASSERT_TRUE(read.has_value()) << rate << ": " << read.error().to_string();
    EXPECT_EQ(read->mailboxes.at("acme").rate->period_seconds, seconds) << rate;
  }

  for (const std::string bad :
       {"30/fortnight", "30", "/minute", "0/minute", "-3/minute", "thirty/minute", "30/minute "}) {
    std::string wrong = k_two_creditors;
    wrong.replace(wrong.find(line), line.size(),
                  line + "rate = \"" + bad + "\"\nmax_per_run = 0\n");
    const auto path = write_creditors(wrong);
    const auto problems = load_creditors(path).problems();
    const Error* rate = problem_for(problems, "mailbox.acme.rate");
    ASSERT_NE(rate, nullptr) << bad << ": " << all_of(problems);
    EXPECT_EQ(rate->location.file, path.string());
    EXPECT_EQ(rate->location.line, line_of(wrong, "rate = \""));
    EXPECT_TRUE(contains(rate->message, "\"30/minute\"")) << rate->to_string();
    EXPECT_TRUE(contains(rate->message, "\"" + bad + "\"")) << rate->to_string();
    const Error* most = problem_for(problems, "mailbox.acme.max_per_run");
    ASSERT_NE(most, nullptr) << all_of(problems);
    EXPECT_EQ(most->location.line, line_of(wrong, "max_per_run = 0"));
    EXPECT_TRUE(contains(most->message, "from 1")) << most->to_string();
  }
}

TEST_F(LoadCreditors, UnknownMailboxProblemHasALine) {
  const auto path = write_creditors(k_many_problems);
  const auto problems = load_creditors(path).problems();
  const Error* problem = problem_for(problems, "creditor \"northwind\".mailbox");
  ASSERT_NE(problem, nullptr);
  EXPECT_EQ(problem->location.line, line_of(k_many_problems, "no-such-mailbox"));
}

TEST_F(LoadCreditors, BccAddressesAreKeptOnceAcrossEntries) {
  std::string contents = k_two_creditors;
  const std::string bcc = "\"extra@acme.example\"]";
  contents.replace(contents.find(bcc), bcc.size(), "\"ARCHIEF@acme.example\"]");
  const auto creditors = load_creditors(write_creditors(contents));
  ASSERT_TRUE(creditors.has_value()) << creditors.error().to_string();
  EXPECT_EQ(creditors->mailboxes.at("acme").bcc,
            (std::vector<std::string>{"archief@acme.example", "boekhouding@acme.example"}));
}

TEST_F(LoadCreditors, RefusesCredentialsInTheMailboxUrl) {
  std::string contents = k_two_creditors;
  const std::string url = "url = \"smtp://mail.example.com:587\"";
  contents.replace(contents.find(url), url.size(),
                   "url = \"smtp://joe:hunter2@mail.example.com:587\"");
  const auto loaded = load_creditors(write_creditors(contents));
  ASSERT_FALSE(loaded.has_value());
  const auto& problems = loaded.problems();
  ASSERT_EQ(problems.size(), 1U) << all_of(problems);
  EXPECT_EQ(problems[0].location.field, "mailbox.relay.url");
  EXPECT_EQ(problems[0].location.line, line_of(contents, "hunter2"));
  EXPECT_TRUE(contains(problems[0].message, "credentials")) << problems[0].message;
}

TEST_F(LoadCreditors, RefusesABadReplyTo) {
  std::string contents = k_two_creditors;
  const std::string reply = "reply_to = \"Debiteuren <debiteuren@acme.example>\"";
  contents.replace(contents.find(reply), reply.size(), "reply_to = \"Debiteuren <debiteuren>\"");
  const auto loaded = load_creditors(write_creditors(contents));
  ASSERT_FALSE(loaded.has_value());
  const auto& problems = loaded.problems();
  ASSERT_EQ(problems.size(), 1U) << all_of(problems);
  EXPECT_EQ(problems[0].location.field, "mailbox.acme.reply_to");
}

TEST_F(LoadCreditors, InternationalisedFromAndReplyToDomainsBecomeALabels) {
  std::string contents = k_two_creditors;
  const std::string from = "from = \"billing@northwind.example\"";
  contents.replace(contents.find(from), from.size(),
                   "from = \"B\u00fccher <billing@b\u00fccher.example>\"\n"
                   "reply_to = \"Debiteuren B\u00fccher <debiteuren@B\u00dcCHER.example>\"");
  const auto creditors = load_creditors(write_creditors(contents));
  const auto& problems = creditors.problems();
  ASSERT_TRUE(creditors.has_value()) << all_of(problems);
  const Mailbox& relay = creditors->mailbox_of(*creditors->find("northwind"));
  // The name stays as written; the domain is what SMTP and the headers carry.
  EXPECT_EQ(relay.from_name, "B\u00fccher");
  EXPECT_EQ(relay.from_address, "billing@xn--bcher-kva.example");
  EXPECT_EQ(relay.reply_to, "Debiteuren B\u00fccher <debiteuren@xn--bcher-kva.example>");

  std::string bad = k_two_creditors;
  bad.replace(bad.find(from), from.size(), "from = \"billing@b\u00fccher..example\"");
  const auto refused = load_creditors(write_creditors(bad));
  ASSERT_FALSE(refused.has_value());
  ASSERT_EQ(refused.problems().size(), 1U) << all_of(refused.problems());
  EXPECT_EQ(refused.error().location.field, "mailbox.relay.from");
}

TEST_F(LoadCreditors, FromWithAnUnclosedAngleBracket) {
  std::string contents = k_two_creditors;
  const std::string from = "from = \"billing@northwind.example\"";
  contents.replace(contents.find(from), from.size(),
                   "from = \"Billing <billing@northwind.example\"");
  const auto loaded = load_creditors(write_creditors(contents));
  ASSERT_FALSE(loaded.has_value());
  const auto& problems = loaded.problems();
  ASSERT_EQ(problems.size(), 1U) << all_of(problems);
  EXPECT_EQ(problems[0].location.field, "mailbox.relay.from");
  EXPECT_EQ(problems[0].message, "expected \"Name <address>\" or \"address\"");
}

TEST_F(LoadCreditors, MissingRequiredCreditorFields) {
  const std::string contents = R"([[creditor]]
id = "bare"
use_letterhead = false

[mailbox.main]
url = "maildir:out"
from = "a@b.example"
)";
  const auto loaded = load_creditors(write_creditors(contents));
  ASSERT_FALSE(loaded.has_value());
  const auto& problems = loaded.problems();
  for (const char* field :
       {"name", "address", "vat_number", "coc", "iban", "language", "mailbox", "email_template"}) {
    const Error* problem = problem_for(problems, std::string("creditor \"bare\".") + field);
    ASSERT_NE(problem, nullptr) << field << "\n" << all_of(problems);
    EXPECT_TRUE(contains(problem->message, "missing")) << problem->to_string();
    EXPECT_EQ(problem->location.line, 1) << problem->to_string();
  }
  EXPECT_EQ(problems.size(), 8U) << all_of(problems);
}

TEST_F(LoadCreditors, CreditorWithoutIdIsNamedByItsIndex) {
  const std::string contents = R"([[creditor]]
name = "Nameless"
address = ["Street 1"]
vat_number = "NL1"
coc = "1"
iban = "NL91ABNA0417164300"
language = "nl"
mailbox = "main"
email_template = "../templates/emails/acme"
use_letterhead = false

[mailbox.main]
url = "maildir:out"
from = "a@b.example"
)";
  const auto loaded = load_creditors(write_creditors(contents));
  ASSERT_FALSE(loaded.has_value());
  const auto& problems = loaded.problems();
  ASSERT_EQ(problems.size(), 1U) << all_of(problems);
  EXPECT_EQ(problems[0].location.field, "creditor[0].id");
}

TEST_F(LoadCreditors, NeedsAtLeastOneCreditor) {
  const auto creditors = load_creditors(write_creditors("[mailbox.main]\nurl = \"maildir:out\"\n"
                                                        "from = \"a@b.example\"\n"));
  ASSERT_FALSE(creditors.has_value());
  const auto& problems = creditors.problems();
  ASSERT_EQ(problems.size(), 1U) << all_of(problems);
  EXPECT_EQ(problems[0].location.field, "creditor");
  EXPECT_TRUE(contains(problems[0].message, "at least one [[creditor]]"));
}

TEST_F(LoadCreditors, CreditorListWithoutTablesIsNotSuccess) {
  const auto creditors = load_creditors(write_creditors("creditor = [1, \"x\"]\n"));
  const auto& problems = creditors.problems();
  EXPECT_FALSE(creditors.has_value());
  EXPECT_FALSE(problems.empty());
}

TEST_F(LoadCreditors, MaildirMailboxResolvedAgainstTheFile) {
  std::string contents = k_two_creditors;
  const std::string url = "url = \"smtp://mail.example.com:587\"";
  contents.replace(contents.find(url), url.size(), "url = \"maildir:../var/mail/northwind\"");
  const auto creditors = load_creditors(write_creditors(contents));
  ASSERT_TRUE(creditors.has_value()) << creditors.error().to_string();
  const auto& mailbox = creditors->mailboxes.at("relay");
  EXPECT_EQ(mailbox.kind, MailboxKind::Maildir);
  EXPECT_EQ(mailbox.maildir, m_folder.path() / "var" / "mail" / "northwind");
}

TEST_F(LoadCreditors, UnknownTopLevelKeyAndMailboxKey) {
  std::string contents = "mailboxes = 1\n" + k_two_creditors + "pasword = \"x\"\n";
  const auto loaded = load_creditors(write_creditors(contents));
  ASSERT_FALSE(loaded.has_value());
  const auto& problems = loaded.problems();
  const Error* top = problem_for(problems, "mailboxes");
  ASSERT_NE(top, nullptr) << all_of(problems);
  EXPECT_EQ(top->location.line, 1);
  const Error* inner = problem_for(problems, "mailbox.relay.pasword");
  ASSERT_NE(inner, nullptr) << all_of(problems);
  EXPECT_EQ(inner->location.line, line_of(contents, "pasword"));
  EXPECT_TRUE(contains(inner->message, "password_env")) << inner->message;
  EXPECT_EQ(problems.size(), 2U) << all_of(problems);
}

TEST_F(LoadCreditors, SyntaxError) {
  const auto creditors = load_creditors(write_creditors("[[creditor]]\nid = \"a\"\nname = \n"));
  ASSERT_FALSE(creditors.has_value());
  const auto& problems = creditors.problems();
  ASSERT_EQ(problems.size(), 1U) << all_of(problems);
  EXPECT_TRUE(contains(problems[0].message, "not valid TOML")) << problems[0].message;
  EXPECT_EQ(problems[0].location.line, 3);
}

TEST_F(LoadCreditors, MissingFile) {
  const auto creditors = load_creditors(m_folder / "nope.toml");
  ASSERT_FALSE(creditors.has_value());
  EXPECT_TRUE(contains(creditors.error().message, "cannot open")) << creditors.error().message;
}

} // namespace
} // namespace mailroom::job
