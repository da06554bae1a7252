#include <engine/bank/camt_fields.hpp>
#include <engine/bank/camt_reader.hpp>

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <tests/bank/camt_text.hpp>
#include <tests/support/temporary_folder.hpp>

#include <chrono>
#include <iostream>
#include <string>
#include <vector>

namespace mailroom::bank {
namespace {

using mailroom::testing::TemporaryFolder;
using mailroom::testing::write_text;
using testing::camt_text;
using testing::EntryText;
using testing::line_of;
using testing::StatementText;
using testing::TransactionText;

const time::Date k_23_november{2026, 11, 23};

// The entries of a day at a Dutch creditor's account: what a test of both versions reads.
std::vector<EntryText> a_days_entries() {
  std::vector<EntryText> entries(7);
  // 1: paid with the RF creditor reference of the invoice.
  entries[0].amount = "1234.56";
  entries[0].servicer_reference = "20261123-001";
  entries[0].transactions = {
    {"E2E-4711", "Jansen Bouw B.V.", "nl39 rabo 0300 0652 64", "", "", {}, {"RF18539007547034"}}};
  // 2: paid with the invoice number typed into the free text only, which the bank cut into lines
  // of at most 140 characters (here shorter), wherever the cut fell.
  entries[1].amount = "99.5";
  entries[1].transactions = {{"",
                              "J. de Vries",
                              "NL20INGB0001234567",
                              "",
                              "",
                              {"Factuur 2026-000123 met dank voor uw betal", "ing, klantnr 42"},
                              {}}};
  // 3: a Belgian payer with a structured communication.
  entries[2].amount = "250";
  entries[2].transactions = {
    {"", "Dupont SPRL", "BE68539007547034", "", "", {}, {"+++123/4567/89012+++"}}};
  // 4: money paid out to a supplier.
  entries[3].amount = "75.00";
  entries[3].direction = "DBIT";
  entries[3].transactions = {
    {"PAY-77", "", "", "Kantoorartikelen B.V.", "NL44RABO0123456789", {"Order 991"}, {}}};
  // 5: a direct debit returned: money that came in goes out again; its debtor is the payer.
  entries[4].amount = "40.00";
  entries[4].direction = "DBIT";
  entries[4].reversal = "true";
  entries[4].transactions = {{"",
                              "Terug B.V.",
                              "NL28INGB0000000001",
                              "Our Company B.V.",
                              "NL91ABNA0417164300",
                              {"Storno"},
                              {}}};
  // 6: pending, without a booking date yet.
  entries[5].amount = "10.00";
  entries[5].status = "PDNG";
  entries[5].booking_date = "";
  entries[5].value_date = "2026-11-24";
  // 7: a batch of two transfers booked as one entry, each with its own amount.
  entries[6].amount = "300.00";
  entries[6].transactions = {
    {"BATCH-1", "Eerste Betaler", "NL20INGB0001234567", "", "", {}, {"RF18539007547034"}, "120.00"},
    {"BATCH-2",
     "Tweede Betaler",
     "NL02ABNA0123456789",
     "",
     "",
     {"second part"},
     {"RF1234"},
     "180.00"}};
  return entries;
}

Checked<StatementFile> read(const std::string& text, const std::string& name = "statement.xml") {
  return read_camt053(text, name);
}

std::vector<std::string> problems_of(const Checked<StatementFile>& file) {
  std::vector<std::string> texts;
  for (const auto& problem : file.problems()) {
    texts.push_back(problem.to_string());
  }
  return texts;
}

void expect_a_days_entries(const std::string& text, const Statement& statement) {
  ASSERT_EQ(statement.entries.size(), 7U);
  const auto& rf = statement.entries[0];
  EXPECT_EQ(rf.position, 1U);
  EXPECT_EQ(rf.source.file, "statement.xml");
  EXPECT_EQ(rf.source.line, line_of(text, "<Ntry>", 1));
  EXPECT_EQ(rf.amount.cents, 123456);
  EXPECT_EQ(rf.currency, "EUR");
  EXPECT_EQ(rf.direction, Direction::Credit);
  EXPECT_EQ(rf.booking, Booking::Booked);
  EXPECT_EQ(rf.reversal, Reversal::No);
  EXPECT_EQ(rf.booking_date, k_23_november);
  EXPECT_EQ(rf.value_date, k_23_november);
  EXPECT_EQ(rf.account_servicer_reference, "20261123-001");
  ASSERT_EQ(rf.transactions.size(), 1U);
  // The only TxDtls, without an amount of its own: the entry's.
  EXPECT_EQ(rf.transactions[0].amount.cents, 123456);
  EXPECT_EQ(rf.transactions[0].currency, "EUR");
  EXPECT_EQ(rf.transactions[0].counterparty_name, "Jansen Bouw B.V.");
  EXPECT_EQ(rf.transactions[0].counterparty_iban, "NL39RABO0300065264");
  EXPECT_EQ(rf.transactions[0].structured_references, std::vector<std::string>{"RF18539007547034"});
  EXPECT_EQ(rf.transactions[0].unstructured_remittance, "");
  EXPECT_EQ(rf.transactions[0].end_to_end_id, "E2E-4711");

  const auto& free_text = statement.entries[1];
  EXPECT_EQ(free_text.amount.cents, 9950);
  ASSERT_EQ(free_text.transactions.size(), 1U);
  EXPECT_EQ(free_text.transactions[0].counterparty_name, "J. de Vries");
  EXPECT_TRUE(free_text.transactions[0].structured_references.empty());
  EXPECT_EQ(free_text.transactions[0].unstructured_remittance,
            "Factuur 2026-000123 met dank voor uw betaling, klantnr 42");
  EXPECT_EQ(free_text.transactions[0].end_to_end_id, ""); // NOTPROVIDED

  const auto& belgian = statement.entries[2];
  EXPECT_EQ(belgian.amount.cents, 25000);
  ASSERT_EQ(belgian.transactions.size(), 1U);
  EXPECT_EQ(belgian.transactions[0].counterparty_iban, "BE68539007547034");
  EXPECT_EQ(belgian.transactions[0].structured_references,
            std::vector<std::string>{"+++123/4567/89012+++"});

  const auto& debit = statement.entries[3];
  EXPECT_EQ(debit.direction, Direction::Debit);
  EXPECT_EQ(debit.amount.cents, 7500);
  ASSERT_EQ(debit.transactions.size(), 1U);
  EXPECT_EQ(debit.transactions[0].counterparty_name, "Kantoorartikelen B.V.");
  EXPECT_EQ(debit.transactions[0].counterparty_iban, "NL44RABO0123456789");
  EXPECT_EQ(debit.transactions[0].end_to_end_id, "PAY-77");
  EXPECT_EQ(debit.transactions[0].unstructured_remittance, "Order 991");

  const auto& reversal = statement.entries[4];
  EXPECT_EQ(reversal.direction, Direction::Debit);
  EXPECT_EQ(reversal.reversal, Reversal::Yes);
  ASSERT_EQ(reversal.transactions.size(), 1U);
  EXPECT_EQ(reversal.transactions[0].counterparty_name, "Terug B.V.");
  EXPECT_EQ(reversal.transactions[0].counterparty_iban, "NL28INGB0000000001");

  // Without TxDtls, the entry itself is its one transaction.
  const auto& pending = statement.entries[5];
  EXPECT_EQ(pending.booking, Booking::Pending);
  EXPECT_EQ(pending.booking_date, (time::Date{2026, 11, 24}));
  EXPECT_EQ(pending.value_date, (time::Date{2026, 11, 24}));
  ASSERT_EQ(pending.transactions.size(), 1U);
  EXPECT_EQ(pending.transactions[0].amount.cents, 1000);
  EXPECT_EQ(pending.transactions[0].currency, "EUR");
  EXPECT_EQ(pending.transactions[0].counterparty_name, "");

  // A batch keeps each of its transactions.
  const auto& batch = statement.entries[6];
  EXPECT_EQ(batch.position, 7U);
  EXPECT_EQ(batch.source.line, line_of(text, "<Ntry>", 7));
  EXPECT_EQ(batch.amount.cents, 30000);
  ASSERT_EQ(batch.transactions.size(), 2U);
  EXPECT_EQ(batch.transactions[0].amount.cents, 12000);
  EXPECT_EQ(batch.transactions[0].currency, "EUR");
  EXPECT_EQ(batch.transactions[0].counterparty_name, "Eerste Betaler");
  EXPECT_EQ(batch.transactions[0].counterparty_iban, "NL20INGB0001234567");
  EXPECT_EQ(batch.transactions[0].end_to_end_id, "BATCH-1");
  EXPECT_EQ(batch.transactions[0].structured_references,
            std::vector<std::string>{"RF18539007547034"});
  EXPECT_EQ(batch.transactions[0].unstructured_remittance, "");
  EXPECT_EQ(batch.transactions[1].amount.cents, 18000);
  EXPECT_EQ(batch.transactions[1].counterparty_name, "Tweede Betaler");
  EXPECT_EQ(batch.transactions[1].counterparty_iban, "NL02ABNA0123456789");
  EXPECT_EQ(batch.transactions[1].end_to_end_id, "BATCH-2");
  EXPECT_EQ(batch.transactions[1].structured_references, std::vector<std::string>{"RF1234"});
  EXPECT_EQ(batch.transactions[1].unstructured_remittance, "second part");
}

TEST(CamtReader, ReadsAVersion02StatementAsIngExportsIt) {
  StatementText statement;
  statement.iban = "nl91 abna 0417 1643 00";
  statement.entries = a_days_entries();
  const auto text = camt_text(CamtVersion::Version02, {statement});
  const auto file = read(text);
  ASSERT_TRUE(file) << ::testing::PrintToString(problems_of(file));
  EXPECT_EQ(file->path, "statement.xml");
  EXPECT_EQ(file->version, CamtVersion::Version02);
  EXPECT_EQ(file->message_id, "MSG-20261124-0001");
  ASSERT_EQ(file->statements.size(), 1U);
  const auto& read_statement = file->statements[0];
  EXPECT_EQ(read_statement.source.line, line_of(text, "<Stmt>"));
  EXPECT_EQ(read_statement.id, "STMT-2026-11-23");
  EXPECT_EQ(read_statement.account_iban, "NL91ABNA0417164300");
  EXPECT_EQ(read_statement.account_currency, "EUR");
  EXPECT_EQ(read_statement.created, "2026-11-24T06:00:00");
  EXPECT_EQ(read_statement.to_date, k_23_november);
  expect_a_days_entries(text, read_statement);
}

TEST(CamtReader, ReadsAVersion08StatementAsRabobankExportsIt) {
  StatementText statement;
  statement.entries = a_days_entries();
  // Rabobank writes date-times where ING writes dates.
  statement.entries[0].booking_date = "2026-11-23T09:15:00.000+01:00";
  const auto text = camt_text(CamtVersion::Version08, {statement});
  ASSERT_NE(text.find("<Pty>\n<Nm>Jansen Bouw B.V.</Nm>"), std::string::npos);
  ASSERT_NE(text.find("<Sts>\n<Cd>BOOK</Cd>"), std::string::npos);
  const auto file = read(text);
  ASSERT_TRUE(file) << ::testing::PrintToString(problems_of(file));
  EXPECT_EQ(file->version, CamtVersion::Version08);
  ASSERT_EQ(file->statements.size(), 1U);
  expect_a_days_entries(text, file->statements[0]);
}

TEST(CamtReader, ReadsSeveralStatementsOfOneFileEachWithItsOwnEntries) {
  StatementText first;
  first.id = "FIRST";
  first.entries = {EntryText{}, EntryText{}};
  first.entries[1].amount = "0.01";
  StatementText second;
  second.id = "SECOND";
  second.iban = "BE68539007547034";
  second.to = "";
  second.entries = {EntryText{}, EntryText{}};
  second.entries[0].booking_date = "2026-11-20";
  second.entries[1].booking_date = "2026-11-21";
  StatementText third;
  third.id = "THIRD";
  third.to = "";
  third.created = "2026-11-25T06:00:00+01:00";
  const auto text = camt_text(CamtVersion::Version02, {first, second, third});
  const auto file = read(text);
  ASSERT_TRUE(file) << ::testing::PrintToString(problems_of(file));
  ASSERT_EQ(file->statements.size(), 3U);
  EXPECT_EQ(file->statements[0].id, "FIRST");
  EXPECT_EQ(file->statements[0].entries.size(), 2U);
  EXPECT_EQ(file->statements[0].entries[1].amount.cents, 1);
  EXPECT_EQ(file->statements[0].entries[1].position, 2U);
  EXPECT_EQ(file->statements[1].id, "SECOND");
  EXPECT_EQ(file->statements[1].account_iban, "BE68539007547034");
  EXPECT_EQ(file->statements[1].source.line, line_of(text, "<Stmt>", 2));
  ASSERT_EQ(file->statements[1].entries.size(), 2U);
  EXPECT_EQ(file->statements[1].entries[0].position, 1U);
  EXPECT_EQ(file->statements[1].entries[0].source.line, line_of(text, "<Ntry>", 3));
  // No FrToDt: the latest booking date, else the date of CreDtTm.
  EXPECT_EQ(file->statements[1].to_date, (time::Date{2026, 11, 21}));
  EXPECT_TRUE(file->statements[2].entries.empty());
  EXPECT_EQ(file->statements[2].to_date, (time::Date{2026, 11, 25}));
}

TEST(CamtReader, KnowsAReturnByItsBankTransactionCodeOrItsReturnInformation) {
  // A SEPA return booked as a plain debit (no RvslInd): by the code RRTN in one bank's export, by
  // RtrInf in another's; a debit with neither is money paid out.
  for (const auto version : {CamtVersion::Version02, CamtVersion::Version08}) {
    StatementText statement;
    statement.entries.resize(3);
    for (auto& entry : statement.entries) {
      entry.direction = "DBIT";
      entry.transactions = {{"E2E-1", "", "", "Bakkerij Élan", "NL39RABO0300065264", {}, {}}};
    }
    statement.entries[0].sub_family = "RRTN";
    statement.entries[1].transactions[0].return_reason = "AC04";
    const auto file = read(camt_text(version, {statement}));
    ASSERT_TRUE(file) << ::testing::PrintToString(problems_of(file));
    const auto& entries = file->statements.at(0).entries;
    ASSERT_EQ(entries.size(), 3U);
    EXPECT_EQ(entries[0].returned, Return::Yes);
    EXPECT_EQ(entries[1].returned, Return::Yes);
    EXPECT_EQ(entries[2].returned, Return::No);
    EXPECT_EQ(entries[0].reversal, Reversal::No);
  }
}

TEST(CamtReader, ReadsAFileFromDiskAndSaysWhenThereIsNone) {
  TemporaryFolder folder;
  StatementText statement;
  statement.entries = {EntryText{}};
  write_text(folder / "ing.xml", camt_text(CamtVersion::Version02, {statement}));
  const auto file = read_camt053(folder / "ing.xml");
  ASSERT_TRUE(file) << ::testing::PrintToString(problems_of(file));
  EXPECT_EQ(file->path, folder / "ing.xml");
  ASSERT_EQ(file->statements.size(), 1U);
  EXPECT_EQ(file->statements[0].entries[0].source.file, (folder / "ing.xml").string());
  EXPECT_EQ(file->statements[0].entries[0].amount.cents, 10000);

  const auto missing = read_camt053(folder / "missing.xml");
  ASSERT_FALSE(missing);
  EXPECT_EQ(problems_of(missing), std::vector<std::string>{(folder / "missing.xml").string() +
                                                           ": cannot be opened: No such file or "
                                                           "directory"});
}

TEST(CamtReader, RefusesTextThatIsNotWellFormedNamingFileAndLine) {
  StatementText statement;
  statement.entries = {EntryText{}};
  auto text = camt_text(CamtVersion::Version02, {statement});
  const auto position = text.find("</CdtDbtInd>");
  text.replace(position, 12, "</CdtDbt>");
  const auto file = read(text, "broken.xml");
  ASSERT_FALSE(file);
  const auto line = line_of(text, "</CdtDbt>");
  EXPECT_EQ(file.error().location.file, "broken.xml");
  EXPECT_EQ(file.error().location.line, line);
  EXPECT_EQ(file.error().message,
            "not well-formed XML: Opening and ending tag mismatch: CdtDbtInd line " +
              std::to_string(line) + " and CdtDbt");
}

TEST(CamtReader, RefusesAnyOtherDocumentNamingTheNamespaceFoundAndTheOnesAccepted) {
  const std::string accepted = "; expected <Document> in urn:iso:std:iso:20022:tech:xsd:camt.053."
                               "001.02 or urn:iso:std:iso:20022:tech:xsd:camt.053.001.08";
  const auto camt054 =
    camt_text(CamtVersion::Version02, {}, "urn:iso:std:iso:20022:tech:xsd:camt.054.001.02");
  EXPECT_EQ(problems_of(read(camt054, "notification.xml")),
            std::vector<std::string>{
              "notification.xml:2: not a CAMT.053 bank statement: the root element <Document> is "
              "in namespace \"urn:iso:std:iso:20022:tech:xsd:camt.054.001.02\"" +
              accepted});
  const std::string plain = "<?xml version=\"1.0\"?>\n<Document>\n<BkToCstmrStmt/>\n</Document>\n";
  EXPECT_EQ(problems_of(read(plain, "plain.xml")),
            std::vector<std::string>{"plain.xml:2: not a CAMT.053 bank statement: the root "
                                     "element <Document> is in no namespace" +
                                     accepted});
  const std::string pain =
    "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\">\n<CstmrCdtTrfInitn/>\n"
    "</Document>\n";
  EXPECT_EQ(read(pain).error().message.find("not a CAMT.053 bank statement"), 0U);
  const std::string no_report =
    "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">"
    "\n<Other/>\n</Document>\n";
  EXPECT_EQ(problems_of(read(no_report)),
            std::vector<std::string>{"statement.xml:2: not a CAMT.053 bank statement: <Document> "
                                     "holds no <BkToCstmrStmt>"});
  EXPECT_EQ(problems_of(read("", "empty.xml")).size(), 1U);
}

TEST(CamtReader, SaysWhichEntryLacksItsAmount) {
  StatementText statement;
  statement.entries = {EntryText{}, EntryText{}};
  statement.entries[1].amount = "";
  const auto text = camt_text(CamtVersion::Version02, {statement});
  EXPECT_EQ(problems_of(read(text)),
            std::vector<std::string>{"statement.xml:" + std::to_string(line_of(text, "<Ntry>", 2)) +
                                     ": Stmt[1].Ntry[2].Amt: missing"});
}

TEST(CamtReader, RefusesAmountsThatAreNotPlainPositiveCents) {
  StatementText statement;
  for (const auto* amount : {"12,34", "1.234", "-5.00", "1e3", ".", " 12.50 ", "12.500"}) {
    EntryText entry;
    entry.amount = amount;
    statement.entries.push_back(entry);
  }
  const auto text = camt_text(CamtVersion::Version08, {statement});
  const auto line = [&](int entry) {
    return "statement.xml:" + std::to_string(line_of(text, "<Amt Ccy=\"EUR\">", entry + 1)) +
           ": Stmt[1].Ntry[" + std::to_string(entry) + "].Amt: ";
  };
  EXPECT_EQ(problems_of(read(text)),
            (std::vector<std::string>{
              line(1) + "expected an amount like 12.34, found \"12,34\"",
              line(2) + "has more than 2 decimals, found \"1.234\"; amounts are in cents",
              line(3) + "must not be negative (CdtDbtInd gives the direction), found \"-5.00\"",
              line(4) + "expected an amount like 12.34, found \"1e3\"",
              line(5) + "expected an amount like 12.34, found \".\""}));
}

TEST(CamtReader, ParsesAmountsExactlyIntoCents) {
  EXPECT_EQ(parse_amount("0.01")->cents, 1);
  EXPECT_EQ(parse_amount("12.5")->cents, 1250);
  EXPECT_EQ(parse_amount("007")->cents, 700);
  EXPECT_EQ(parse_amount("999999999999999.99")->cents, 99999999999999999);
  EXPECT_FALSE(parse_amount("1000000000000000"));
  EXPECT_FALSE(parse_amount(""));
  EXPECT_FALSE(parse_amount("+1"));
  EXPECT_FALSE(parse_amount("1 000"));
  // xs:decimal may leave out either side of the point.
  EXPECT_EQ(parse_amount(".50")->cents, 50);
  EXPECT_EQ(parse_amount("12.")->cents, 1200);
  EXPECT_EQ(parse_amount("12.500")->cents, 1250);
  EXPECT_FALSE(parse_amount("."));
  EXPECT_FALSE(parse_amount("-.50"));
  EXPECT_FALSE(parse_amount(".505"));
  EXPECT_FALSE(parse_amount("1.5e2"));
}

TEST(CamtReader, ReadsAmountsWithoutADigitBeforeOrAfterThePoint) {
  StatementText statement;
  statement.entries = {EntryText{}, EntryText{}};
  statement.entries[0].amount = ".50";
  statement.entries[1].amount = "12.";
  const auto file = read(camt_text(CamtVersion::Version02, {statement}));
  ASSERT_TRUE(file) << ::testing::PrintToString(problems_of(file));
  EXPECT_EQ(file->statements[0].entries[0].amount.cents, 50);
  EXPECT_EQ(file->statements[0].entries[1].amount.cents, 1200);
}

TEST(CamtReader, ReadsDatesWithATimeZone) {
  StatementText statement;
  statement.entries = {EntryText{}, EntryText{}};
  statement.entries[0].booking_date = "2026-11-23+01:00";
  statement.entries[0].value_date = "2026-11-24Z";
  statement.entries[1].booking_date = "2026-11-23-05:00";
  const auto file = read(camt_text(CamtVersion::Version02, {statement}));
  ASSERT_TRUE(file) << ::testing::PrintToString(problems_of(file));
  EXPECT_EQ(file->statements[0].entries[0].booking_date, k_23_november);
  EXPECT_EQ(file->statements[0].entries[0].value_date, (time::Date{2026, 11, 24}));
  EXPECT_EQ(file->statements[0].entries[1].booking_date, k_23_november);

  EXPECT_EQ(parse_xml_date("2026-11-23Z").value(), k_23_november);
  EXPECT_FALSE(parse_xml_date("2026-11-23+25:00"));
  EXPECT_FALSE(parse_xml_date("2026-11-23+01"));
  EXPECT_FALSE(parse_xml_date("2026-11-23 junk"));
  EXPECT_FALSE(parse_xml_date("2026-11-31Z"));
}

TEST(CamtReader, KeepsEachTransactionOfABatchEvenWhenTheirAmountsDoNotAddUp) {
  for (const auto version : {CamtVersion::Version02, CamtVersion::Version08}) {
    StatementText statement;
    statement.entries = {EntryText{}};
    statement.entries[0].amount = "500.00";
    statement.entries[0].transactions = {
      {"COLL-1", "Eerste Betaler", "NL20INGB0001234567", "", "", {"one"}, {}, "100.00"},
      {"COLL-2", "Tweede Betaler", "NL02ABNA0123456789", "", "", {"two"}, {}, "150.00"},
      {"COLL-3", "Derde Betaler", "BE68539007547034", "", "", {"three"}, {}, ""}};
    const auto file = read(camt_text(version, {statement}));
    ASSERT_TRUE(file) << ::testing::PrintToString(problems_of(file));
    const auto& entry = file->statements[0].entries[0];
    EXPECT_EQ(entry.amount.cents, 50000);
    ASSERT_EQ(entry.transactions.size(), 3U);
    EXPECT_EQ(entry.transactions[0].amount.cents, 10000);
    EXPECT_EQ(entry.transactions[1].amount.cents, 15000);
    EXPECT_EQ(entry.transactions[1].counterparty_name, "Tweede Betaler");
    EXPECT_EQ(entry.transactions[1].unstructured_remittance, "two");
    // One of several without an amount of its own has none: the entry's is the whole batch's.
    EXPECT_EQ(entry.transactions[2].amount.cents, 0);
    EXPECT_EQ(entry.transactions[2].currency, "");
    EXPECT_EQ(entry.transactions[2].end_to_end_id, "COLL-3");
  }
}

TEST(CamtReader, SaysWhichTransactionsAmountIsWrong) {
  StatementText statement;
  statement.entries = {EntryText{}};
  statement.entries[0].transactions = {{"A", "", "", "", "", {}, {}, "1,00"}};
  const auto text = camt_text(CamtVersion::Version08, {statement});
  EXPECT_EQ(problems_of(read(text)),
            std::vector<std::string>{
              "statement.xml:" + std::to_string(line_of(text, "<Amt Ccy=\"EUR\">1,00")) +
              ": Stmt[1].Ntry[1].TxDtls[1].Amt: expected an amount like "
              "12.34, found \"1,00\""});
}

TEST(CamtReader, TakesTheCounterpartyWhoseAccountIsNotTheStatementsOwn) {
  StatementText statement;
  statement.entries = {EntryText{}, EntryText{}, EntryText{}};
  // A returned payment booked as a debit without RvslInd: its related parties repeat the original
  // payment, whose debtor paid us.
  statement.entries[0].direction = "DBIT";
  statement.entries[0].transactions = {{"",
                                        "Jansen Bouw B.V.",
                                        "NL39RABO0300065264",
                                        "Our Company B.V.",
                                        "NL91ABNA0417164300",
                                        {},
                                        {}}};
  // Money coming back from a supplier, its parties those of our payment.
  statement.entries[1].transactions = {{"",
                                        "Our Company B.V.",
                                        "nl91 abna 0417 1643 00",
                                        "Kantoorartikelen B.V.",
                                        "NL44RABO0123456789",
                                        {},
                                        {}}};
  // Neither account known: the direction decides.
  statement.entries[2].direction = "DBIT";
  statement.entries[2].transactions = {{"", "Debtor", "", "Creditor", "", {}, {}}};
  const auto file = read(camt_text(CamtVersion::Version02, {statement}));
  ASSERT_TRUE(file) << ::testing::PrintToString(problems_of(file));
  const auto& entries = file->statements[0].entries;
  EXPECT_EQ(entries[0].transactions[0].counterparty_name, "Jansen Bouw B.V.");
  EXPECT_EQ(entries[0].transactions[0].counterparty_iban, "NL39RABO0300065264");
  EXPECT_EQ(entries[1].transactions[0].counterparty_name, "Kantoorartikelen B.V.");
  EXPECT_EQ(entries[1].transactions[0].counterparty_iban, "NL44RABO0123456789");
  EXPECT_EQ(entries[2].transactions[0].counterparty_name, "Creditor");
  EXPECT_EQ(entries[2].transactions[0].counterparty_iban, "");
}

TEST(CamtReader, ReadsAProprietaryStatusAsOtherAndRefusesAnEmptyOne) {
  StatementText statement;
  statement.entries = {EntryText{}, EntryText{}};
  auto text = camt_text(CamtVersion::Version08, {statement});
  const std::string code = "<Sts>\n<Cd>BOOK</Cd>\n</Sts>";
  text.replace(text.find(code), code.size(), "<Sts>\n<Prtry>GEBOEKT</Prtry>\n</Sts>");
  const auto file = read(text);
  ASSERT_TRUE(file) << ::testing::PrintToString(problems_of(file));
  EXPECT_EQ(file->statements[0].entries[0].booking, Booking::Other);
  EXPECT_EQ(file->statements[0].entries[1].booking, Booking::Booked);

  text.replace(text.find(code), code.size(), "<Sts>\n</Sts>");
  EXPECT_EQ(
    problems_of(read(text)),
    std::vector<std::string>{"statement.xml:" + std::to_string(line_of(text, "<Sts>\n</Sts>")) +
                             ": Stmt[1].Ntry[2].Sts: has neither Cd, Prtry nor text; "
                             "expected BOOK, PDNG or INFO"});
}

TEST(CamtReader, ReadsPendingAndInformationEntriesWithoutDatesButNotBookedOnes) {
  StatementText statement;
  statement.to = "";
  statement.entries = {EntryText{}, EntryText{}, EntryText{}};
  statement.entries[0].booking_date = "2026-11-22";
  statement.entries[1].status = "PDNG";
  statement.entries[1].booking_date = "";
  statement.entries[1].value_date = "";
  statement.entries[2].status = "INFO";
  statement.entries[2].booking_date = "";
  statement.entries[2].value_date = "";
  const auto file = read(camt_text(CamtVersion::Version02, {statement}));
  ASSERT_TRUE(file) << ::testing::PrintToString(problems_of(file));
  const auto& entries = file->statements[0].entries;
  EXPECT_EQ(entries[1].booking, Booking::Pending);
  EXPECT_FALSE(entries[1].booking_date);
  EXPECT_FALSE(entries[1].value_date);
  EXPECT_EQ(entries[2].booking, Booking::Information);
  EXPECT_FALSE(entries[2].booking_date);

  statement.entries[1].status = "BOOK";
  const auto text = camt_text(CamtVersion::Version02, {statement});
  EXPECT_EQ(problems_of(read(text)),
            std::vector<std::string>{"statement.xml:" + std::to_string(line_of(text, "<Ntry>", 2)) +
                                     ": Stmt[1].Ntry[2].BookgDt: missing, and there is no ValDt "
                                     "either; a booked entry needs a date"});
}

TEST(CamtReader, DatesAStatementWithoutFrToDtByItsBookedEntriesOnly) {
  StatementText statement;
  statement.to = "";
  statement.entries = {EntryText{}, EntryText{}, EntryText{}};
  statement.entries[0].booking_date = "2026-11-22";
  statement.entries[1].status = "PDNG";
  statement.entries[1].booking_date = "2026-11-27";
  statement.entries[2].status = "INFO";
  statement.entries[2].booking_date = "";
  statement.entries[2].value_date = "2026-11-28";
  const auto file = read(camt_text(CamtVersion::Version02, {statement}));
  ASSERT_TRUE(file) << ::testing::PrintToString(problems_of(file));
  EXPECT_EQ(file->statements[0].to_date, (time::Date{2026, 11, 22}));

  // Nothing booked: the date of CreDtTm.
  statement.entries.erase(statement.entries.begin());
  const auto pending_only = read(camt_text(CamtVersion::Version02, {statement}));
  ASSERT_TRUE(pending_only) << ::testing::PrintToString(problems_of(pending_only));
  EXPECT_EQ(pending_only->statements[0].to_date, (time::Date{2026, 11, 24}));
}

TEST(CamtReader, RefusesAStatementWhoseIbanHasWrongCheckDigits) {
  StatementText statement;
  statement.iban = "NL92ABNA0417164300";
  const auto text = camt_text(CamtVersion::Version02, {statement});
  EXPECT_EQ(
    problems_of(read(text)),
    std::vector<std::string>{"statement.xml:" + std::to_string(line_of(text, "<IBAN>NL92")) +
                             ": Stmt[1].Acct.Id.IBAN: the IBAN's check digits do not "
                             "match (mistyped?), found \"NL92ABNA0417164300\""});
}

TEST(CamtReader, ReportsEveryProblemOfAFileAtOnce) {
  StatementText statement;
  statement.entries = {EntryText{}, EntryText{}, EntryText{}};
  statement.entries[0].booking_date = "2026-02-30";
  statement.entries[1].direction = "CRED";
  statement.entries[2].value_date = "23-11-2026";
  statement.created = "yesterday";
  const auto text = camt_text(CamtVersion::Version02, {statement});
  const auto at = [&](const std::string& needle, int occurrence = 1) {
    return "statement.xml:" + std::to_string(line_of(text, needle, occurrence)) + ": ";
  };
  EXPECT_EQ(
    problems_of(read(text)),
    (std::vector<std::string>{
      at("<CreDtTm>yesterday") +
        "Stmt[1].CreDtTm: expected a date as YYYY-MM-DD, got \"yesterday\"",
      at("<Dt>2026-02-30") +
        "Stmt[1].Ntry[1].BookgDt.Dt: \"2026-02-30\" is not a day of the calendar",
      at("<CdtDbtInd>CRED") + "Stmt[1].Ntry[2].CdtDbtInd: expected CRDT or DBIT, found \"CRED\"",
      at("<Dt>23-11-2026") +
        "Stmt[1].Ntry[3].ValDt.Dt: expected a date as YYYY-MM-DD, got \"23-11-2026\""}));
}

TEST(CamtReader, RefusesAStatementWithoutTheAccountsIban) {
  StatementText statement;
  statement.other_id = "0123456789";
  const auto text = camt_text(CamtVersion::Version02, {statement});
  EXPECT_EQ(problems_of(read(text)),
            std::vector<std::string>{
              "statement.xml:" + std::to_string(line_of(text, "<Acct>")) +
              ": Stmt[1].Acct.Id.IBAN: missing, the account is identified only as \"0123456789\"; "
              "the account's IBAN is needed to know whose statement this is"});
}

TEST(CamtReader, NeverReadsAnExternalEntityOrDtd) {
  StatementText statement;
  statement.entries = {EntryText{}};
  statement.entries[0].transactions = {{"", "&xxe;", "", "", "", {}, {}}};
  auto text = camt_text(CamtVersion::Version02, {statement});
  text.insert(text.find('\n') + 1,
              "<!DOCTYPE Document [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n");
  const auto with_entity = read(text);
  ASSERT_FALSE(with_entity);
  for (const auto& problem : problems_of(with_entity)) {
    EXPECT_EQ(problem.find("root:"), std::string::npos) << problem;
  }
  EXPECT_EQ(problems_of(with_entity),
            std::vector<std::string>{"statement.xml: has a DOCTYPE declaration, which is refused: "
                                     "DTDs and entities are never read"});
  auto external_dtd = camt_text(CamtVersion::Version08, {StatementText{}});
  external_dtd.insert(external_dtd.find('\n') + 1,
                      "<!DOCTYPE Document SYSTEM \"file:///etc/passwd\">\n");
  EXPECT_EQ(problems_of(read(external_dtd)),
            std::vector<std::string>{"statement.xml: has a DOCTYPE declaration, which is refused: "
                                     "DTDs and entities are never read"});
}

TEST(CamtReader, RefusesABillionLaughsQuickly) {
  std::string entities = "<!DOCTYPE Document [\n<!ENTITY lol \"lol\">\n";
  for (int level = 1; level <= 9; ++level) {
    const std::string previous = level == 1 ? "lol" : "lol" + std::to_string(level - 1);
    entities += "<!ENTITY lol" + std::to_string(level) + " \"";
    for (int copy = 0; copy < 10; ++copy) {
      entities += "&" + previous + ";";
    }
    entities += "\">\n";
  }
  entities += "]>\n";
  StatementText statement;
  statement.entries = {EntryText{}};
  statement.entries[0].transactions = {{"", "&lol9;", "", "", "", {"&lol9;"}, {}}};
  auto text = camt_text(CamtVersion::Version02, {statement});
  text.insert(text.find('\n') + 1, entities);
  const auto started = std::chrono::steady_clock::now();
  const auto file = read(text);
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(problems_of(file),
            std::vector<std::string>{"statement.xml: has a DOCTYPE declaration, which is refused: "
                                     "DTDs and entities are never read"});
  EXPECT_LT(took, std::chrono::seconds(5));
}

TEST(CamtReader, PassesOverJunkNestedTenLevelsDeepAndRefusesDeeperThan64) {
  std::string junk;
  for (int level = 0; level < 10; ++level) {
    junk += "<Junk" + std::to_string(level) + " xmlns=\"urn:junk\">";
  }
  junk += "<Amt Ccy=\"USD\">1.00</Amt>";
  for (int level = 9; level >= 0; --level) {
    junk += "</Junk" + std::to_string(level) + ">";
  }
  StatementText statement;
  statement.entries = {EntryText{}};
  statement.entries[0].extra = junk + "\n";
  const auto file = read(camt_text(CamtVersion::Version02, {statement}));
  ASSERT_TRUE(file) << ::testing::PrintToString(problems_of(file));
  EXPECT_EQ(file->statements[0].entries[0].amount.cents, 10000);
  EXPECT_EQ(file->statements[0].entries[0].currency, "EUR");

  // A document of nothing but junk, ten levels deep, is no statement.
  std::string junk_document;
  for (int level = 0; level < 10; ++level) {
    junk_document += "<Junk>\n";
  }
  for (int level = 0; level < 10; ++level) {
    junk_document += "</Junk>\n";
  }
  EXPECT_EQ(problems_of(read(junk_document, "junk.xml")),
            std::vector<std::string>{
              "junk.xml:1: not a CAMT.053 bank statement: the root element <Junk> is in no "
              "namespace; expected <Document> in urn:iso:std:iso:20022:tech:xsd:camt.053.001.02 "
              "or urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"});

  std::string deep;
  for (int level = 0; level < 70; ++level) {
    deep += "<Junk>";
  }
  for (int level = 0; level < 70; ++level) {
    deep += "</Junk>";
  }
  statement.entries[0].extra = deep + "\n";
  const auto refused = read(camt_text(CamtVersion::Version02, {statement}));
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("depth"), std::string::npos) << refused.error().message;
}

TEST(CamtReader, StopsAfterFiftyProblems) {
  StatementText statement;
  for (int index = 0; index < 80; ++index) {
    EntryText entry;
    entry.amount = "12,34";
    statement.entries.push_back(entry);
  }
  const auto file = read(camt_text(CamtVersion::Version02, {statement}));
  ASSERT_FALSE(file);
  ASSERT_EQ(file.problems().size(), k_maximum_problems + 1);
  EXPECT_EQ(file.problems()[49].location.field, "Stmt[1].Ntry[50].Amt");
  EXPECT_EQ(file.problems().back().to_string(),
            "statement.xml: stopped reading after 50 problems; there may be more");
}

// The fuzz corpus holds only small files: the size of a statement is covered here.
TEST(CamtReader, ReadsAFiftyMegabyteStatementWithoutKeepingItsXml) {
  StatementText statement;
  EntryText entry;
  entry.transactions = {{"E2E",
                         "Jansen Bouw B.V.",
                         "NL39RABO0300065264",
                         "",
                         "",
                         {"Factuur 2026-000123 met dank voor uw betaling"},
                         {"RF18539007547034"}}};
  const std::string one = camt_text(CamtVersion::Version02, {StatementText{}});
  statement.entries.assign(1, entry);
  const std::size_t entry_size = camt_text(CamtVersion::Version02, {statement}).size() - one.size();
  statement.entries.assign(std::size_t{50} * 1000 * 1000 / entry_size + 1, entry);
  statement.entries.back().amount = "4711.00";
  const auto text = camt_text(CamtVersion::Version02, {statement});
  ASSERT_GT(text.size(), std::size_t{50} * 1000 * 1000);
  TemporaryFolder folder;
  write_text(folder / "big.xml", text);
  const auto entries = statement.entries.size();
  statement = StatementText{};

  rusage before{};
  getrusage(RUSAGE_SELF, &before);
  const auto started = std::chrono::steady_clock::now();
  const auto file = read_camt053(folder / "big.xml");
  const auto took = std::chrono::steady_clock::now() - started;
  rusage after{};
  getrusage(RUSAGE_SELF, &after);
  ASSERT_TRUE(file) << ::testing::PrintToString(problems_of(file));
  ASSERT_EQ(file->statements[0].entries.size(), entries);
  const auto& last = file->statements[0].entries.back();
  EXPECT_EQ(last.amount.cents, 471100);
  EXPECT_EQ(last.position, entries);
  EXPECT_EQ(last.source.line, line_of(text, "<Ntry>", static_cast<int>(entries)));
  ASSERT_EQ(last.transactions.size(), 1U);
  EXPECT_EQ(last.transactions[0].structured_references,
            std::vector<std::string>{"RF18539007547034"});
  // The text itself takes 50 MB of this process; ASan's quarantine keeps up to 256 MB of freed
  // memory more. What the limit catches is a reader that keeps the whole tree (a DOM of 50 MB
  // of XML takes over half a gigabyte).
  const long grown_megabytes = (after.ru_maxrss - before.ru_maxrss) / 1024;
  EXPECT_LT(grown_megabytes, 400);
  std::cout << "[          ] " << entries << " entries, "
            << text.size() / (std::size_t{1000} * 1000) << " MB read in "
            << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
            << " ms; peak RSS grew by " << grown_megabytes << " MB\n";
}

} // namespace
} // namespace mailroom::bank
