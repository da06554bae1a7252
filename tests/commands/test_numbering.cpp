// `mailroom numbering` end to end: a job with deliberate gaps in its numbering is sent to a
// maildir; the command lists each missing number with what the ledger knows of it (refused with
// its error, recorded but not sent, never in any job), as JSON parsed back and as a table, exits 1
// while there are gaps and 0 when there are none.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <tests/pipeline/job_fixture.hpp>
#include <tests/support/process.hpp>

namespace mailroom::testing {
namespace {

using nlohmann::json;

class Numbering : public ::testing::Test {
protected:
  void SetUp() override {
    // acme: 101 sent, 102 refused (no such date), 103 recorded but no valid address, 104 and 105
    // never in the job, 106 and 107 sent. northwind: 201 and 203 sent, 202 never in the job.
    auto refused = make_invoice("2026-000102", "acme", "a@debtor.example");
    refused["date"] = "2026-13-45";
    m_job.write({make_invoice("2026-000101", "acme", "a@debtor.example").dump(), refused.dump(),
                 make_invoice("2026-000103", "acme", "not-an-address").dump(),
                 make_invoice("2026-000106", "acme", "a@debtor.example").dump(),
                 make_invoice("2026-000107", "acme", "a@debtor.example").dump(),
                 make_invoice("2026-000201", "northwind", "b@debtor.example").dump(),
                 make_invoice("2026-000203", "northwind", "b@debtor.example").dump()});
    const auto sent = run_mailroom({"run", m_job.job_file().string(), "--progress", "none"});
    ASSERT_EQ(sent.exit_code, 1) << sent.out << sent.err;
  }

  ProcessResult numbering(std::vector<std::string> arguments) {
    arguments.insert(arguments.begin(), {"numbering", m_job.job_file().string()});
    return run_mailroom(arguments);
  }

  JobFixture m_job{"maildir:outbox"};
};

TEST_F(Numbering, EachGapIsListedWithWhatTheLedgerKnowsOfIt) {
  const auto listed = numbering({"--format", "json"});
  EXPECT_EQ(listed.exit_code, 1) << listed.out << listed.err;
  const auto rows = json::parse(listed.out);
  ASSERT_EQ(rows.size(), 4u) << rows.dump(1);

  EXPECT_EQ(rows[0]["creditor"], "acme");
  EXPECT_EQ(rows[0]["series"], "2026-");
  EXPECT_EQ(rows[0]["first"], "2026-000102");
  EXPECT_EQ(rows[0]["last"], "2026-000102");
  EXPECT_EQ(rows[0]["count"], 1);
  EXPECT_EQ(rows[0]["known"], "refused");
  EXPECT_EQ(rows[0]["job"], "test-job");
  // The run's own error: the file and line of the record, the field, what was expected.
  const auto refusal = rows[0]["detail"].get<std::string>();
  EXPECT_NE(refusal.find("invoices.jsonl:2"), std::string::npos) << refusal;
  EXPECT_NE(refusal.find("date"), std::string::npos) << refusal;

  EXPECT_EQ(rows[1]["first"], "2026-000103");
  EXPECT_EQ(rows[1]["known"], "not_sent");
  EXPECT_EQ(rows[1]["job"], "test-job");
  EXPECT_NE(rows[1]["detail"].get<std::string>().find("not-an-address"), std::string::npos)
    << rows[1].dump();

  EXPECT_EQ(rows[2]["first"], "2026-000104");
  EXPECT_EQ(rows[2]["last"], "2026-000105");
  EXPECT_EQ(rows[2]["count"], 2);
  EXPECT_EQ(rows[2]["known"], "never_recorded");
  EXPECT_EQ(rows[2]["job"], "");

  EXPECT_EQ(rows[3]["creditor"], "northwind");
  EXPECT_EQ(rows[3]["first"], "2026-000202");
  EXPECT_EQ(rows[3]["known"], "never_recorded");
}

TEST_F(Numbering, OneCreditorsGapsAndATableThatCountsThem) {
  const auto northwind = numbering({"--creditor", "northwind", "--format", "table"});
  EXPECT_EQ(northwind.exit_code, 1) << northwind.err;
  EXPECT_EQ(northwind.out.find("acme"), std::string::npos) << northwind.out;
  EXPECT_NE(northwind.out.find("2026-000202"), std::string::npos) << northwind.out;
  EXPECT_NE(northwind.out.find("1 missing number in 1 gap\n"), std::string::npos) << northwind.out;

  const auto every = numbering({"--format", "table"});
  EXPECT_NE(every.out.find("5 missing numbers in 4 gaps\n"), std::string::npos) << every.out;
}

TEST_F(Numbering, NoGapIsExitCodeZero) {
  const auto none = numbering({"--creditor", "globex", "--format", "table"});
  EXPECT_EQ(none.exit_code, 0) << none.out << none.err;
  EXPECT_EQ(none.out, "no gaps in the numbering\n");
}

TEST_F(Numbering, WithoutALedgerItIsAUsageError) {
  const auto refused = run_mailroom({"numbering"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("numbering: which ledger?"), std::string::npos) << refused.err;
}

} // namespace
} // namespace mailroom::testing
