// `mailroom bank import` end to end: invoices sent to a maildir, then CAMT.053 statements (.02 and
// .08, written as the banks write them) read with libxml2 and matched against the register: by RF
// reference, by the number in the text, split over several invoices, partial, overpaid, reversed,
// unmatched with a suggestion; the same statement twice and an overlapping one record nothing
// twice; a statement of an unknown account, broken XML or another namespace records nothing.

#include <engine/job/payment.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <tests/bank/camt_text.hpp>
#include <tests/pipeline/job_fixture.hpp>
#include <tests/support/process.hpp>

namespace mailroom::testing {
namespace {

using bank::CamtVersion;
using bank::testing::EntryText;
using bank::testing::StatementText;
using bank::testing::TransactionText;
using nlohmann::json;

constexpr const char* k_acme_iban = "NL91ABNA0417164300";

std::string reference_of(const std::string& number) {
  return *job::creditor_reference(number);
}

EntryText credit(std::string amount, std::string reference, TransactionText transaction) {
  EntryText entry;
  entry.amount = std::move(amount);
  entry.servicer_reference = std::move(reference);
  entry.transactions = {std::move(transaction)};
  return entry;
}

TransactionText paid_by(std::string name, std::vector<std::string> text,
                        std::vector<std::string> references = {}) {
  TransactionText transaction;
  transaction.debtor_name = std::move(name);
  transaction.debtor_iban = "NL20INGB0001234567";
  transaction.creditor_name = "Acme B.V.";
  transaction.creditor_iban = k_acme_iban;
  transaction.unstructured = std::move(text);
  transaction.structured = std::move(references);
  return transaction;
}

class BankImport : public ::testing::Test {
protected:
  void SetUp() override {
    std::vector<std::string> invoices;
    for (const auto& [number, debtor] :
         std::vector<std::pair<std::string, std::string>>{{"2026-000201", "Bakkerij Élan"},
                                                          {"2026-000202", "Café de Zwaan"},
                                                          {"2026-000203", "Jansen Installatie"},
                                                          {"2026-000204", "Jansen Installatie"},
                                                          {"2026-000205", "Pietersen"}}) {
      invoices.push_back(make_invoice(number, "acme", "boekhouding@debtor.example", debtor).dump());
    }
    m_job.write(invoices);
    const auto sent = run_mailroom({"run", m_job.job_file().string(), "--progress", "none"});
    ASSERT_EQ(sent.exit_code, 0) << sent.err;
  }

  std::filesystem::path write_statement(const std::string& name, CamtVersion version,
                                        const std::vector<StatementText>& statements) {
    const auto path = m_job.root() / name;
    write_text(path, bank::testing::camt_text(version, statements));
    return path;
  }

  ProcessResult import(std::vector<std::string> files) {
    std::vector<std::string> arguments{"bank", "import", m_job.job_file().string()};
    arguments.insert(arguments.end(), files.begin(), files.end());
    return run_mailroom(arguments);
  }

  json invoices() {
    const auto listed = run_mailroom({"invoices", m_job.job_file().string(), "--format", "json"});
    EXPECT_EQ(listed.exit_code, 0) << listed.err;
    json by_number;
    for (const auto& row : json::parse(listed.out)) {
      by_number[row["number"].get<std::string>()] = row;
    }
    return by_number;
  }

  std::size_t payment_count() {
    const auto listed =
      run_mailroom({"payment", "list", m_job.job_file().string(), "--format", "json"});
    EXPECT_EQ(listed.exit_code, 0) << listed.err;
    return json::parse(listed.out).size();
  }

  // The month's statement of Acme's account, as ING writes it (.02).
  std::filesystem::path november_statement() {
    StatementText statement;
    statement.iban = k_acme_iban;
    statement.entries = {
      credit("246.25", "ACME-1",
             paid_by("Bakkerij Élan", {"Betaling"}, {reference_of("2026-000201")})),
      credit("100.00", "ACME-2", paid_by("Café de Zwaan", {"Factuur 2026-000202 deel 1"})),
      credit("492.50", "ACME-3",
             paid_by("Jansen Installatie", {"facturen 2026-000203 en 2026-", "000204"})),
      credit("300.00", "ACME-4",
             paid_by("Pietersen", {}, {" " + reference_of("2026-000205") + " "})),
      credit("50.00", "ACME-5", paid_by("Bakkerij Élan", {"een gift"})),
      credit("146.25", "ACME-6", paid_by("CAFÉ DE ZWAAN", {"de rest"})),
    };
    auto paid_out = credit("20.00", "ACME-7", paid_by("Kantoorhandel", {"toner"}));
    paid_out.direction = "DBIT";
    auto pending = credit("246.25", "ACME-8", paid_by("Pietersen", {"Factuur 2026-000205"}));
    pending.status = "PDNG";
    statement.entries.push_back(paid_out);
    statement.entries.push_back(pending);
    return write_statement("november.xml", CamtVersion::Version02, {statement});
  }

  JobFixture m_job{"maildir:outbox"};
};

TEST_F(BankImport, MatchesByReferenceAndNumberAndNeverGuesses) {
  const auto statement = november_statement();
  const auto report = m_job.root() / "import.json";
  const auto imported = run_mailroom(
    {"bank", "import", m_job.job_file().string(), statement.string(), "--report", report.string()});
  // Two entries are left for a person: the run is not complete.
  EXPECT_EQ(imported.exit_code, 1) << imported.err;
  EXPECT_NE(imported.out.find("8 entries: 3 matched (1 partial), 1 overpaid, 2 unmatched, 0 "
                              "already imported, 1 paid out, 1 not booked yet"),
            std::string::npos)
    << imported.out;
  EXPECT_NE(imported.out.find("50.00 EUR on 2026-11-23 from \"Bakkerij Élan\", \"een gift\": "
                              "names no invoice of acme\n"),
            std::string::npos)
    << imported.out;
  // The rest of Café de Zwaan's invoice, paid without a reference: suggested, never applied.
  EXPECT_NE(imported.out.find("\"de rest\": names no invoice of acme; perhaps 2026-000202 (not "
                              "applied)"),
            std::string::npos)
    << imported.out;

  auto listed = invoices();
  EXPECT_EQ(listed["2026-000201"]["payment_status"], "paid");
  EXPECT_EQ(listed["2026-000202"]["payment_status"], "partially_paid");
  EXPECT_EQ(listed["2026-000202"]["outstanding"], "146.25");
  EXPECT_EQ(listed["2026-000203"]["payment_status"], "paid");
  EXPECT_EQ(listed["2026-000204"]["payment_status"], "paid");
  EXPECT_EQ(listed["2026-000205"]["payment_status"], "overpaid");
  EXPECT_EQ(listed["2026-000205"]["outstanding"], "-53.75");
  EXPECT_EQ(listed["2026-000201"]["last_paid_on"], "2026-11-23");
  EXPECT_EQ(payment_count(), 5u);

  const auto written = json::parse(read_text(report));
  EXPECT_EQ(written["unmatched"], 2);
  const auto& entries = written["files"][0]["statements"][0]["entries"];
  ASSERT_EQ(entries.size(), 8u);
  EXPECT_EQ(written["files"][0]["statements"][0]["creditor"], "acme");
  EXPECT_EQ(entries[0]["outcome"], "matched");
  EXPECT_EQ(entries[1]["outcome"], "partial");
  EXPECT_EQ(entries[2]["outcome"], "split");
  EXPECT_EQ(entries[2]["transactions"][0]["payments"].size(), 2u);
  EXPECT_EQ(entries[2]["transactions"][0]["payments"][1]["number"], "2026-000204");
  EXPECT_EQ(entries[2]["transactions"][0]["payments"][1]["amount"], "246.25");
  EXPECT_EQ(entries[3]["outcome"], "overpaid");
  EXPECT_EQ(entries[4]["outcome"], "unmatched");
  EXPECT_EQ(entries[5]["transactions"][0]["suggestion"], "2026-000202");
  EXPECT_EQ(entries[6]["outcome"], "not_a_payment");
  EXPECT_EQ(entries[7]["outcome"], "not_booked");
  EXPECT_GT(entries[0]["line"].get<long>(), 1);
}

TEST_F(BankImport, TheSameOrAnOverlappingStatementRecordsNothingTwice) {
  const auto statement = november_statement();
  ASSERT_EQ(import({statement.string()}).exit_code, 1);
  const auto again = import({statement.string()});
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_NE(again.out.find("8 entries: 0 matched (0 partial), 0 overpaid, 0 unmatched, 7 already "
                           "imported, 1 not booked yet"),
            std::string::npos)
    << again.out;
  EXPECT_EQ(payment_count(), 5u);

  // Rabobank's .08 statement of the next days repeats the first entry and reverses part of the
  // payment of 2026-000202.
  StatementText overlapping;
  overlapping.id = "STMT-2026-11-25";
  overlapping.iban = k_acme_iban;
  auto reversal = credit("100.00", "ACME-9", paid_by("Café de Zwaan", {"Factuur 2026-000202"}));
  reversal.direction = "DBIT";
  reversal.reversal = "true";
  reversal.booking_date = "2026-11-25";
  overlapping.entries = {
    credit("246.25", "ACME-1", paid_by("Bakkerij Élan", {}, {reference_of("2026-000201")})),
    reversal};
  const auto later =
    import({write_statement("later.xml", CamtVersion::Version08, {overlapping}).string()});
  EXPECT_EQ(later.exit_code, 0) << later.out << later.err;
  EXPECT_NE(later.out.find("2 entries: 0 matched (0 partial), 0 overpaid, 0 unmatched, 1 "
                           "already imported, 1 reversed"),
            std::string::npos)
    << later.out;
  auto listed = invoices();
  EXPECT_EQ(listed["2026-000202"]["payment_status"], "unpaid");
  EXPECT_EQ(listed["2026-000202"]["paid"], "0.00");
  EXPECT_EQ(listed["2026-000201"]["paid"], "246.25");
  EXPECT_EQ(payment_count(), 6u);
}

TEST_F(BankImport, ASepaReturnTakesThePaymentBackAndAPlainDebitIsLeftAlone) {
  StatementText paid;
  paid.id = "STMT-2026-11-23";
  paid.iban = k_acme_iban;
  paid.entries = {
    credit("246.25", "ACME-1", paid_by("Bakkerij Élan", {}, {reference_of("2026-000201")})),
    credit("246.25", "ACME-2", paid_by("Café de Zwaan", {"Factuur 2026-000202"}))};
  ASSERT_EQ(
    import({write_statement("paid.xml", CamtVersion::Version02, {paid}).string()}).exit_code, 0);
  EXPECT_EQ(invoices()["2026-000201"]["payment_status"], "paid");

  // The payer's bank sends 2026-000201's payment back (account closed), booked as a debit with
  // the return code and the original reference, no RvslInd; the same day a plain debit that
  // names 2026-000202 (a refund paid out by hand) is money paid out, not a payment taken back.
  StatementText returned;
  returned.id = "STMT-2026-11-26";
  returned.iban = k_acme_iban;
  auto sepa_return =
    credit("246.25", "ACME-3", paid_by("Bakkerij Élan", {}, {reference_of("2026-000201")}));
  sepa_return.direction = "DBIT";
  sepa_return.sub_family = "RRTN";
  sepa_return.transactions[0].return_reason = "AC04";
  sepa_return.booking_date = "2026-11-26";
  auto refund = credit("20.00", "ACME-4", paid_by("Café de Zwaan", {"Factuur 2026-000202"}));
  refund.direction = "DBIT";
  refund.booking_date = "2026-11-26";
  returned.entries = {sepa_return, refund};
  const auto later =
    import({write_statement("returned.xml", CamtVersion::Version08, {returned}).string()});
  EXPECT_EQ(later.exit_code, 0) << later.out << later.err;
  EXPECT_NE(later.out.find("2 entries: 0 matched (0 partial), 0 overpaid, 0 unmatched, 0 already "
                           "imported, 1 reversed, 1 paid out"),
            std::string::npos)
    << later.out;
  auto listed = invoices();
  EXPECT_EQ(listed["2026-000201"]["payment_status"], "unpaid");
  EXPECT_EQ(listed["2026-000201"]["paid"], "0.00");
  EXPECT_EQ(listed["2026-000202"]["payment_status"], "paid");
  EXPECT_EQ(payment_count(), 3u);
}

TEST_F(BankImport, AFileWithAProblemRecordsNothingOfItself) {
  StatementText unknown;
  unknown.iban = "DE89370400440532013000";
  unknown.entries = {
    credit("246.25", "X-1", paid_by("Bakkerij Élan", {}, {reference_of("2026-000201")}))};
  const auto stranger = write_statement("stranger.xml", CamtVersion::Version02, {unknown});

  const auto bad_xml = m_job.root() / "broken.xml";
  auto text = read_text(november_statement());
  write_text(bad_xml, text.substr(0, text.find("<Ntry>", text.find("ACME-3"))) + "<Ntry><Amt");

  const auto other_namespace = m_job.root() / "camt054.xml";
  write_text(other_namespace,
             bank::testing::camt_text(CamtVersion::Version02, {unknown},
                                      "urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"));

  const auto refused = import({stranger.string(), bad_xml.string(), other_namespace.string()});
  EXPECT_EQ(refused.exit_code, 2) << refused.out;
  EXPECT_NE(refused.err.find("stranger.xml:8: "), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("Acct.Id.IBAN: the account DE89370400440532013000 is no creditor's"),
            std::string::npos)
    << refused.err;
  EXPECT_NE(refused.err.find("broken.xml:198: not well-formed XML"), std::string::npos)
    << refused.err;
  EXPECT_NE(refused.err.find("camt.054.001.02"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("mailroom: " + bad_xml.string() +
                             " refused: nothing of it was "
                             "recorded"),
            std::string::npos);
  // The broken file's first entries were good: none of them is recorded.
  EXPECT_EQ(payment_count(), 0u);

  // With one good file among them, the good one is imported and the run is not complete.
  const auto mixed = import({stranger.string(), november_statement().string()});
  EXPECT_EQ(mixed.exit_code, 1);
  EXPECT_EQ(payment_count(), 5u);
}

TEST_F(BankImport, EachPaymentOfABatchIsMatchedOnItsOwn) {
  // A bundle of two transfers in one entry; the bank gives the second no amount of its own.
  auto first = paid_by("Bakkerij Élan", {}, {reference_of("2026-000201")});
  first.amount = "246.25";
  auto second = paid_by("Pietersen", {"Factuur 2026-000205"});
  auto batch = credit("492.50", "BATCH-1", first);
  batch.transactions.push_back(second);
  StatementText statement;
  statement.iban = k_acme_iban;
  statement.entries = {batch};
  const auto imported =
    import({write_statement("batch.xml", CamtVersion::Version08, {statement}).string()});
  EXPECT_EQ(imported.exit_code, 1) << imported.err;
  EXPECT_NE(imported.out.find("\"Factuur 2026-000205\": the bank gives this transaction of a "
                              "batch no amount of its own"),
            std::string::npos)
    << imported.out;
  EXPECT_NE(imported.out.find("1 entry: 1 matched (0 partial), 0 overpaid, 1 unmatched"),
            std::string::npos)
    << imported.out;
  auto listed = invoices();
  EXPECT_EQ(listed["2026-000201"]["payment_status"], "paid");
  EXPECT_EQ(listed["2026-000205"]["payment_status"], "unpaid");
}

TEST_F(BankImport, ItNeedsALedgerAndFiles) {
  const auto nothing = run_mailroom({"bank", "import", m_job.job_file().string()});
  EXPECT_EQ(nothing.exit_code, 2);
  EXPECT_NE(nothing.err.find("which statements?"), std::string::npos) << nothing.err;
  const auto by_ledger = run_mailroom(
    {"bank", "import", "--ledger", m_job.ledger().string(), november_statement().string()});
  EXPECT_EQ(by_ledger.exit_code, 1) << by_ledger.err;
  EXPECT_EQ(payment_count(), 5u);
}

} // namespace
} // namespace mailroom::testing
