#include <engine/job/invoice_reader.hpp>

#include <gtest/gtest.h>
#include <tests/support/temporary_folder.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <string>
#include <vector>

namespace mailroom::job {
namespace {

using mailroom::testing::TemporaryFolder;
using mailroom::testing::write_text;

// Everything the reader yields, records as "file:line text" and errors as their text.
struct ReadBack {
  std::vector<RawRecord> records;
  std::vector<Error> errors;
  std::vector<std::string> order; // "record N" / "error N" in the order they came.
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
  // The end is sticky.
  EXPECT_FALSE(reader.next().has_value());
  return back;
}

TEST(InvoiceReader, ReadsFilesInOrderSkippingBlankLines) {
  TemporaryFolder folder;
  const auto first = folder / "first.jsonl";
  const auto second = folder / "second.jsonl";
  write_text(first, "{\"a\":1}\n\n   \n{\"a\":2}\n\t\n");
  write_text(second, "\n{\"b\":1}\n{\"b\":2}"); // no newline at the end
  const auto back = read_all({first, second});
  EXPECT_TRUE(back.errors.empty());
  ASSERT_EQ(back.records.size(), 4U);
  EXPECT_EQ(back.records[0].text, "{\"a\":1}");
  EXPECT_EQ(back.records[0].source.file, first.string());
  EXPECT_EQ(back.records[0].source.line, 1);
  EXPECT_EQ(back.records[1].text, "{\"a\":2}");
  EXPECT_EQ(back.records[1].source.line, 4);
  EXPECT_EQ(back.records[2].text, "{\"b\":1}");
  EXPECT_EQ(back.records[2].source.file, second.string());
  EXPECT_EQ(back.records[2].source.line, 2); // line numbers restart in each file
  EXPECT_EQ(back.records[3].text, "{\"b\":2}");
  EXPECT_EQ(back.records[3].source.line, 3);
}

TEST(SurveyJob, CountsEveryRecordAndNamesTheCreditorsAsTheParserReadsThem) {
  TemporaryFolder folder;
  const auto first = folder / "first.jsonl";
  const auto second = folder / "second.jsonl";
  write_text(first, "{\"creditor\":\"acme\",\"number\":\"1\"}\n\n"
                    "{\"number\":\"2\",\"creditor\":\"northwind\"}\n"
                    "not json at all\n"
                    "{\"creditor\":42}\n"
                    "[\"creditor\",\"not-an-object\"]\n");
  write_text(second, "{\"creditor\":\"acme\"}\n" + std::string(40, '[') + "\n" +
                       "{\"creditor\":\"later\"}\n");
  const auto missing = folder / "missing.jsonl";

  const auto survey = survey_job({first, missing, second}, std::nullopt, SurveyCreditors::Yes);
  // Blank lines are not records; unreadable and unparsable ones are (the run reports them).
  EXPECT_EQ(survey.records, 9U);
  EXPECT_EQ(survey.creditors, (std::set<std::string>{"acme", "later", "northwind"}));

  // A limit counts only the first records, and only their creditors.
  const auto limited = survey_job({first, second}, 2, SurveyCreditors::Yes);
  EXPECT_EQ(limited.records, 2U);
  EXPECT_EQ(limited.creditors, (std::set<std::string>{"acme", "northwind"}));

  // Counting alone parses nothing.
  const auto counted = survey_job({first, second}, std::nullopt, SurveyCreditors::No);
  EXPECT_EQ(counted.records, 8U);
  EXPECT_TRUE(counted.creditors.empty());
}

TEST(SurveyJob, WithASelectionCountsOnlyItsRecordsAndTheKeysNoRecordNames) {
  TemporaryFolder folder;
  const auto file = folder / "invoices.jsonl";
  write_text(file, "{\"creditor\":\"acme\",\"number\":\"1\"}\n"
                   "{\"creditor\":\"northwind\",\"number\":\"1\"}\n"
                   "not json at all\n"
                   "{\"number\":\"2\",\"creditor\":\"later\",\"debtor\":{\"number\":\"3\"}}\n"
                   "{\"creditor\":\"acme\",\"number\":3}\n"
                   "{\"creditor\":\"acme\",\"number\":\"4\"}\n");
  Selection selection;
  selection.add_invoice("northwind", "1");
  selection.add_number("2");
  selection.add_number("3"); // Only a record's own top-level string number counts.
  selection.add_invoice("acme", "9");

  const auto survey = survey_job({file}, std::nullopt, SurveyCreditors::Yes, selection);
  EXPECT_EQ(survey.records, 2U);
  EXPECT_EQ(survey.unmatched, 2U);
  EXPECT_EQ(survey.documents(), 4U);
  EXPECT_EQ(survey.creditors, (std::set<std::string>{"later", "northwind"}));

  // Within a limit, a key named only by a later record names none.
  const auto limited = survey_job({file}, 2, SurveyCreditors::No, selection);
  EXPECT_EQ(limited.records, 1U);
  EXPECT_EQ(limited.unmatched, 3U);

  // No key at all takes no record, and leaves nothing unmatched.
  const auto none = survey_job({file}, std::nullopt, SurveyCreditors::Yes, Selection());
  EXPECT_EQ(none.documents(), 0U);
  EXPECT_TRUE(none.creditors.empty());
}

TEST(InvoiceReader, HandlesCrlfLineEnds) {
  TemporaryFolder folder;
  const auto file = folder / "windows.jsonl";
  write_text(file, "{\"a\":1}\r\n\r\n{\"a\":\"x\\r\"}\r\n");
  const auto back = read_all({file});
  EXPECT_TRUE(back.errors.empty());
  ASSERT_EQ(back.records.size(), 2U);
  EXPECT_EQ(back.records[0].text, "{\"a\":1}");
  EXPECT_EQ(back.records[1].text, "{\"a\":\"x\\r\"}");
  EXPECT_EQ(back.records[1].source.line, 3);
}

TEST(InvoiceReader, NoFilesAndEmptyFiles) {
  EXPECT_TRUE(read_all({}).order.empty());
  TemporaryFolder folder;
  write_text(folder / "empty.jsonl", "");
  write_text(folder / "blank.jsonl", "\n\n \r\n");
  EXPECT_TRUE(read_all({folder / "empty.jsonl", folder / "blank.jsonl"}).order.empty());
}

TEST(InvoiceReader, MissingFileIsAnErrorAndReadingGoesOn) {
  TemporaryFolder folder;
  const auto missing = folder / "missing.jsonl";
  const auto present = folder / "present.jsonl";
  write_text(present, "{\"n\":1}\n");
  const auto back = read_all({missing, present, missing});
  EXPECT_EQ(back.order, (std::vector<std::string>{"error 0", "record 0", "error 1"}));
  ASSERT_EQ(back.errors.size(), 2U);
  EXPECT_EQ(back.errors[0].location.file, missing.string());
  EXPECT_EQ(back.errors[0].location.line, 0);
  EXPECT_NE(back.errors[0].message.find("cannot open invoice file"), std::string::npos)
    << back.errors[0].message;
  EXPECT_NE(back.errors[0].message.find("No such file"), std::string::npos)
    << back.errors[0].message;
  ASSERT_EQ(back.records.size(), 1U);
  EXPECT_EQ(back.records[0].text, "{\"n\":1}");
}

TEST(InvoiceReader, AFolderIsAnErrorAndReadingGoesOn) {
  TemporaryFolder folder;
  std::filesystem::create_directories(folder / "data");
  const auto present = folder / "present.jsonl";
  write_text(present, "{\"n\":1}\n");
  const auto back = read_all({folder / "data", present});
  EXPECT_EQ(back.order, (std::vector<std::string>{"error 0", "record 0"}));
}

TEST(InvoiceReader, OverLongLineIsAnErrorAndTheNextLineStillReads) {
  TemporaryFolder folder;
  const auto file = folder / "huge.jsonl";
  {
    std::ofstream stream(file, std::ios::binary);
    stream << "{\"first\":1}\n";
    const std::string chunk(1024 * 1024, 'x');
    for (int index = 0; index < 9; ++index) {
      stream << chunk; // 9 MiB without a newline
    }
    stream << "\n{\"after\":1}\n";
  }
  const auto back = read_all({file});
  EXPECT_EQ(back.order, (std::vector<std::string>{"record 0", "error 0", "record 1"}));
  ASSERT_EQ(back.errors.size(), 1U);
  EXPECT_EQ(back.errors[0].location.file, file.string());
  EXPECT_EQ(back.errors[0].location.line, 2);
  EXPECT_EQ(back.errors[0].message, "line is longer than 8 MiB; expected one invoice per line");
  ASSERT_EQ(back.records.size(), 2U);
  EXPECT_EQ(back.records[1].text, "{\"after\":1}");
  EXPECT_EQ(back.records[1].source.line, 3);
}

TEST(InvoiceReader, LineOfExactlyTheLimitIsAcceptedAndOneByteMoreIsNot) {
  TemporaryFolder folder;
  const auto file = folder / "limit.jsonl";
  {
    std::ofstream stream(file, std::ios::binary);
    stream << std::string(InvoiceReader::k_maximum_line_bytes, 'y') << "\n";
    stream << std::string(InvoiceReader::k_maximum_line_bytes + 1, 'z') << "\n";
  }
  const auto back = read_all({file});
  EXPECT_EQ(back.order, (std::vector<std::string>{"record 0", "error 0"}));
  ASSERT_EQ(back.records.size(), 1U);
  EXPECT_EQ(back.records[0].text.size(), InvoiceReader::k_maximum_line_bytes);
  ASSERT_EQ(back.errors.size(), 1U);
  EXPECT_EQ(back.errors[0].location.line, 2);
}

// ---------------------------------------------------------------------------------------------
// parse_invoice

Creditors known_creditors() {
  Creditors creditors;
  creditors.path = "/srv/jobs/creditors.toml";
  Creditor acme;
  acme.id = "acme";
  acme.language = Language::Dutch;
  creditors.by_id.emplace("acme", acme);
  Creditor northwind;
  northwind.id = "northwind";
  northwind.language = Language::English;
  creditors.by_id.emplace("northwind", northwind);
  return creditors;
}

RawRecord record(std::string text) {
  return RawRecord{Location{"data/invoices.jsonl", 17, ""}, std::move(text)};
}

std::string all_of(const std::vector<Error>& problems) {
  std::string text;
  for (const auto& problem : problems) {
    text += problem.to_string() + "\n";
  }
  return text;
}

const Error* problem_for(const std::vector<Error>& problems, const std::string& field) {
  const auto found = std::find_if(problems.begin(), problems.end(), [&](const Error& error) {
    return error.location.field == field;
  });
  return found == problems.end() ? nullptr : &*found;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

const std::string k_valid =
  R"({"number": "2026-000001", "creditor": "acme", "date": "2026-11-02", )"
  R"("due_date": "2026-12-02", "currency": "EUR", "language": "en", )"
  R"("debtor": {"id": "D1006", "name": "Zeeman Installatietechniek", )"
  R"("address": ["Havenkade 21", "1973 AB IJmuiden"], )"
  R"("vat_number": "NL112233445B01", "emails": "a@zeeman.example; )"
  R"(b@zeeman.example"}, "lines": [)"
  R"({"description": "Croissants\nroomboter", "quantity": "12", )"
  R"("unit": "st", "unit_price": "1.25", "vat_rate": "9"}, )"
  R"({"description": "Afvoer", "quantity": "3", "unit": "m³", )"
  R"("unit_price": "0.333", "vat_rate": "21"}, )"
  R"({"description": "Printwerk", "quantity": "5", )"
  R"("unit_price": "0.085", "vat_rate": "21.0"}], )"
  R"("note": "Betaal\nop tijd", "reference": "PO-77"})";

// The valid record with `from` replaced by `to` (which must occur).
std::string variant(const std::string& from, const std::string& to) {
  std::string text = k_valid;
  const size_t found = text.find(from);
  EXPECT_NE(found, std::string::npos) << from;
  if (found != std::string::npos) {
    text.replace(found, from.size(), to);
  }
  return text;
}

ParsedInvoice parse(const std::string& text) {
  return parse_invoice(record(text), known_creditors());
}

// The first look reads only "creditor", and as the parser does: the top-level key, the last one
// if it appears twice, and only a string in a JSON object.
TEST(RecordNames, ReadsTheTopLevelNumberAsTheParserDoes) {
  const auto number = [](std::string text) { return record_names(record(std::move(text))).number; };
  EXPECT_EQ(number(R"({"number":"2026-1","creditor":"acme"})"), "2026-1");
  EXPECT_EQ(number(R"({"lines":[{"number":"x"}],"number":"2026-1"})"), "2026-1");
  EXPECT_EQ(number(R"({"number":"first","number":"last"})"), "last");
  EXPECT_EQ(number(R"({"number":2026})"), std::nullopt);
  EXPECT_EQ(number(R"({"debtor":{"number":"inner"}})"), std::nullopt);
  EXPECT_EQ(number(R"({"number":"2026-1")"), std::nullopt);
  const auto both = record_names(record(R"({"creditor":"acme","number":"2026-1"})"));
  EXPECT_EQ(both.creditor, "acme");
  EXPECT_EQ(both.number, "2026-1");
}

TEST(CreditorNamed, ReadsTheTopLevelCreditorAsTheParserDoes) {
  const auto named = [](std::string text) { return creditor_named(record(std::move(text))); };
  EXPECT_EQ(named(R"({"number":"1","creditor":"acme"})"), "acme");
  EXPECT_EQ(
    named(R"({"debtor":{"creditor":"inner"},"lines":[{"creditor":"x"}],"creditor":"acme"})"),
    "acme");
  EXPECT_EQ(named(R"({"creditor":"first","creditor":"last"})"), "last");
  EXPECT_EQ(named(R"({"creditor":"acme","creditor":7})"), std::nullopt);
  EXPECT_EQ(named(R"({"creditor":{"id":"acme"}})"), std::nullopt);
  EXPECT_EQ(named(R"({"creditor":["acme"]})"), std::nullopt);
  EXPECT_EQ(named(R"({"debtor":{"creditor":"inner"}})"), std::nullopt);
  EXPECT_EQ(named(R"(["creditor","acme"])"), std::nullopt);
  EXPECT_EQ(named(R"({"creditor":"acme")"), std::nullopt);
  EXPECT_EQ(named(R"({"creditor":"acme"} trailing)"), std::nullopt);
  EXPECT_EQ(named(R"({"creditor":"acme","amount":1e400})"), std::nullopt);
  EXPECT_EQ(named(std::string(40, '[')), std::nullopt);
  // The same record through the parser names the same creditor.
  const auto duplicated = record(R"({"creditor":"first","creditor":"northwind"})");
  EXPECT_EQ(parse_invoice(duplicated, known_creditors()).invoice.creditor, "northwind");
}

TEST(ParseInvoice, AFullValidInvoice) {
  const auto parsed = parse(k_valid);
  ASSERT_TRUE(parsed.ok()) << all_of(parsed.problems);
  const Invoice& invoice = parsed.invoice;
  EXPECT_EQ(invoice.source.file, "data/invoices.jsonl");
  EXPECT_EQ(invoice.source.line, 17);
  EXPECT_EQ(invoice.number, "2026-000001");
  EXPECT_EQ(invoice.creditor, "acme");
  EXPECT_EQ(invoice.date, (time::Date{2026, 11, 2}));
  EXPECT_EQ(invoice.due_date, (time::Date{2026, 12, 2}));
  EXPECT_EQ(invoice.currency, "EUR");
  EXPECT_EQ(invoice.language, Language::English);
  EXPECT_TRUE(invoice.language_given);
  EXPECT_EQ(invoice.debtor.id, "D1006");
  EXPECT_EQ(invoice.debtor.name, "Zeeman Installatietechniek");
  EXPECT_EQ(invoice.debtor.address, (std::vector<std::string>{"Havenkade 21", "1973 AB IJmuiden"}));
  EXPECT_EQ(invoice.debtor.vat_number, "NL112233445B01");
  EXPECT_EQ(invoice.debtor.emails, "a@zeeman.example; b@zeeman.example");
  EXPECT_EQ(invoice.note, "Betaal\nop tijd");
  EXPECT_EQ(invoice.reference, "PO-77");

  ASSERT_EQ(invoice.lines.size(), 3U);
  EXPECT_EQ(invoice.lines[0].description, "Croissants\nroomboter");
  EXPECT_EQ(invoice.lines[0].quantity, (Decimal{12, 0}));
  EXPECT_EQ(invoice.lines[0].unit, "st");
  EXPECT_EQ(invoice.lines[0].unit_price, (Decimal{125, 2}));
  EXPECT_EQ(invoice.lines[0].vat_rate, (Decimal{9, 0}));
  EXPECT_EQ(invoice.lines[0].total.cents, 1500);
  EXPECT_EQ(invoice.lines[1].unit, "m³");
  EXPECT_EQ(invoice.lines[1].total.cents, 100); // 0.999 → 1.00
  EXPECT_EQ(invoice.lines[2].unit, "");
  EXPECT_EQ(invoice.lines[2].total.cents, 43); // 0.425 → 0.43

  const Totals& totals = invoice.totals;
  EXPECT_EQ(totals.subtotal.cents, 1643);
  ASSERT_EQ(totals.vat.size(), 2U); // "21" and "21.0" share a group
  EXPECT_EQ(totals.vat[0].rate, (Decimal{9, 0}));
  EXPECT_EQ(totals.vat[0].base.cents, 1500);
  EXPECT_EQ(totals.vat[0].vat.cents, 135);
  EXPECT_EQ(totals.vat[1].rate, (Decimal{21, 0}));
  EXPECT_EQ(totals.vat[1].base.cents, 143);
  EXPECT_EQ(totals.vat[1].vat.cents, 30); // 21% of 1.43 = 0.3003
  EXPECT_EQ(totals.vat_total.cents, 165);
  EXPECT_EQ(totals.total.cents, 1808);
}

TEST(ParseInvoice, OptionalFieldsMayBeLeftOut) {
  const auto parsed = parse(
    R"({"number": "7", "creditor": "northwind", "date": "2026-01-01", )"
    R"("due_date": "2026-01-01", "debtor": {"name": "Oakfield"}, )"
    R"("lines": [{"description": "x", "quantity": "1", "unit_price": "2", "vat_rate": "0"}]})");
  ASSERT_TRUE(parsed.ok()) << all_of(parsed.problems);
  EXPECT_EQ(parsed.invoice.currency, "EUR");
  EXPECT_FALSE(parsed.invoice.language_given);
  EXPECT_EQ(parsed.invoice.debtor.emails, "");
  EXPECT_TRUE(parsed.invoice.debtor.address.empty());
  EXPECT_EQ(parsed.invoice.note, "");
  EXPECT_EQ(parsed.invoice.totals.total.cents, 200);
}

TEST(ParseInvoice, NullCountsAsLeftOut) {
  const auto parsed = parse(variant(R"("note": "Betaal\nop tijd")", R"("note": null)"));
  ASSERT_TRUE(parsed.ok()) << all_of(parsed.problems);
  EXPECT_EQ(parsed.invoice.note, "");
}

TEST(ParseInvoice, OtherCurrency) {
  const auto parsed = parse(variant(R"("currency": "EUR")", R"("currency": "USD")"));
  ASSERT_TRUE(parsed.ok()) << all_of(parsed.problems);
  EXPECT_EQ(parsed.invoice.currency, "USD");
}

TEST(ParseInvoice, MalformedJson) {
  const auto parsed = parse(R"({"number": "1", "creditor" "acme"})");
  ASSERT_EQ(parsed.problems.size(), 1U) << all_of(parsed.problems);
  const Error& problem = parsed.problems[0];
  EXPECT_EQ(problem.location.file, "data/invoices.jsonl");
  EXPECT_EQ(problem.location.line, 17);
  EXPECT_EQ(problem.location.field, "");
  EXPECT_TRUE(contains(problem.message, "not valid JSON")) << problem.message;
  // Where in the line the JSON went wrong.
  EXPECT_TRUE(contains(problem.message, "column 33")) << problem.message;
  // nlohmann's internal prefix is left out.
  EXPECT_FALSE(contains(problem.message, "json.exception")) << problem.message;
  EXPECT_TRUE(contains(problem.to_string(), "data/invoices.jsonl:17: not valid JSON"))
    << problem.to_string();
}

TEST(ParseInvoice, TruncatedJsonAndInvalidUtf8) {
  EXPECT_TRUE(contains(parse(k_valid.substr(0, 100)).problems.at(0).message, "not valid JSON"));
  const auto bad_utf8 = parse(variant("Zeeman Installatietechniek", "Zeeman \xC3("));
  ASSERT_EQ(bad_utf8.problems.size(), 1U) << all_of(bad_utf8.problems);
  EXPECT_TRUE(contains(bad_utf8.problems[0].message, "not valid JSON"));
}

TEST(ParseInvoice, NotAnObject) {
  for (const char* text : {"[1, 2]", "\"invoice\"", "42", "null"}) {
    const auto parsed = parse(text);
    ASSERT_EQ(parsed.problems.size(), 1U) << text;
    EXPECT_TRUE(contains(parsed.problems[0].message, "expected a JSON object"))
      << parsed.problems[0].message;
  }
}

TEST(ParseInvoice, UnknownCreditorListsTheKnownOnes) {
  const auto parsed = parse(variant(R"("creditor": "acme")", R"("creditor": "acme-bv")"));
  ASSERT_EQ(parsed.problems.size(), 1U) << all_of(parsed.problems);
  const Error& problem = parsed.problems[0];
  EXPECT_EQ(problem.location.field, "creditor");
  EXPECT_EQ(problem.message, "unknown creditor \"acme-bv\"; the creditors file "
                             "/srv/jobs/creditors.toml has: acme, northwind");
  // The creditor is still filled in, so the failure can be recorded under it.
  EXPECT_EQ(parsed.invoice.creditor, "acme-bv");
  EXPECT_EQ(parsed.invoice.number, "2026-000001");
}

TEST(ParseInvoice, NegativeQuantitiesAreRefused) {
  const auto parsed = parse(variant(R"("quantity": "12")", R"("quantity": "-12")"));
  ASSERT_EQ(parsed.problems.size(), 1U) << all_of(parsed.problems);
  EXPECT_EQ(parsed.problems[0].location.field, "lines[0].quantity");
  EXPECT_TRUE(contains(parsed.problems[0].message, "must not be negative, got \"-12\""))
    << parsed.problems[0].message;
  EXPECT_TRUE(contains(parsed.problems[0].message, "credit_note"));
}

TEST(ParseInvoice, ADiscountLineHasANegativeUnitPrice) {
  // 15.00 + 1.00 + 0.43 − 2.00: the discount is a line like any other.
  const auto parsed =
    parse(variant(R"("unit_price": "0.085", "vat_rate": "21.0"})",
                  R"("unit_price": "0.085", "vat_rate": "21.0"}, {"description": "Korting", )"
                  R"("quantity": "1", "unit_price": "-2.00", "vat_rate": "21"})"));
  ASSERT_TRUE(parsed.ok()) << all_of(parsed.problems);
  ASSERT_EQ(parsed.invoice.lines.size(), 4U);
  EXPECT_EQ(parsed.invoice.lines[3].total.cents, -200);
  EXPECT_EQ(parsed.invoice.totals.subtotal.cents, 1443);
  EXPECT_EQ(parsed.invoice.kind, DocumentKind::Invoice);
}

TEST(ParseInvoice, ANegativeTotalIsACreditNoteNotAnInvoice) {
  const auto parsed = parse(variant(R"("unit_price": "1.25")", R"("unit_price": "-1.25")"));
  ASSERT_EQ(parsed.problems.size(), 1U) << all_of(parsed.problems);
  EXPECT_EQ(parsed.problems[0].location.field, "lines");
  EXPECT_EQ(parsed.problems[0].message, "the total is negative; a credit is a credit_note");
  EXPECT_FALSE(parsed.ok());
}

TEST(ParseInvoice, ACreditNoteNegatesItsLinesVatAndTotals) {
  const auto invoice = parse(k_valid);
  const auto parsed =
    parse(variant(R"("reference": "PO-77")", R"("reference": "PO-77", "kind": "credit_note", )"
                                             R"("credits": "2026-000001")"));
  ASSERT_TRUE(parsed.ok()) << all_of(parsed.problems);
  const Invoice& credit = parsed.invoice;
  EXPECT_EQ(credit.kind, DocumentKind::CreditNote);
  EXPECT_EQ(credit.credits, "2026-000001");
  ASSERT_EQ(credit.lines.size(), 3U);
  for (size_t index = 0; index < credit.lines.size(); ++index) {
    EXPECT_EQ(credit.lines[index].total, -invoice.invoice.lines[index].total) << index;
    EXPECT_FALSE(credit.lines[index].quantity.is_negative()) << "written as on the invoice";
  }
  EXPECT_EQ(credit.totals.subtotal.cents, -1643);
  EXPECT_EQ(credit.totals.vat_total, -invoice.invoice.totals.vat_total);
  EXPECT_EQ(credit.totals.total, -invoice.invoice.totals.total);
  EXPECT_LT(credit.totals.total.cents, 0);
}

TEST(ParseInvoice, ACreditNoteNamesTheInvoiceItCredits) {
  const auto missing =
    parse(variant(R"("reference": "PO-77")", R"("reference": "PO-77", "kind": "credit_note")"));
  ASSERT_EQ(missing.problems.size(), 1U) << all_of(missing.problems);
  EXPECT_EQ(missing.problems[0].location.field, "credits");
  EXPECT_TRUE(contains(missing.problems[0].message, "missing"));

  const auto bad = parse(variant(
    R"("reference": "PO-77")", R"("reference": "PO-77", "kind": "credit_note", "credits": "a b")"));
  ASSERT_EQ(bad.problems.size(), 1U) << all_of(bad.problems);
  EXPECT_EQ(bad.problems[0].location.field, "credits");

  const auto on_invoice =
    parse(variant(R"("reference": "PO-77")", R"("reference": "PO-77", "credits": "2026-000001")"));
  ASSERT_EQ(on_invoice.problems.size(), 1U) << all_of(on_invoice.problems);
  EXPECT_EQ(on_invoice.problems[0].location.field, "credits");
  EXPECT_TRUE(contains(on_invoice.problems[0].message, "only a credit_note"));

  const auto unknown_kind =
    parse(variant(R"("reference": "PO-77")", R"("reference": "PO-77", "kind": "debit_note")"));
  ASSERT_EQ(unknown_kind.problems.size(), 1U) << all_of(unknown_kind.problems);
  EXPECT_EQ(unknown_kind.problems[0].location.field, "kind");

  const auto explicit_invoice =
    parse(variant(R"("reference": "PO-77")", R"("reference": "PO-77", "kind": "invoice")"));
  EXPECT_TRUE(explicit_invoice.ok()) << all_of(explicit_invoice.problems);
}

TEST(ParseInvoice, ACreditNoteWithANegativeWrittenTotalIsRefused) {
  std::string text = variant(R"("unit_price": "1.25")", R"("unit_price": "-1.25")");
  const std::string reference = R"("reference": "PO-77")";
  text.replace(text.find(reference), reference.size(),
               R"("reference": "PO-77", "kind": "credit_note", "credits": "2026-000001")");
  const auto negative = parse(text);
  ASSERT_EQ(negative.problems.size(), 1U) << all_of(negative.problems);
  EXPECT_EQ(negative.problems[0].location.field, "lines");
  EXPECT_TRUE(contains(negative.problems[0].message, "as on the invoice it credits"));
}

TEST(ParseInvoice, ReverseChargeChargesNoVat) {
  const auto parsed =
    parse(variant(R"("reference": "PO-77")", R"("reference": "PO-77", "reverse_charge": true)"));
  ASSERT_TRUE(parsed.ok()) << all_of(parsed.problems);
  EXPECT_EQ(parsed.invoice.vat_charge, VatCharge::ReverseCharged);
  EXPECT_EQ(parsed.invoice.totals.subtotal.cents, 1643);
  EXPECT_EQ(parsed.invoice.totals.vat_total.cents, 0);
  EXPECT_EQ(parsed.invoice.totals.total.cents, 1643);
  ASSERT_EQ(parsed.invoice.totals.vat.size(), 2U);
  for (const auto& group : parsed.invoice.totals.vat) {
    EXPECT_EQ(group.vat.cents, 0);
  }

  const auto off =
    parse(variant(R"("reference": "PO-77")", R"("reference": "PO-77", "reverse_charge": false)"));
  ASSERT_TRUE(off.ok());
  EXPECT_EQ(off.invoice.vat_charge, VatCharge::Charged);
  EXPECT_GT(off.invoice.totals.vat_total.cents, 0);

  const auto not_boolean =
    parse(variant(R"("reference": "PO-77")", R"("reference": "PO-77", "reverse_charge": "yes")"));
  ASSERT_EQ(not_boolean.problems.size(), 1U);
  EXPECT_EQ(not_boolean.problems[0].location.field, "reverse_charge");
}

TEST(ParseInvoice, ReverseChargeRequiresTheDebtorsVatNumber) {
  std::string text =
    variant(R"("reference": "PO-77")", R"("reference": "PO-77", "reverse_charge": true)");
  text.replace(text.find(R"("vat_number": "NL112233445B01", )"),
               std::string(R"("vat_number": "NL112233445B01", )").size(), "");
  const auto parsed = parse(text);
  ASSERT_EQ(parsed.problems.size(), 1U) << all_of(parsed.problems);
  EXPECT_EQ(parsed.problems[0].location.field, "debtor.vat_number");
  EXPECT_TRUE(contains(parsed.problems[0].to_string(), "debtor.vat_number"));
  EXPECT_TRUE(contains(parsed.problems[0].message, "reverse_charge"));
}

TEST(ParseInvoice, VatRateMustBeAPercentage) {
  for (const char* rate : {"-1", "100.01", "121"}) {
    const auto parsed =
      parse(variant(R"("vat_rate": "9")", std::string(R"("vat_rate": ")") + rate + "\""));
    ASSERT_EQ(parsed.problems.size(), 1U) << rate << "\n" << all_of(parsed.problems);
    EXPECT_EQ(parsed.problems[0].location.field, "lines[0].vat_rate");
    EXPECT_TRUE(contains(parsed.problems[0].message, "percentage from 0 to 100"));
  }
  EXPECT_TRUE(parse(variant(R"("vat_rate": "9")", R"("vat_rate": "100")")).ok());
}

TEST(ParseInvoice, NonNumericAmount) {
  const auto parsed = parse(variant(R"("unit_price": "1.25")", R"("unit_price": "1,25")"));
  ASSERT_EQ(parsed.problems.size(), 1U) << all_of(parsed.problems);
  EXPECT_EQ(parsed.problems[0].location.field, "lines[0].unit_price");
  EXPECT_TRUE(contains(parsed.problems[0].message, "\"1,25\"")) << parsed.problems[0].message;
  // The bad line is not kept, so no total is computed from it.
  EXPECT_EQ(parsed.invoice.lines.size(), 2U);
}

TEST(ParseInvoice, JsonNumberInsteadOfString) {
  const auto parsed = parse(variant(R"("unit_price": "1.25")", R"("unit_price": 1.25)"));
  ASSERT_EQ(parsed.problems.size(), 1U) << all_of(parsed.problems);
  EXPECT_EQ(parsed.problems[0].location.field, "lines[0].unit_price");
  EXPECT_TRUE(contains(parsed.problems[0].message, "a JSON number")) << parsed.problems[0].message;

  const auto boolean = parse(variant(R"("quantity": "12")", R"("quantity": true)"));
  ASSERT_EQ(boolean.problems.size(), 1U);
  EXPECT_TRUE(contains(boolean.problems[0].message, "got boolean")) << boolean.problems[0].message;
}

TEST(ParseInvoice, BadDates) {
  const auto impossible = parse(variant(R"("date": "2026-11-02")", R"("date": "2026-02-30")"));
  ASSERT_EQ(impossible.problems.size(), 1U) << all_of(impossible.problems);
  EXPECT_EQ(impossible.problems[0].location.field, "date");
  EXPECT_TRUE(contains(impossible.problems[0].message, "not a day of the calendar"));

  const auto shape = parse(variant(R"("due_date": "2026-12-02")", R"("due_date": "02-12-2026")"));
  ASSERT_EQ(shape.problems.size(), 1U) << all_of(shape.problems);
  EXPECT_EQ(shape.problems[0].location.field, "due_date");
  EXPECT_TRUE(contains(shape.problems[0].message, "YYYY-MM-DD"));

  const auto number = parse(variant(R"("date": "2026-11-02")", R"("date": 20261102)"));
  ASSERT_EQ(number.problems.size(), 1U) << all_of(number.problems);
  EXPECT_EQ(number.problems[0].message, "expected a string, got number");
}

TEST(ParseInvoice, DueDateBeforeDate) {
  const auto parsed = parse(variant(R"("due_date": "2026-12-02")", R"("due_date": "2026-11-01")"));
  ASSERT_EQ(parsed.problems.size(), 1U) << all_of(parsed.problems);
  EXPECT_EQ(parsed.problems[0].location.field, "due_date");
  EXPECT_EQ(parsed.problems[0].message, "is before the invoice date 2026-11-02");
  // The same day is fine.
  EXPECT_TRUE(parse(variant(R"("due_date": "2026-12-02")", R"("due_date": "2026-11-02")")).ok());
}

TEST(ParseInvoice, UnknownFieldsAtEveryLevel) {
  auto text = variant(R"("reference": "PO-77")", R"("reference": "PO-77", "discount": "5")");
  text = text.replace(text.find(R"("id": "D1006")"), 13, R"("id": "D1006", "phone": "1")");
  text = text.replace(text.find(R"("unit": "st")"), 12, R"("unit": "st", "vat": "9")");
  const auto parsed = parse(text);
  ASSERT_EQ(parsed.problems.size(), 3U) << all_of(parsed.problems);
  const Error* top = problem_for(parsed.problems, "discount");
  ASSERT_NE(top, nullptr) << all_of(parsed.problems);
  EXPECT_TRUE(contains(top->message, "unknown field; expected one of: number, creditor"));
  ASSERT_NE(problem_for(parsed.problems, "debtor.phone"), nullptr) << all_of(parsed.problems);
  ASSERT_NE(problem_for(parsed.problems, "lines[0].vat"), nullptr) << all_of(parsed.problems);
}

TEST(ParseInvoice, MissingOrEmptyLines) {
  const auto missing = parse(R"({"number": "1", "creditor": "acme", "date": "2026-01-01", )"
                             R"("due_date": "2026-01-31", "debtor": {"name": "x"}})");
  ASSERT_EQ(missing.problems.size(), 1U) << all_of(missing.problems);
  EXPECT_EQ(missing.problems[0].location.field, "lines");
  EXPECT_TRUE(contains(missing.problems[0].message, "missing"));

  const auto empty = parse(R"({"number": "1", "creditor": "acme", "date": "2026-01-01", )"
                           R"("due_date": "2026-01-31", "debtor": {"name": "x"}, "lines": []})");
  ASSERT_EQ(empty.problems.size(), 1U) << all_of(empty.problems);
  EXPECT_EQ(empty.problems[0].location.field, "lines");
  EXPECT_TRUE(contains(empty.problems[0].message, "at least one line"));

  const auto not_objects = parse(R"({"number": "1", "creditor": "acme", "date": "2026-01-01", )"
                                 R"("due_date": "2026-01-31", "debtor": {"name": "x"}, )"
                                 R"("lines": ["one"]})");
  ASSERT_EQ(not_objects.problems.size(), 1U) << all_of(not_objects.problems);
  EXPECT_EQ(not_objects.problems[0].location.field, "lines[0]");
}

TEST(ParseInvoice, MissingDebtorAndRequiredFields) {
  const auto parsed = parse(R"({"lines": [{}]})");
  for (const char* field :
       {"number", "creditor", "date", "due_date", "debtor", "lines[0].description",
        "lines[0].quantity", "lines[0].unit_price", "lines[0].vat_rate"}) {
    const Error* problem = problem_for(parsed.problems, field);
    ASSERT_NE(problem, nullptr) << field << "\n" << all_of(parsed.problems);
    EXPECT_TRUE(contains(problem->message, "missing")) << problem->to_string();
    EXPECT_EQ(problem->location.line, 17);
  }
  EXPECT_EQ(parsed.problems.size(), 9U) << all_of(parsed.problems);
}

TEST(ParseInvoice, ControlCharacters) {
  const auto in_name = parse(variant("Zeeman Installatietechniek", "Zeeman\\r\\nBcc: x@y.example"));
  ASSERT_EQ(in_name.problems.size(), 1U) << all_of(in_name.problems);
  EXPECT_EQ(in_name.problems[0].location.field, "debtor.name");
  EXPECT_EQ(in_name.problems[0].message, "contains a control character");

  const auto in_emails = parse(variant("b@zeeman.example\"", "b@zeeman.example\\u0000\""));
  ASSERT_EQ(in_emails.problems.size(), 1U) << all_of(in_emails.problems);
  EXPECT_EQ(in_emails.problems[0].location.field, "debtor.emails");

  const auto in_address = parse(variant("Havenkade 21", "Havenkade\\t21"));
  ASSERT_EQ(in_address.problems.size(), 1U) << all_of(in_address.problems);
  EXPECT_EQ(in_address.problems[0].location.field, "debtor.address[0]");

  // Descriptions and notes may span lines, but not hold other control characters.
  const auto in_description =
    parse(variant("Croissants\\nroomboter", "Croissants\\u001broomboter"));
  ASSERT_EQ(in_description.problems.size(), 1U) << all_of(in_description.problems);
  EXPECT_EQ(in_description.problems[0].location.field, "lines[0].description");

  const auto carriage_return = parse(variant("Betaal\\nop tijd", "Betaal\\r\\nop tijd"));
  ASSERT_EQ(carriage_return.problems.size(), 1U) << all_of(carriage_return.problems);
  EXPECT_EQ(carriage_return.problems[0].location.field, "note");

  const auto in_reference = parse(variant("PO-77", "PO\\n77"));
  ASSERT_EQ(in_reference.problems.size(), 1U) << all_of(in_reference.problems);
  EXPECT_EQ(in_reference.problems[0].location.field, "reference");
}

TEST(ParseInvoice, InvoiceNumbersThatCouldEscapeTheArchiveAreRefused) {
  for (const char* number : {"2026/0001", "../etc/passwd", "..", ".hidden", "-rf", "a\\\\b",
                             "with space", "2026:1", "naïve"}) {
    const auto parsed =
      parse(variant(R"("number": "2026-000001")", std::string(R"("number": ")") + number + "\""));
    ASSERT_EQ(parsed.problems.size(), 1U) << number << "\n" << all_of(parsed.problems);
    EXPECT_EQ(parsed.problems[0].location.field, "number") << number;
  }
  for (const char* number : {"2026-000001", "A_1.2", "x", "INV-2026.11_07"}) {
    EXPECT_TRUE(
      parse(variant(R"("number": "2026-000001")", std::string(R"("number": ")") + number + "\""))
        .ok())
      << number;
  }
  const auto too_long =
    parse(variant(R"("number": "2026-000001")", R"("number": ")" + std::string(65, '1') + "\""));
  ASSERT_EQ(too_long.problems.size(), 1U);
  EXPECT_EQ(too_long.problems[0].message, "longer than 64 characters");
  const auto blank = parse(variant(R"("number": "2026-000001")", R"("number": "  ")"));
  ASSERT_EQ(blank.problems.size(), 1U);
  EXPECT_EQ(blank.problems[0].message, "must not be empty");
}

TEST(ParseInvoice, CurrencyAndLanguage) {
  const auto currency = parse(variant(R"("currency": "EUR")", R"("currency": "eur")"));
  ASSERT_EQ(currency.problems.size(), 1U) << all_of(currency.problems);
  EXPECT_EQ(currency.problems[0].location.field, "currency");
  EXPECT_TRUE(contains(currency.problems[0].message, "ISO 4217"));
  EXPECT_FALSE(parse(variant(R"("currency": "EUR")", R"("currency": "EURO")")).ok());
  EXPECT_FALSE(parse(variant(R"("currency": "EUR")", R"("currency": "€")")).ok());

  const auto language = parse(variant(R"("language": "en")", R"("language": "fr")"));
  ASSERT_EQ(language.problems.size(), 1U) << all_of(language.problems);
  EXPECT_EQ(language.problems[0].location.field, "language");
  EXPECT_EQ(language.problems[0].message, "expected \"nl\" or \"en\", got \"fr\"");
  EXPECT_FALSE(language.invoice.language_given);
}

TEST(ParseInvoice, AmountTooLargeForALine) {
  const auto parsed = parse(variant(R"("quantity": "12")", R"("quantity": "999999999999999")"));
  ASSERT_EQ(parsed.problems.size(), 1U) << all_of(parsed.problems);
  EXPECT_EQ(parsed.problems[0].location.field, "lines[0]");
  EXPECT_TRUE(contains(parsed.problems[0].message, "too large"));
}

TEST(ParseInvoice, SeveralProblemsInOneRecordAreAllReported) {
  const std::string text =
    R"({"number": "../x", "creditor": "nobody", "date": "2026-13-01", "due_date": "tomorrow", )"
    R"("currency": "euro", "language": "de", "debtor": {"name": "", "address": "one line"}, )"
    R"("lines": [{"description": "ok", "quantity": "1", "unit_price": "1", "vat_rate": "21"}, )"
    R"({"description": "bad", "quantity": "1e3", "unit_price": 5, "vat_rate": "-9"}], )"
    R"("colour": "red"})";
  const auto parsed = parse(text);
  EXPECT_FALSE(parsed.ok());
  std::vector<std::string> fields;
  for (const auto& problem : parsed.problems) {
    fields.push_back(problem.location.field);
    EXPECT_EQ(problem.location.file, "data/invoices.jsonl");
    EXPECT_EQ(problem.location.line, 17);
  }
  std::sort(fields.begin(), fields.end());
  std::vector<std::string> expected{"colour",
                                    "number",
                                    "creditor",
                                    "date",
                                    "due_date",
                                    "currency",
                                    "language",
                                    "debtor.name",
                                    "debtor.address",
                                    "lines[1].quantity",
                                    "lines[1].unit_price",
                                    "lines[1].vat_rate"};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(fields, expected) << all_of(parsed.problems);
  // Number and creditor are kept as written so the failure can be recorded under them.
  EXPECT_EQ(parsed.invoice.number, "../x");
  EXPECT_EQ(parsed.invoice.creditor, "nobody");
  // The good line is still read and counted.
  ASSERT_EQ(parsed.invoice.lines.size(), 1U);
  EXPECT_EQ(parsed.invoice.totals.total.cents, 121);
}

TEST(ParseInvoice, ReadsRecordsComingFromTheReader) {
  TemporaryFolder folder;
  const auto file = folder / "invoices.jsonl";
  write_text(file, "\n" + k_valid + "\r\n{broken\n");
  InvoiceReader reader({file});
  auto first = reader.next();
  ASSERT_TRUE(first.has_value() && first->has_value());
  const auto parsed = parse_invoice(**first, known_creditors());
  EXPECT_TRUE(parsed.ok()) << all_of(parsed.problems);
  EXPECT_EQ(parsed.invoice.source.line, 2);
  EXPECT_EQ(parsed.invoice.source.file, file.string());
  auto second = reader.next();
  ASSERT_TRUE(second.has_value() && second->has_value());
  const auto broken = parse_invoice(**second, known_creditors());
  ASSERT_EQ(broken.problems.size(), 1U);
  EXPECT_EQ(broken.problems[0].to_string().rfind(file.string() + ":3: not valid JSON", 0), 0U)
    << broken.problems[0].to_string();
  EXPECT_FALSE(reader.next().has_value());
}

TEST(ParseInvoice, TheDemoDataOfTheRepositoryParses) {
  // The demo's creditors are acme and northwind, like known_creditors().
  InvoiceReader reader({mailroom::testing::source_dir() / "samples" / "data" / "demo.jsonl"});
  size_t count = 0;
  size_t credit_notes = 0;
  size_t reverse_charged = 0;
  while (auto next = reader.next()) {
    ASSERT_TRUE(next->has_value()) << next->error().to_string();
    const auto parsed = parse_invoice(**next, known_creditors());
    EXPECT_TRUE(parsed.ok()) << all_of(parsed.problems);
    const bool credit_note = parsed.invoice.kind == DocumentKind::CreditNote;
    EXPECT_EQ(parsed.invoice.totals.total.cents < 0, credit_note) << parsed.invoice.number;
    EXPECT_NE(parsed.invoice.totals.total.cents, 0) << parsed.invoice.number;
    credit_notes += credit_note ? 1 : 0;
    reverse_charged += parsed.invoice.vat_charge == VatCharge::ReverseCharged ? 1 : 0;
    ++count;
  }
  EXPECT_GT(count, 0U);
  // The demo shows the kinds of document too.
  EXPECT_GE(credit_notes, 1U);
  EXPECT_GE(reverse_charged, 1U);
}

} // namespace
} // namespace mailroom::job
