// The register's commands end to end, through the binary: a job sent to a maildir fills the
// register; `invoices` lists it (CSV read back with Python's csv module, JSON with a JSON parser)
// through every filter; `payment add` and `payment list`; `invoice show` with its archived PDF
// checked; `invoice recipient` setting, showing and clearing an override, and refusing what it
// cannot take; an issued invoice that a later job changes is refused.

#include <engine/job/addresses.hpp>
#include <engine/ledger/ledger.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <tests/ledger/ledger_query.hpp>
#include <tests/pipeline/job_fixture.hpp>
#include <tests/support/process.hpp>

#include <algorithm>
#include <fstream>

namespace mailroom::testing {
namespace {

using nlohmann::json;

// The debtor names of make_invoice's invoices, and what each one is.
json invoice(const std::string& number, const std::string& creditor, const std::string& debtor,
             const std::string& emails = "boekhouding@debtor.example") {
  return make_invoice(number, creditor, emails, debtor);
}

class RegisterCommands : public ::testing::Test {
protected:
  void SetUp() override {
    auto elan = invoice("2026-000101", "acme", "Bakkerij Élan");
    auto zwaan = invoice("2026-000102", "acme", "Café de Zwaan");
    zwaan["date"] = "2026-11-25";
    zwaan["due_date"] = "2026-12-09";
    auto northwind = invoice("2026-000103", "northwind", "Müller GmbH");
    northwind["reverse_charge"] = true;
    northwind["debtor"]["vat_number"] = "DE123456789";
    auto nowhere = invoice("2026-000104", "acme", "Nergens B.V.", "not-an-address");
    auto credit = invoice("2026-000105", "acme", "Bakkerij Élan");
    credit["kind"] = "credit_note";
    credit["credits"] = "2026-000101";
    credit["lines"] = json::array({json{{"description", "Broodjes"},
                                        {"quantity", "4"},
                                        {"unit", "st"},
                                        {"unit_price", "1.25"},
                                        {"vat_rate", "9"}}});
    m_job.write({elan.dump(), zwaan.dump(), northwind.dump(), nowhere.dump(), credit.dump()});
    const auto sent = run_mailroom({"run", m_job.job_file().string(), "--progress", "none"});
    // One invoice has no valid address: the run is not complete, the rest went out.
    ASSERT_EQ(sent.exit_code, 1) << sent.err;
  }

  ProcessResult mailroom(std::vector<std::string> arguments) { return run_mailroom(arguments); }

  // `mailroom invoices JOB ... --format csv`, read back by Python's csv module into JSON objects.
  json csv_rows(std::vector<std::string> arguments) {
    arguments.insert(arguments.begin(), {"invoices", m_job.job_file().string()});
    arguments.insert(arguments.end(), {"--format", "csv"});
    const auto listed = mailroom(arguments);
    EXPECT_EQ(listed.exit_code, 0) << listed.err;
    write_text(m_job.root() / "list.csv", listed.out);
    const auto parsed = run_process(
      {"/usr/bin/python3", "-c",
       "import csv, json, sys\n"
       "with open(sys.argv[1], newline='', encoding='utf-8') as f:\n"
       "    rows = list(csv.reader(f, strict=True))\n"
       "print(json.dumps({'header': rows[0], 'rows': [dict(zip(rows[0], r)) for r in rows[1:]]}))",
       (m_job.root() / "list.csv").string()});
    EXPECT_EQ(parsed.exit_code, 0) << parsed.err;
    return json::parse(parsed.out);
  }

  std::string numbers(std::vector<std::string> arguments) {
    std::string listed;
    const auto rows = csv_rows(std::move(arguments))["rows"];
    for (const auto& row : rows) {
      listed += row["number"].get<std::string>() + " ";
    }
    return listed;
  }

  ProcessResult pay(const std::string& number, const std::string& amount,
                    std::vector<std::string> more = {}) {
    std::vector<std::string> arguments{"payment",  "add",  number,   m_job.job_file().string(),
                                       "--amount", amount, "--date", "2026-12-01",
                                       "--method", "bank"};
    arguments.insert(arguments.end(), more.begin(), more.end());
    return mailroom(arguments);
  }

  JobFixture m_job{"maildir:outbox"};
};

TEST_F(RegisterCommands, TheCsvHasTheNamedColumnsAndEveryInvoiceTheRunRead) {
  const auto listed = csv_rows({"--as-of", "2026-12-20"});
  const std::vector<std::string> promised{"creditor",
                                          "number",
                                          "kind",
                                          "issued",
                                          "due",
                                          "debtor",
                                          "recipients",
                                          "currency",
                                          "total",
                                          "paid",
                                          "outstanding",
                                          "payment_status",
                                          "delivery_status",
                                          "sent_at",
                                          "payment_reference",
                                          "reminders_sent"};
  const auto header = listed["header"].get<std::vector<std::string>>();
  ASSERT_GE(header.size(), promised.size());
  EXPECT_EQ(std::vector<std::string>(header.begin(), header.begin() + 16), promised);

  const auto& rows = listed["rows"];
  ASSERT_EQ(rows.size(), 5u) << listed.dump(1);
  // By issue date, then number: the invoice of 25 November comes last.
  EXPECT_EQ(rows[4]["number"], "2026-000102");
  const auto& elan = rows[0];
  EXPECT_EQ(elan["number"], "2026-000101");
  EXPECT_EQ(elan["creditor"], "acme");
  EXPECT_EQ(elan["kind"], "invoice");
  EXPECT_EQ(elan["issued"], "2026-11-20");
  EXPECT_EQ(elan["due"], "2026-12-04");
  EXPECT_EQ(elan["debtor"], "Bakkerij Élan");
  EXPECT_EQ(elan["currency"], "EUR");
  EXPECT_EQ(elan["total"], "246.25");
  // The credit note's 4 × 1.25 plus 9% VAT (5.45) is taken off.
  EXPECT_EQ(elan["credited"], "5.45");
  EXPECT_EQ(elan["outstanding"], "240.80");
  EXPECT_EQ(elan["payment_status"], "unpaid");
  EXPECT_EQ(elan["overdue"], "true");
  EXPECT_EQ(elan["days_overdue"], "16");
  EXPECT_EQ(elan["delivery_status"], "sent");
  EXPECT_EQ(elan["sent_at"].get<std::string>().size(), 24u);
  EXPECT_EQ(elan["payment_reference"].get<std::string>().substr(0, 2), "RF");
  EXPECT_EQ(elan["reminders_sent"], "0");

  const auto& credit = rows[3];
  EXPECT_EQ(credit["number"], "2026-000105");
  EXPECT_EQ(credit["kind"], "credit_note");
  EXPECT_EQ(credit["total"], "-5.45");
  EXPECT_EQ(credit["payment_status"], "not_applicable");
  EXPECT_EQ(credit["payment_reference"], "");

  const auto& nowhere = rows[2];
  EXPECT_EQ(nowhere["number"], "2026-000104");
  EXPECT_EQ(nowhere["delivery_status"], "invalid_address");
  EXPECT_EQ(nowhere["sent_at"], "");
  EXPECT_EQ(nowhere["overdue"], "false"); // Never sent, so never late.
}

TEST_F(RegisterCommands, EachFilterSelectsWhatItSays) {
  EXPECT_EQ(numbers({"--status", "invalid_address"}), "2026-000104 ");
  EXPECT_EQ(numbers({"--status", "sent", "--creditor", "northwind"}), "2026-000103 ");
  EXPECT_EQ(numbers({"--search", "ELAN"}), "2026-000101 2026-000105 ");
  EXPECT_EQ(numbers({"--search", "cafe"}), "2026-000102 ");
  EXPECT_EQ(numbers({"--search", "000103"}), "2026-000103 ");
  EXPECT_EQ(numbers({"--reverse-charge"}), "2026-000103 ");
  EXPECT_EQ(numbers({"--issued-from", "2026-11-21"}), "2026-000102 ");
  EXPECT_EQ(numbers({"--issued-to", "2026-11-20", "--creditor", "acme", "--status", "sent"}),
            "2026-000101 2026-000105 ");
  // Overdue as of a day: 000102 falls due on 9 December.
  EXPECT_EQ(numbers({"--payment", "overdue", "--as-of", "2026-12-05"}), "2026-000101 2026-000103 ");
  EXPECT_EQ(numbers({"--payment", "overdue", "--as-of", "2026-12-10"}),
            "2026-000101 2026-000103 2026-000102 ");
  EXPECT_EQ(numbers({"--payment", "overdue", "--as-of", "2026-12-04"}), "");
  // Sent today (UTC), paid nowhere yet.
  EXPECT_EQ(numbers({"--sent-to", "2000-01-01"}), "");
  EXPECT_EQ(numbers({"--sent-from", "2000-01-01", "--creditor", "northwind"}), "2026-000103 ");
  EXPECT_EQ(numbers({"--paid-from", "2000-01-01"}), "");

  ASSERT_EQ(pay("2026-000102", "100").exit_code, 0);
  EXPECT_EQ(numbers({"--payment", "partially_paid"}), "2026-000102 ");
  EXPECT_EQ(numbers({"--paid-from", "2026-12-01", "--paid-to", "2026-12-01"}), "2026-000102 ");
  EXPECT_EQ(numbers({"--payment", "unpaid,partially_paid", "--creditor", "acme"}),
            "2026-000101 2026-000104 2026-000102 ");
}

TEST_F(RegisterCommands, AWrongFilterIsAUsageErrorNamingIt) {
  for (const auto& [arguments, expected] :
       std::vector<std::pair<std::vector<std::string>, std::string>>{
         {{"--status", "posted"}, "--status takes sent, failed"},
         {{"--payment", "late"}, "--payment takes unpaid"},
         {{"--issued-from", "20-11-2026"}, "--issued-from expects a date YYYY-MM-DD"},
         {{"--format", "xml"}, "--format takes table, csv or json"}}) {
    auto full = arguments;
    full.insert(full.begin(), {"invoices", m_job.job_file().string()});
    const auto refused = mailroom(full);
    EXPECT_EQ(refused.exit_code, 2);
    EXPECT_NE(refused.err.find(expected), std::string::npos) << refused.err;
  }
  const auto both = mailroom({"invoices", m_job.job_file().string(), "--ledger", "x.db"});
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_NE(both.err.find("not both"), std::string::npos) << both.err;
}

TEST_F(RegisterCommands, JsonIsOneObjectPerInvoiceWithTheSameColumns) {
  const auto listed = mailroom({"invoices", "--ledger", m_job.ledger().string(), "--format", "json",
                                "--creditor", "northwind", "--as-of", "2026-12-20"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  const auto rows = json::parse(listed.out);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["number"], "2026-000103");
  EXPECT_EQ(rows[0]["debtor"], "Müller GmbH");
  // Reverse charged: no VAT, so the total is the subtotal.
  EXPECT_EQ(rows[0]["total"], "205.00");
  EXPECT_EQ(rows[0]["reminders_sent"], 0);
  EXPECT_EQ(rows[0]["overdue"], true);
  EXPECT_EQ(rows[0]["delivery_status"], "sent");
}

TEST_F(RegisterCommands, TheTableIsForPeople) {
  const auto listed =
    mailroom({"invoices", m_job.job_file().string(), "--format", "table", "--as-of", "2026-12-20"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find("Bakkerij Élan"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("unpaid, 16 days late"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("5 invoices, 3 overdue; outstanding EUR 692.05"), std::string::npos)
    << listed.out;
}

TEST_F(RegisterCommands, APaymentIsRecordedOnceAndChangesWhereTheInvoiceStands) {
  auto paid = pay("2026-000101", "140.80", {"--key", "bank-2026-12-01-7"});
  ASSERT_EQ(paid.exit_code, 0) << paid.err;
  EXPECT_NE(paid.out.find("recorded: 140.80 EUR paid on 2026-12-01 for 2026-000101"),
            std::string::npos)
    << paid.out;
  EXPECT_NE(paid.out.find("outstanding EUR 100.00 (partially_paid)"), std::string::npos)
    << paid.out;
  // The same key again (a retried script): one payment.
  auto again = pay("2026-000101", "140.80", {"--key", "bank-2026-12-01-7"});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_NE(again.out.find("already recorded"), std::string::npos) << again.out;
  // Without a key, the same payment twice within a minute asks whether it is meant.
  ASSERT_EQ(pay("2026-000101", "100").exit_code, 0);
  auto twice = pay("2026-000101", "100");
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_NE(twice.err.find("less than a minute ago"), std::string::npos) << twice.err;
  EXPECT_NE(twice.err.find("--again"), std::string::npos);
  auto meant = pay("2026-000101", "100", {"--again", "--note", "paid twice, refund asked"});
  EXPECT_EQ(meant.exit_code, 0) << meant.err;
  EXPECT_NE(meant.out.find("outstanding EUR -100.00 (overpaid)"), std::string::npos) << meant.out;

  const auto list = mailroom({"payment", "list", m_job.job_file().string(), "--format", "json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  const auto payments = json::parse(list.out);
  ASSERT_EQ(payments.size(), 3u);
  EXPECT_EQ(payments[0]["amount"], "140.80");
  EXPECT_EQ(payments[0]["key"], "bank-2026-12-01-7");
  EXPECT_EQ(payments[0]["source"], "manual");
  EXPECT_EQ(payments[2]["note"], "paid twice, refund asked");
  EXPECT_EQ(numbers({"--payment", "overpaid"}), "2026-000101 ");
}

TEST_F(RegisterCommands, APaymentTheRegisterCannotTakeIsRefusedClearly) {
  const std::vector<std::pair<ProcessResult, std::string>> cases{
    {pay("2026-000105", "5.45"), "2026-000105 is a credit note"},
    {pay("2026-999999", "1"), "the register has no invoice 2026-999999"},
    {pay("2026-000104", "1"), "2026-000104 was never sent"},
    {pay("2026-000101", "12,34"), "--amount expected a positive amount"},
    {pay("2026-000101", "-5"), "--amount expected a positive amount"},
    {pay("2026-000101", "1", {"--currency", "USD"}), "currencies are never mixed"},
    {pay("2026-000101", "1", {"--creditor", "northwind"}), "no invoice 2026-000101 of creditor"},
  };
  for (const auto& [refused, expected] : cases) {
    EXPECT_EQ(refused.exit_code, 2) << expected;
    EXPECT_NE(refused.err.find(expected), std::string::npos) << refused.err;
  }
  const auto method = pay("2026-000101", "1", {"--method", "cheque"});
  EXPECT_EQ(method.exit_code, 2);
  const auto list = mailroom({"payment", "list", "--ledger", m_job.ledger().string()});
  EXPECT_EQ(list.out, "creditor,number,paid_on,amount,currency,method,source,note,"
                      "source_reference,key,recorded_at,sequence\r\n");
}

TEST_F(RegisterCommands, ShowTellsEverythingAndChecksTheArchivedPdf) {
  ASSERT_EQ(pay("2026-000101", "40.80").exit_code, 0);
  const auto shown = mailroom(
    {"invoice", "show", "2026-000101", m_job.job_file().string(), "--as-of", "2026-12-20"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  for (const auto* expected :
       {"Invoice 2026-000101 of acme", "Bakkerij Élan (D1)", "total 246.25 EUR",
        "200.00 (partially_paid, overdue 16 days as of 2026-12-20)", "SHA-256 verified",
        "job test-job: sent, 1 attempt", "sending", "40.80 EUR  bank", "\nReminders\n  none\n"}) {
    EXPECT_NE(shown.out.find(expected), std::string::npos) << expected << "\n" << shown.out;
  }
  // A PDF in the archive that is not the one sent is a problem.
  std::ofstream(m_job.archive() / "acme/2026-000101.pdf", std::ios::app) << "%changed\n";
  const auto changed = mailroom({"invoice", "show", "2026-000101", m_job.job_file().string()});
  EXPECT_EQ(changed.exit_code, 1);
  EXPECT_NE(changed.out.find("DIFFERS from the PDF sent"), std::string::npos) << changed.out;
  const auto unknown = mailroom({"invoice", "show", "2026-777", m_job.job_file().string()});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("the register has no invoice 2026-777"), std::string::npos);
}

TEST_F(RegisterCommands, ARecipientOverrideIsSetShownBesideTheDataAndCleared) {
  const auto data = read_text(m_job.root() / "invoices.jsonl");
  const auto before = mailroom({"validate", m_job.job_file().string()});
  EXPECT_NE(before.out.find("5 invoices read: 0 with errors, 1 without a valid address"),
            std::string::npos)
    << before.out;
  EXPECT_NE(before.err.find(": debtor.emails: invoice 2026-000104 has no valid address"),
            std::string::npos)
    << before.err;
  const auto set = mailroom({"invoice", "recipient", "2026-000104", m_job.job_file().string(),
                             "--to", " a@nergens.example;b@nergens.example; ", "--note", "phoned"});
  ASSERT_EQ(set.exit_code, 0) << set.err;
  EXPECT_EQ(set.out, "recipient override of 2026-000104 of acme set: its next send goes to "
                     "a@nergens.example; b@nergens.example\n");
  EXPECT_EQ(query_ledger(m_job.ledger(), "SELECT recipients || '|' || note FROM "
                                         "recipient_overrides"),
            "a@nergens.example; b@nergens.example|phoned");
  const auto set_at = query_ledger(m_job.ledger(), "SELECT set_at FROM recipient_overrides");
  // `validate` reads it from the ledger, as the next run will use it.
  const auto after = mailroom({"validate", m_job.job_file().string()});
  EXPECT_NE(after.out.find("5 invoices read: 0 with errors, 0 without a valid address"),
            std::string::npos)
    << after.out;
  // The list has it beside the invoice data's addresses; the other invoices have none.
  const auto listed = csv_rows({});
  for (const auto& row : listed["rows"]) {
    EXPECT_EQ(row["override_recipients"],
              row["number"] == "2026-000104" ? "a@nergens.example; b@nergens.example" : "")
      << row.dump();
  }

  auto shown = mailroom({"invoice", "show", "2026-000104", m_job.job_file().string()});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  for (const auto& expected : {std::string("  recipients         not-an-address\n"),
                               "  override           a@nergens.example; b@nergens.example (set " +
                                 set_at + ": phoned): the next send goes there\n",
                               "\nRecipient overrides\n  " + set_at +
                                 "  a@nergens.example; b@nergens.example  note: "
                                 "phoned\n"}) {
    EXPECT_NE(shown.out.find(expected), std::string::npos) << expected << "\n" << shown.out;
  }

  const auto cleared = mailroom({"invoice", "recipient", "2026-000104", "--ledger",
                                 m_job.ledger().string(), "--clear", "--note", "data fixed"});
  ASSERT_EQ(cleared.exit_code, 0) << cleared.err;
  EXPECT_NE(cleared.out.find("cleared: it goes to the addresses of its invoice data again"),
            std::string::npos)
    << cleared.out;
  shown = mailroom({"invoice", "show", "2026-000104", m_job.job_file().string()});
  EXPECT_EQ(shown.out.find("  override "), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("cleared: the invoice data's addresses again  note: data fixed\n"),
            std::string::npos)
    << shown.out;
  // Nothing to clear now.
  const auto again =
    mailroom({"invoice", "recipient", "2026-000104", m_job.job_file().string(), "--clear"});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("has no recipient override to clear"), std::string::npos) << again.err;
  EXPECT_EQ(read_text(m_job.root() / "invoices.jsonl"), data);
}

TEST_F(RegisterCommands, ARecipientOverrideThatCannotBeUsedIsRefusedAndNothingIsRecorded) {
  // The words a run would report the address with.
  const auto rejected = job::split_addresses("jan at bakkerij").rejected;
  ASSERT_EQ(rejected.size(), 1u);
  const auto recipient = [&](std::vector<std::string> more) {
    std::vector<std::string> arguments{"invoice", "recipient", "2026-000101",
                                       m_job.job_file().string()};
    arguments.insert(arguments.end(), more.begin(), more.end());
    return mailroom(arguments);
  };
  const std::vector<std::pair<ProcessResult, std::string>> cases{
    {recipient({"--to", "ok@bakkerij.nl; jan at bakkerij"}),
     "error: --to: \"jan at bakkerij\": " + rejected[0].reason + "\n"},
    {recipient({"--to", " ; "}), "error: --to: no email address given"},
    {recipient({"--to", "ok@bakkerij.nl", "--creditor", "northwind"}),
     "the register has no invoice 2026-000101 of creditor northwind"},
    {mailroom({"invoice", "recipient", "2026-999999", m_job.job_file().string(), "--to",
               "ok@bakkerij.nl"}),
     "the register has no invoice 2026-999999"},
    {recipient({}), "where to? Give --to \"ADDRESS; ...\" or --clear"},
    {recipient({"--to", "ok@bakkerij.nl", "--clear"}), "give --to or --clear, not both"},
    {mailroom(
       {"invoice", "recipient", "--to", "ok@bakkerij.nl", "--ledger", m_job.ledger().string()}),
     "which invoice?"},
  };
  for (const auto& [refused, expected] : cases) {
    EXPECT_EQ(refused.exit_code, 2) << expected;
    EXPECT_NE(refused.err.find(expected), std::string::npos) << expected << "\n" << refused.err;
  }
  EXPECT_EQ(query_ledger(m_job.ledger(), "SELECT count(*) FROM recipient_overrides"), "0");
  // The ledger, which knows no addresses, would keep a bad one written past the command:
  // `validate` then names the override as where it came from, not the invoice data.
  {
    auto ledger = ledger::Ledger::open(m_job.ledger());
    ASSERT_TRUE(ledger);
    ASSERT_TRUE((*ledger)->set_recipient_override("acme", "2026-000102", "jan at bakkerij", ""));
  }
  const auto validated = mailroom({"validate", m_job.job_file().string()});
  EXPECT_NE(validated.err.find(": recipient override of 20"), std::string::npos) << validated.err;
  EXPECT_NE(validated.err.find("Z: invoice 2026-000102 has no valid address"), std::string::npos)
    << validated.err;
  const auto help = mailroom({"help", "invoice", "recipient"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("Usage: mailroom invoice recipient NUMBER JOB --to"), std::string::npos)
    << help.out;
}

TEST_F(RegisterCommands, AnIssuedInvoiceChangedByALaterJobIsRefused) {
  auto changed = invoice("2026-000101", "acme", "Bakkerij Élan");
  changed["lines"][0]["quantity"] = "13";
  write_text(m_job.root() / "later.jsonl", changed.dump() + "\n");
  auto job = read_text(m_job.job_file());
  job.replace(job.find("test-job"), 8, "later-job");
  job.replace(job.find("invoices.jsonl"), 14, "later.jsonl");
  write_text(m_job.root() / "later.toml", job);
  const auto outbox = m_job.root() / "outbox/new";
  const auto messages = [&] {
    return std::distance(std::filesystem::directory_iterator(outbox),
                         std::filesystem::directory_iterator());
  };
  ASSERT_EQ(messages(), 4);
  // `validate` and a dry run say so beforehand, reading the register without writing it.
  const auto validated = mailroom({"validate", (m_job.root() / "later.toml").string()});
  EXPECT_EQ(validated.exit_code, 1) << validated.out << validated.err;
  EXPECT_NE(validated.err.find("later.jsonl:1: 2026-000101 was issued on 2026-11-20 with total "
                               "€ 246,25; this job has € 247,61"),
            std::string::npos)
    << validated.err;
  EXPECT_NE(validated.out.find("1 invoices read: 1 with errors"), std::string::npos)
    << validated.out;
  const auto dry =
    mailroom({"run", (m_job.root() / "later.toml").string(), "--dry-run", "--progress", "none"});
  EXPECT_EQ(dry.exit_code, 1) << dry.out << dry.err;
  EXPECT_NE(dry.err.find("this job has € 247,61"), std::string::npos) << dry.err;
  EXPECT_EQ(query_ledger(m_job.ledger(), "SELECT count(*) FROM deliveries WHERE job = 'later-job'"),
            "0");
  const auto refused =
    mailroom({"run", (m_job.root() / "later.toml").string(), "--progress", "none"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("2026-000101 was issued on 2026-11-20 with total € 246,25; this "
                             "job has € 247,61"),
            std::string::npos)
    << refused.err;
  EXPECT_NE(refused.err.find("issue a credit note and a new invoice"), std::string::npos);
  // Nothing went out, and the register keeps what was issued.
  EXPECT_EQ(messages(), 4);
  EXPECT_EQ(csv_rows({"--creditor", "acme"})["rows"][0]["total"], "246.25");
}

TEST_F(RegisterCommands, ALedgerThatIsNotThereIsNeverCreatedByAListing) {
  const auto missing = mailroom({"invoices", "--ledger", (m_job.root() / "none.db").string()});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("no ledger here"), std::string::npos) << missing.err;
  EXPECT_FALSE(std::filesystem::exists(m_job.root() / "none.db"));
}

// A register far larger than any month lists in the same memory as a small one: rows are read,
// judged and written one at a time. (bench/ lists a million; this keeps the suite quick.)
TEST(RegisterListing, StreamsInBoundedMemory) {
  TemporaryFolder folder;
  const auto fill = [&](const std::filesystem::path& path, int count) {
    // An empty ledger of this build, then rows as the register writes them.
    ASSERT_TRUE(ledger::Ledger::open(path));
    const auto filled = run_process(
      {"/usr/bin/python3", "-c",
       "import sqlite3, sys\n"
       "db = sqlite3.connect(sys.argv[1])\n"
       "n = int(sys.argv[2])\n"
       "db.executemany(\"INSERT INTO invoices (creditor, number, facts, kind, issue_date, "
       "due_date, "
       "currency, total_cents, debtor_id, debtor_name, first_recorded_at, updated_at, issued_at) "
       "VALUES ('acme', ?, 'recorded', 'invoice', '2026-11-20', '2026-12-04', 'EUR', 24625, 'D1', "
       "'Bakkerij Élan', 'x', 'x', 'x')\", (('2026-%07d' % i,) for i in range(n)))\n"
       "db.commit()\n",
       path.string(), std::to_string(count)});
    ASSERT_EQ(filled.exit_code, 0) << filled.err;
  };
  const auto small = folder / "small.db";
  const auto large = folder / "large.db";
  fill(small, 1000);
  fill(large, 100000);
  // AddressSanitizer keeps freed memory in quarantine (256 MB) to catch its later use, which
  // would hide what the listing itself holds; the leak check stays on.
  const char* asan = std::getenv("ASAN_OPTIONS");
  const std::string without_quarantine =
    "ASAN_OPTIONS=" + std::string(asan != nullptr ? asan : "") + ":quarantine_size_mb=0";
  const auto list = [&](const std::filesystem::path& path) {
    return run_mailroom({"invoices", "--ledger", path.string(), "--format", "csv"},
                        {without_quarantine});
  };
  const auto few = list(small);
  const auto many = list(large);
  ASSERT_EQ(few.exit_code, 0) << few.err;
  ASSERT_EQ(many.exit_code, 0) << many.err;
  EXPECT_EQ(std::count(many.out.begin(), many.out.end(), '\n'), 100001);
  // 100 times the rows (5 MB of CSV): the largest resident set grows by far less than the list.
  EXPECT_LT(many.peak_rss_kilobytes - few.peak_rss_kilobytes, 8 * 1024)
    << few.peak_rss_kilobytes << " KiB for 1,000 rows, " << many.peak_rss_kilobytes
    << " KiB for 100,000";
}

} // namespace
} // namespace mailroom::testing
