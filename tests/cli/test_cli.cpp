// The mailroom binary as a script or a person meets it: help, usage errors and exit codes,
// `validate`, `render`, and the shipped demo job end to end into a maildir.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <tests/pipeline/job_fixture.hpp>
#include <tests/support/mime_reader.hpp>
#include <tests/support/pdf_reader.hpp>
#include <tests/support/process.hpp>
#include <tests/support/temporary_folder.hpp>

namespace mailroom::testing {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

size_t count_files(const std::filesystem::path& folder) {
  if (!std::filesystem::is_directory(folder)) {
    return 0;
  }
  size_t count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    count += entry.is_regular_file();
  }
  return count;
}

TEST(Cli, HelpExplainsTheCommandsAndExitCodes) {
  const auto result = run_mailroom({"--help"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_TRUE(contains(result.out, "mailroom run JOB"));
  EXPECT_TRUE(contains(result.out, "mailroom validate JOB"));
  EXPECT_TRUE(contains(result.out, "mailroom render JOB --out DIR"));
  EXPECT_TRUE(contains(result.out, "Exit codes:"));

  const auto run_help = run_mailroom({"run", "--help"});
  EXPECT_EQ(run_help.exit_code, 0);
  for (const auto* option : {"--threads", "--limit", "--dry-run", "--resend", "--report",
                             "--progress", "--log-format", "--metrics", "textfile collector"}) {
    EXPECT_TRUE(contains(run_help.out, option)) << option;
  }
  const auto remind_help = run_mailroom({"help", "remind"});
  EXPECT_EQ(remind_help.exit_code, 0);
  for (const auto* option :
       {"--as-of", "--dry-run", "--limit", "--report", "--progress", "--log-format"}) {
    EXPECT_TRUE(contains(remind_help.out, option)) << option;
  }
  EXPECT_TRUE(contains(result.out, "mailroom remind JOB"));
  EXPECT_EQ(run_mailroom({"help", "render"}).exit_code, 0);
  EXPECT_TRUE(contains(run_mailroom({"help", "render"}).out, "--out"));
  EXPECT_EQ(run_mailroom({"--version"}).exit_code, 0);
}

TEST(Cli, UsageErrorsExitWithTwoAndSayWhatIsWrong) {
  const auto nothing = run_mailroom({});
  EXPECT_EQ(nothing.exit_code, 2);
  const auto unknown = run_mailroom({"sned", "job.toml"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_TRUE(contains(unknown.err, "unknown command \"sned\"")) << unknown.err;
  const auto no_job = run_mailroom({"run"});
  EXPECT_EQ(no_job.exit_code, 2);
  EXPECT_TRUE(contains(no_job.err, "which job?")) << no_job.err;
  const auto bad_option = run_mailroom({"run", "job.toml", "--treads", "2"});
  EXPECT_EQ(bad_option.exit_code, 2);
  EXPECT_TRUE(contains(bad_option.err, "treads")) << bad_option.err;
  const auto bad_progress = run_mailroom({"run", "job.toml", "--progress", "fancy"});
  EXPECT_EQ(bad_progress.exit_code, 2);
  const auto bad_format = run_mailroom({"run", "job.toml", "--log-format", "xml"});
  EXPECT_EQ(bad_format.exit_code, 2);
  EXPECT_TRUE(contains(bad_format.err, "--log-format takes text or json")) << bad_format.err;
  const auto bad_day = run_mailroom({"remind", "job.toml", "--as-of", "20-12-2026"});
  EXPECT_EQ(bad_day.exit_code, 2);
  EXPECT_TRUE(contains(bad_day.err, "--as-of expects a date YYYY-MM-DD, got \"20-12-2026\""))
    << bad_day.err;
  const auto missing = run_mailroom({"run", "/nonexistent/job.toml"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_TRUE(contains(missing.err, "/nonexistent/job.toml")) << missing.err;
}

TEST(Cli, BadSelectionsAndLetterheadChoicesAreUsageErrors) {
  const auto refused = [](std::vector<std::string> arguments, const std::string& said) {
    const auto result = run_mailroom(arguments);
    EXPECT_EQ(result.exit_code, 2) << arguments.back() << "\n" << result.err;
    EXPECT_TRUE(contains(result.err, said)) << arguments.back() << "\n" << result.err;
  };
  refused({"run", "job.toml", "--letterhead", "maybe"},
          "--letterhead takes on or off, got \"maybe\"");
  refused({"run", "job.toml", "--dry-run", "--letterhead", "yes"}, "--letterhead takes on or off");
  refused({"run", "job.toml", "--only", "acme/"}, "the invoice number is missing");
  refused({"run", "job.toml", "--only", "/2026-1"}, "the creditor before '/' is missing");
  refused({"run", "job.toml", "--only", "acme/2026/1"}, "character '/' is not allowed");
  refused({"run", "job.toml", "--only", "../2026-1"}, "must start with a letter or digit");
  refused({"run", "job.toml", "--only", "2026 1"}, "character ' ' is not allowed");
  refused({"run", "job.toml", "--only", "2026-1", "--limit", "1"},
          "give either --only or --limit, not both");
  refused({"render", "job.toml", "--out", "pdfs", "--letterhead", "of"},
          "--letterhead takes on or off");

  const auto run_help = run_mailroom({"run", "--help"});
  EXPECT_TRUE(contains(run_help.out, "--only")) << run_help.out;
  EXPECT_TRUE(contains(run_help.out, "--letterhead")) << run_help.out;
}

TEST(Cli, RenderTakesASelectionAndALetterheadChoice) {
  JobFixture job("maildir:outbox");
  job.write({make_invoice("2026-1", "acme", "a@example.org").dump(),
             make_invoice("2026-2", "northwind", "b@example.org").dump()});
  const auto out = job.root() / "pdfs";
  const auto result =
    run_mailroom({"render", job.job_file().string(), "--out", out.string(), "--progress", "none",
                  "--only", "northwind/2026-2", "--letterhead", "off"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(count_files(out), 1u);
  const auto pdf = read_text(out / "2026-2.pdf");
  EXPECT_EQ(pdf.find("/MailroomLetterhead1"), std::string::npos);
}

TEST(Cli, AJobFileWithAMisspeltKeyIsRefusedWithFileAndLine) {
  TemporaryFolder folder;
  write_text(folder / "job.toml", "name = \"x\"\ncreditors = \"c.toml\"\ninvoices = [\"i.jsonl\"]\n"
                                  "leger = \"l.db\"\narchive = \"a\"\n");
  const auto result = run_mailroom({"validate", (folder / "job.toml").string()});
  EXPECT_EQ(result.exit_code, 2);
  const auto file = (folder / "job.toml").string();
  EXPECT_TRUE(contains(result.err, file + ":4: leger: unknown key")) << result.err;
  EXPECT_TRUE(contains(result.err, "ledger: missing")) << result.err;
}

TEST(Cli, ValidateListsEveryProblemAndSendsNothing) {
  JobFixture job("maildir:outbox");
  auto bad_date = make_invoice("2026-2", "acme", "a@example.org");
  bad_date["date"] = "2026-02-30";
  bad_date["lines"][0]["vat_rate"] = "121";
  job.write({make_invoice("2026-1", "acme", "a@example.org").dump(), bad_date.dump(),
             make_invoice("2026-3", "acme", "nobody").dump(), "[1, 2]"});
  const auto result = run_mailroom({"validate", job.job_file().string()});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  const auto file = (job.root() / "invoices.jsonl").string();
  EXPECT_TRUE(contains(result.err, file + ":2: date: \"2026-02-30\" is not a day of the calendar"))
    << result.err;
  EXPECT_TRUE(contains(result.err, file + ":2: lines[0].vat_rate: expected a percentage"))
    << result.err;
  EXPECT_TRUE(contains(result.err, file + ":3: debtor.emails: \"nobody\": missing '@'"))
    << result.err;
  EXPECT_TRUE(contains(result.err, file + ":4: expected a JSON object")) << result.err;
  EXPECT_TRUE(contains(result.out, "4 invoices read: 2 with errors, 1 without a valid address"))
    << result.out;
  EXPECT_FALSE(std::filesystem::exists(job.root() / "outbox"));
  EXPECT_FALSE(std::filesystem::exists(job.ledger()));
}

TEST(Cli, ValidateAndADryRunSayTheSameOfADuplicateNumberAndABadAddress) {
  JobFixture job("maildir:outbox");
  job.write({make_invoice("2026-1", "acme", "a@example.org").dump(),
             make_invoice("2026-1", "acme", "b@example.org").dump(),
             make_invoice("2026-2", "acme", "nobody").dump()});
  const auto file = (job.root() / "invoices.jsonl").string();
  const std::string duplicate =
    file + ":2: number: invoice number 2026-1 appears more than once in this job";
  const std::string bad_address = file + ":3: debtor.emails: \"nobody\": missing '@'";
  const auto validated = run_mailroom({"validate", job.job_file().string()});
  const auto dry_run =
    run_mailroom({"run", job.job_file().string(), "--dry-run", "--progress", "plain"});
  for (const auto* result : {&validated, &dry_run}) {
    EXPECT_EQ(result->exit_code, 1) << result->err;
    EXPECT_TRUE(contains(result->err, duplicate)) << result->err;
    EXPECT_TRUE(contains(result->err, "nobody")) << result->err;
  }
  EXPECT_TRUE(contains(validated.err, bad_address)) << validated.err;
  EXPECT_TRUE(contains(validated.out, "3 invoices read: 1 with errors, 1 without a valid address"))
    << validated.out;
}

TEST(Cli, RenderWritesAReportWithHowLongEachInvoiceTookToRender) {
  JobFixture job("maildir:outbox");
  job.write({make_invoice("2026-1", "acme", "a@example.org").dump(), "{not json",
             make_invoice("2026-2", "northwind", "").dump()});
  TemporaryFolder out;
  const auto report_path = out / "report.json";
  const auto result =
    run_mailroom({"render", job.job_file().string(), "--out", (out / "pdf").string(), "--report",
                  report_path.string(), "--progress", "none"});
  EXPECT_EQ(result.exit_code, 1) << "one record is not an invoice\n" << result.err;
  const auto report = nlohmann::json::parse(read_text(report_path));
  EXPECT_EQ(report["prepared"], 2);
  EXPECT_EQ(report["failed"], 1);
  ASSERT_EQ(report["invoices"].size(), 3u);
  for (const auto& entry : report["invoices"]) {
    if (entry["status"] == "prepared") {
      ASSERT_TRUE(entry["render_ms"].is_number()) << entry.dump();
      EXPECT_GT(entry["render_ms"].get<double>(), 0.0) << entry.dump();
      EXPECT_LT(entry["render_ms"].get<double>(), 60'000.0) << entry.dump();
    } else {
      EXPECT_EQ(entry["status"], "failed") << entry.dump();
      EXPECT_TRUE(entry["render_ms"].is_null()) << entry.dump();
    }
  }
  EXPECT_TRUE(std::filesystem::exists(out / "pdf/2026-1.pdf"));
}

TEST(Cli, RenderWritesOnePdfPerInvoiceAndSendsNothing) {
  JobFixture job("maildir:outbox");
  job.write({make_invoice("2026-1", "acme", "a@example.org").dump(),
             make_invoice("2026-2", "northwind", "").dump()});
  TemporaryFolder out;
  const auto result =
    run_mailroom({"render", job.job_file().string(), "--out", out.path().string()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  ASSERT_TRUE(std::filesystem::exists(out / "2026-1.pdf"));
  ASSERT_TRUE(std::filesystem::exists(out / "2026-2.pdf")) << "rendering needs no address";
  EXPECT_TRUE(contains(PdfReader::from_file(out / "2026-2.pdf").text(), "Invoice"));
  EXPECT_FALSE(std::filesystem::exists(job.root() / "outbox"));
  EXPECT_FALSE(std::filesystem::exists(job.ledger()));
}

// The shipped demo job, redirected into a maildir of the test's own.
TEST(Cli, TheDemoJobSendsEveryInvoiceWithAValidAddressIntoTheMaildir) {
  TemporaryFolder folder;
  write_demo_job(folder / "demo.toml", "transport = \"maildir:outbox\"\n");

  const auto result = run_mailroom({"run", (folder / "demo.toml").string(), "--report",
                                    (folder / "report.json").string(), "--progress", "plain"});
  EXPECT_EQ(result.exit_code, 1) << "the demo holds two invoices without a valid address\n"
                                 << result.out << result.err;
  EXPECT_TRUE(contains(result.out, "40 invoices: 38 sent, 2 invalid address")) << result.out;
  EXPECT_EQ(count_files(folder / "outbox/new"), 38u);
  EXPECT_EQ(count_files(folder / "outbox/tmp"), 0u);
  EXPECT_TRUE(contains(result.err, "mailroom: demo-2026-11-23: 40/40 done")) << result.err;
  // Every invoice sent was rendered, and the report says how long that took; the two without
  // an address never were.
  const auto report = nlohmann::json::parse(read_text(folder / "report.json"));
  for (const auto& entry : report["invoices"]) {
    EXPECT_EQ(entry["render_ms"].is_number(), entry["status"] == "sent") << entry.dump();
  }

  // One of the maildir's messages, parsed back.
  const auto first = std::filesystem::directory_iterator(folder / "outbox/new")->path();
  const auto message = parse_message(read_text(first));
  ASSERT_EQ(message.attachments.size(), 1u);
  const auto pdf = PdfReader::from_bytes(message.attachments[0].bytes);
  EXPECT_GE(pdf.page_count(), 1);

  // The long invoice flows onto a second page.
  EXPECT_EQ(PdfReader::from_file(folder / "archive/acme/2026-000007.pdf").page_count(), 2);

  // The demo creditors' reminder levels: as of 20 December the first level of the invoices due
  // 14 days before, each with its letter and the invoice as sent; the same day again, nothing
  // more; the next day those of the invoices due a day later.
  const auto reminded = run_mailroom(
    {"remind", (folder / "demo.toml").string(), "--as-of", "2026-12-20", "--progress", "none"});
  EXPECT_EQ(reminded.exit_code, 0) << reminded.out << reminded.err;
  EXPECT_TRUE(contains(reminded.out, "10 reminders: 10 sent")) << reminded.out;
  EXPECT_EQ(count_files(folder / "outbox/new"), 48u);
  const auto again = run_mailroom(
    {"remind", (folder / "demo.toml").string(), "--as-of", "2026-12-20", "--progress", "none"});
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_TRUE(contains(again.out, "0 reminders")) << again.out;
  EXPECT_EQ(count_files(folder / "outbox/new"), 48u);
  const auto next_day = run_mailroom(
    {"remind", (folder / "demo.toml").string(), "--as-of", "2026-12-21", "--progress", "none"});
  EXPECT_EQ(next_day.exit_code, 0) << next_day.out << next_day.err;
  EXPECT_TRUE(contains(next_day.out, "2 reminders: 2 sent")) << next_day.out;
  EXPECT_EQ(count_files(folder / "outbox/new"), 50u);
}

} // namespace
} // namespace mailroom::testing

namespace mailroom::testing {
namespace {

TEST(Cli, AMissingTemplateOrAnUnreadableLetterheadRefusesTheJobNamingThePath) {
  JobFixture job("maildir:outbox");
  job.write({make_invoice("2026-1", "acme", "a@example.org").dump()});
  write_text(job.root() / "letterhead.pdf", "this is not a PDF");
  write_text(job.root() / "templates/subject.mustache", "Factuur %n");
  auto creditors = read_text(job.root() / "creditors.toml");
  const auto replace = [&](const std::string& from, const std::string& to) {
    const auto at = creditors.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    creditors.replace(at, from.size(), to);
  };
  replace((source_dir() / "templates/letterhead/acme.pdf").string(),
          (job.root() / "letterhead.pdf").string());
  replace((source_dir() / "templates/emails/northwind").string(),
          (job.root() / "templates").string());
  write_text(job.root() / "creditors.toml", creditors);

  for (const auto* command : {"run", "validate"}) {
    const auto result = run_mailroom({command, job.job_file().string()});
    EXPECT_EQ(result.exit_code, 2) << command << "\n" << result.err;
    EXPECT_TRUE(contains(result.err, (job.root() / "letterhead.pdf").string())) << result.err;
    EXPECT_TRUE(contains(result.err, (job.root() / "templates").string())) << result.err;
    EXPECT_TRUE(contains(result.err, "body.txt.mustache")) << result.err;
    EXPECT_TRUE(contains(result.err, "job refused")) << result.err;
  }
  EXPECT_FALSE(std::filesystem::exists(job.root() / "outbox"));
}

TEST(Cli, ProgressAsJsonGivesOneObjectPerLine) {
  JobFixture job("maildir:outbox");
  job.write({make_invoice("2026-1", "acme", "a@example.org").dump(),
             make_invoice("2026-2", "acme", "").dump()});
  const auto result = run_mailroom({"run", job.job_file().string(), "--progress", "json"});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  size_t lines = 0;
  bool saw_problem = false;
  bool saw_final = false;
  size_t start = 0;
  while (start < result.err.size()) {
    const auto end = result.err.find('\n', start);
    const auto line = result.err.substr(start, end - start);
    start = end == std::string::npos ? result.err.size() : end + 1;
    if (line.empty()) {
      continue;
    }
    const auto object = nlohmann::json::parse(line); // Throws, failing the test, if not JSON.
    ++lines;
    if (object["event"] == "problem") {
      saw_problem = contains(object["message"].get<std::string>(), "2026-2: invalid_address");
    }
    if (object["event"] == "progress" && object["done"] == 2 && object["total"] == 2) {
      saw_final = object["sent"] == 1 && object["invalid_address"] == 1;
    }
  }
  EXPECT_GE(lines, 2u);
  EXPECT_TRUE(saw_problem) << result.err;
  EXPECT_TRUE(saw_final) << result.err;
}

} // namespace
} // namespace mailroom::testing

namespace mailroom::testing {
namespace {

TEST(Cli, AnImpossibleThreadCountOrAnUnknownHelpTopicIsAUsageError) {
  for (const auto* threads : {"-1", "100000", "two"}) {
    const auto result = run_mailroom({"run", "job.toml", "--threads", threads});
    EXPECT_EQ(result.exit_code, 2) << threads;
    EXPECT_TRUE(contains(result.err, "--threads takes a number")) << result.err;
  }
  // The same numbers written with an equals sign are refused the same way.
  for (const auto* threads : {"--threads=-1", "--threads=100000", "--threads=257", "--threads="}) {
    const auto result = run_mailroom({"render", "job.toml", "--out", "pdfs", threads});
    EXPECT_EQ(result.exit_code, 2) << threads;
    EXPECT_TRUE(contains(result.err, "--threads takes a number")) << threads << ": " << result.err;
  }
  const auto help = run_mailroom({"help", "bogus"});
  EXPECT_EQ(help.exit_code, 2);
  EXPECT_TRUE(contains(help.err, "unknown command \"bogus\"")) << help.err;
}

} // namespace
} // namespace mailroom::testing
