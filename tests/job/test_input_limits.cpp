// Hostile and oversized input: over-long lines, deep nesting, huge invoices, invalid UTF-8,
// missing files and folders. Each must give a clear error with file and line, never a crash or a
// hang, and leave the rest of the job alone. First through the reader and parser, then through
// the mailroom binary.

#include <engine/job/invoice_reader.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <tests/pipeline/job_fixture.hpp>
#include <tests/support/process.hpp>
#include <tests/support/temporary_folder.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace mailroom::job {
namespace {

using testing::TemporaryFolder;
using testing::write_text;

Creditors acme_only() {
  Creditors creditors;
  creditors.path = "/srv/jobs/creditors.toml";
  Creditor acme;
  acme.id = "acme";
  creditors.by_id.emplace("acme", acme);
  return creditors;
}

// An invoice with `count` lines, as JSON text; written out directly, since building it as a JSON
// value takes longer than parsing it.
std::string invoice_with_lines(size_t count) {
  std::string text = R"({"number":"BIG-1","creditor":"acme","date":"2026-11-20",)"
                     R"("due_date":"2026-12-04","debtor":{"name":"Big","emails":"a@b.example"},)"
                     R"("lines":[)";
  text.reserve(text.size() + count * 80);
  for (size_t index = 0; index < count; ++index) {
    text += index == 0 ? "" : ",";
    text += R"({"description":"Item )" + std::to_string(index) +
            R"(","quantity":"1","unit_price":"1.25","vat_rate":"21"})";
  }
  return text + "]}";
}

ParsedInvoice parse(std::string text) {
  return parse_invoice(RawRecord{Location{"in.jsonl", 3, ""}, std::move(text)}, acme_only());
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Everything the reader yields, in order: "record N" or "error N".
struct ReadBack {
  std::vector<RawRecord> records;
  std::vector<Error> errors;
  std::vector<std::string> order;
};

ReadBack read_all(std::vector<std::filesystem::path> files) {
  InvoiceReader reader(std::move(files));
  ReadBack back;
  while (auto next = reader.next()) {
    if (next->has_value()) {
      back.order.push_back("record " + std::to_string(back.records.size()));
      back.records.push_back(std::move(*next).value());
    } else {
      back.order.push_back("error " + std::to_string(back.errors.size()));
      back.errors.push_back(next->error());
    }
  }
  return back;
}

TEST(InputLimits, TenMegabyteLineIsAnErrorWithFileAndLineAndTheNextLineStillReads) {
  TemporaryFolder folder;
  const auto file = folder / "big.jsonl";
  {
    std::ofstream stream(file, std::ios::binary);
    stream << "{\"first\":1}\n\n";
    // A JSON string of 10 MB: as if someone pasted a scanned document into a description.
    stream << "{\"note\":\"" << std::string(10 * 1000 * 1000, 'a') << "\"}\n";
    stream << "{\"after\":1}\n";
  }
  const auto back = read_all({file});
  ASSERT_EQ(back.order, (std::vector<std::string>{"record 0", "error 0", "record 1"}));
  EXPECT_EQ(back.errors[0].location.file, file.string());
  EXPECT_EQ(back.errors[0].location.line, 3);
  EXPECT_TRUE(contains(back.errors[0].message, "longer than 8 MiB")) << back.errors[0].message;
  EXPECT_EQ(back.records[1].text, "{\"after\":1}");
  EXPECT_EQ(back.records[1].source.line, 4);
}

TEST(InputLimits, DeeplyNestedJsonIsRefusedBeforeItIsParsed) {
  for (const std::string& text :
       {std::string(100'000, '['), std::string(100'000, '[') + std::string(100'000, ']'),
        [] {
          std::string nested;
          for (int index = 0; index < 100'000; ++index) {
            nested += "{\"a\":";
          }
          return nested;
        }(),
        // Inside a field, as an attacker would hide it.
        "{\"number\":\"1\",\"lines\":" + std::string(5'000, '[') + std::string(5'000, ']') + "}"}) {
    const auto parsed = parse(text);
    ASSERT_EQ(parsed.problems.size(), 1U) << text.substr(0, 40);
    EXPECT_EQ(parsed.problems[0].location.file, "in.jsonl");
    EXPECT_EQ(parsed.problems[0].location.line, 3);
    EXPECT_EQ(parsed.problems[0].message,
              "not valid JSON for an invoice: arrays and objects nest deeper than 32 levels");
  }
}

TEST(InputLimits, NestingJustBelowTheBoundIsParsedAndBracketsInStringsDoNotCount) {
  // 32 levels: an ordinary parse error about the content, not about the nesting.
  const auto deep = parse("{\"note\":" + std::string(31, '[') + std::string(31, ']') + "}");
  ASSERT_FALSE(deep.problems.empty());
  for (const auto& problem : deep.problems) {
    EXPECT_FALSE(contains(problem.message, "nest deeper")) << problem.to_string();
  }
  nlohmann::json invoice = nlohmann::json::parse(invoice_with_lines(1));
  invoice["note"] = std::string(1000, '[') + "\\\"{{{" + std::string(1000, '{');
  invoice["lines"][0]["description"] = std::string(100, ']') + "[[[";
  const auto parsed = parse(invoice.dump());
  EXPECT_TRUE(parsed.ok()) << parsed.problems.at(0).to_string();
  EXPECT_EQ(parsed.invoice.note, std::string(1000, '[') + "\\\"{{{" + std::string(1000, '{'));
}

TEST(InputLimits, OneHundredThousandLinesAreAcceptedAndOneMoreIsRefused) {
  const auto accepted = parse(invoice_with_lines(100'000));
  ASSERT_TRUE(accepted.ok()) << accepted.problems.at(0).to_string();
  EXPECT_EQ(accepted.invoice.lines.size(), 100'000U);
  EXPECT_EQ(accepted.invoice.totals.subtotal.cents, 100'000 * 125);

  const auto refused = parse(invoice_with_lines(100'001));
  ASSERT_EQ(refused.problems.size(), 1U);
  EXPECT_EQ(refused.problems[0].location.field, "lines");
  EXPECT_EQ(refused.problems[0].location.line, 3);
  EXPECT_EQ(refused.problems[0].message,
            "has 100,001 lines; an invoice has at most 100,000 (split it into several invoices)");
  // Still recorded under its number.
  EXPECT_EQ(refused.invoice.number, "BIG-1");
}

TEST(InputLimits, InvalidUtf8IsReportedWithItsColumnAndByte) {
  const std::string before = R"({"number":"1","creditor":"acme","note":"Caf)";
  struct Case {
    std::string bytes;
    std::string byte_text;
  };
  for (const auto& [bytes, byte_text] : std::vector<Case>{
         {"\xE9", "0xE9"},             // Latin-1 é
         {"\xC3(", "0xC3"},            // a lead byte without its continuation
         {"\xC0\xAF", "0xC0"},         // overlong '/'
         {"\xED\xA0\x80", "0xED"},     // a UTF-16 surrogate
         {"\xF4\x90\x80\x80", "0xF4"}, // above U+10FFFF
         {"\xF0\x9F\x98", "0xF0"},     // a four-byte character cut short
         {"\x80", "0x80"},             // a lone continuation byte
       }) {
    const auto parsed = parse(before + bytes + "\"}");
    ASSERT_EQ(parsed.problems.size(), 1U) << byte_text;
    const auto& problem = parsed.problems[0];
    EXPECT_EQ(problem.location.line, 3);
    EXPECT_EQ(problem.message, "not valid JSON: the text is not UTF-8 at column " +
                                 std::to_string(before.size() + 1) + " (byte " + byte_text +
                                 "); save the file as UTF-8 (it may be Latin-1 or Windows-1252)")
      << problem.message;
  }
  // Valid UTF-8 of every length is accepted: é, €, 😀.
  nlohmann::json invoice = nlohmann::json::parse(invoice_with_lines(1));
  invoice["note"] = "Caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80";
  EXPECT_TRUE(parse(invoice.dump()).ok());
}

// Found by tests/fuzz/fuzz_invoice_line: nlohmann throws out_of_range, not parse_error, for a
// number beyond a double, and that used to end the whole run.
TEST(InputLimits, NumberTooLargeForADoubleIsAnErrorNotACrash) {
  for (const std::string text : {R"({"number":"1","x":1e400})", R"([2.5e3000])", "-1e99999"}) {
    const auto parsed = parse(text);
    ASSERT_EQ(parsed.problems.size(), 1U) << text;
    EXPECT_EQ(parsed.problems[0].location.line, 3);
    EXPECT_TRUE(contains(parsed.problems[0].message, "not valid JSON: number overflow"))
      << parsed.problems[0].message;
    EXPECT_FALSE(contains(parsed.problems[0].message, "json.exception"));
  }
}

TEST(InputLimits, MissingFileFolderAndEmptyFileAreReportedAndReadingGoesOn) {
  TemporaryFolder folder;
  std::filesystem::create_directories(folder / "folder.jsonl");
  write_text(folder / "empty.jsonl", "");
  write_text(folder / "good.jsonl", "{\"n\":1}\n");
  const auto back = read_all({folder / "missing.jsonl", folder / "folder.jsonl",
                              folder / "empty.jsonl", folder / "good.jsonl"});
  ASSERT_EQ(back.order, (std::vector<std::string>{"error 0", "error 1", "record 0"}));
  EXPECT_EQ(back.errors[0].location.file, (folder / "missing.jsonl").string());
  EXPECT_TRUE(contains(back.errors[0].message, "No such file")) << back.errors[0].message;
  EXPECT_EQ(back.errors[1].location.file, (folder / "folder.jsonl").string());
  EXPECT_TRUE(contains(back.errors[1].message, "is a folder")) << back.errors[1].message;
  EXPECT_EQ(back.records[0].source.file, (folder / "good.jsonl").string());
}

// The same inputs through the binary: every bad record is reported on standard error with its file
// and line, the good invoices around them are sent, and nothing crashes or hangs.
TEST(InputLimitsEndToEnd, BadRecordsLeaveTheRestOfTheJobAlone) {
  testing::JobFixture job("maildir:outbox");
  job.write({});
  const auto root = job.root();
  {
    std::ofstream stream(root / "hostile.jsonl", std::ios::binary);
    stream << testing::make_invoice("GOOD-1", "acme", "a@good.example").dump() << "\n";
    stream << "{\"note\":\"" << std::string(10 * 1000 * 1000, 'a') << "\"}\n";
    stream << std::string(100'000, '[') << "\n";
    stream << R"({"number":"BAD-UTF8","note":"Caf)"
           << "\xE9"
           << "\"}\n";
    stream << R"({"number":"BAD-NUMBER","lines":[1e400]})"
           << "\n";
    stream << testing::make_invoice("GOOD-2", "northwind", "b@good.example").dump() << "\n";
  }
  write_text(root / "empty.jsonl", "");
  write_text(root / "job.toml", R"(name = "limits"
creditors = "creditors.toml"
invoices = ["empty.jsonl", "hostile.jsonl"]
ledger = "var/ledger.db"
archive = "var/archive"
)");
  const auto result = testing::run_mailroom(
    {"run", (root / "job.toml").string(), "--progress", "none", "--report", job.report().string()});
  ASSERT_FALSE(result.timed_out);
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  const std::string hostile = (root / "hostile.jsonl").string();
  EXPECT_TRUE(contains(result.err, hostile + ":2: line is longer than 8 MiB")) << result.err;
  EXPECT_TRUE(contains(result.err, hostile + ":3: not valid JSON for an invoice")) << result.err;
  EXPECT_TRUE(contains(result.err, hostile + ":4: not valid JSON: the text is not UTF-8"))
    << result.err;
  EXPECT_TRUE(contains(result.err, hostile + ":5: not valid JSON: number overflow")) << result.err;

  // The two good invoices went out.
  size_t delivered = 0;
  for (const auto& box : {"new", "cur"}) {
    std::error_code error;
    for (auto entry = std::filesystem::directory_iterator(root / "outbox" / box, error);
         !error && entry != std::filesystem::directory_iterator(); entry.increment(error)) {
      ++delivered;
    }
  }
  EXPECT_EQ(delivered, 2U);
  const auto report = nlohmann::json::parse(testing::read_text(job.report()));
  EXPECT_EQ(report["sent"], 2) << report.dump();
  EXPECT_TRUE(std::filesystem::exists(job.archive() / "acme/GOOD-1.pdf"));
  EXPECT_TRUE(std::filesystem::exists(job.archive() / "northwind/GOOD-2.pdf"));
}

// A missing invoice file or a folder in its place is a mistake in the job, not in one record: the
// job is refused before anything is sent, naming the file.
TEST(InputLimitsEndToEnd, MissingInvoiceFileOrFolderRefusesTheJob) {
  testing::JobFixture job("maildir:outbox");
  job.write({testing::make_invoice("GOOD-1", "acme", "a@good.example").dump()});
  const auto root = job.root();
  std::filesystem::create_directories(root / "a-folder.jsonl");
  for (const std::string name : {"missing.jsonl", "a-folder.jsonl"}) {
    write_text(root / "job.toml", R"(name = "limits"
creditors = "creditors.toml"
invoices = ["invoices.jsonl", ")" + name +
                                    R"("]
ledger = "var/ledger.db"
archive = "var/archive"
)");
    const auto result =
      testing::run_mailroom({"run", (root / "job.toml").string(), "--progress", "none"});
    ASSERT_FALSE(result.timed_out);
    EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
    EXPECT_TRUE(contains(result.err, (root / name).string())) << result.err;
    EXPECT_FALSE(std::filesystem::exists(root / "outbox/new")) << name;
  }
}

} // namespace
} // namespace mailroom::job
