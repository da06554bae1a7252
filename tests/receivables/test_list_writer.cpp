// The three forms of a listing: a table for people, RFC 4180 CSV and a JSON array for programs.

#include <engine/receivables/list_writer.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>

namespace mailroom::receivables {
namespace {

std::vector<Column> columns() {
  return {{"number", ColumnKind::Text, ColumnUse::Everywhere},
          {"total", ColumnKind::Amount, ColumnUse::Everywhere},
          {"note", ColumnKind::Text, ColumnUse::MachinesOnly},
          {"count", ColumnKind::Integer, ColumnUse::MachinesOnly},
          {"late", ColumnKind::Boolean, ColumnUse::MachinesOnly},
          {"summary", ColumnKind::Text, ColumnUse::TableOnly}};
}

std::string write(ListFormat format, const std::vector<std::vector<std::string>>& rows) {
  std::ostringstream out;
  const auto writer = make_list_writer(format, out, columns());
  for (const auto& row : rows) {
    EXPECT_TRUE(writer->add(row));
  }
  EXPECT_TRUE(writer->finish());
  return out.str();
}

const std::vector<std::vector<std::string>> k_rows = {
  {"2026-1", "1467.90", "plain", "0", "false", "open"},
  {"2026-2", "-12.00", "says \"hi\", twice\non two lines", "3", "true", "Élan, late"},
};

TEST(ListWriter, CsvQuotesWhatNeedsItAndEndsLinesWithCrLf) {
  EXPECT_EQ(write(ListFormat::Csv, k_rows), "number,total,note,count,late\r\n"
                                            "2026-1,1467.90,plain,0,false\r\n"
                                            "2026-2,-12.00,\"says \"\"hi\"\", twice\non two "
                                            "lines\",3,true\r\n");
}

TEST(ListWriter, JsonIsAnArrayOfTypedObjects) {
  const auto parsed = nlohmann::json::parse(write(ListFormat::Json, k_rows));
  ASSERT_TRUE(parsed.is_array());
  ASSERT_EQ(parsed.size(), 2u);
  EXPECT_EQ(parsed[1]["number"], "2026-2");
  EXPECT_EQ(parsed[1]["total"], "-12.00");
  EXPECT_EQ(parsed[1]["note"], "says \"hi\", twice\non two lines");
  EXPECT_EQ(parsed[1]["count"], 3);
  EXPECT_EQ(parsed[1]["late"], true);
  EXPECT_FALSE(parsed[1].contains("summary"));
  EXPECT_EQ(nlohmann::json::parse(write(ListFormat::Json, {})), nlohmann::json::array());
}

TEST(ListWriter, ATableAlignsColumnsAndRightAlignsAmounts) {
  EXPECT_EQ(write(ListFormat::Table, k_rows), "number    total  summary\n"
                                              "──────  ───────  ──────────\n"
                                              "2026-1  1467.90  open\n"
                                              "2026-2   -12.00  Élan, late\n");
}

TEST(ListWriter, ATableCutsALaterLongerValueShort) {
  std::vector<std::vector<std::string>> rows(501, {"1", "1.00", "", "0", "false", "x"});
  rows.push_back({"2026-000000001", "1.00", "", "0", "false", "Élan"});
  rows.push_back({"2026-000000002", "1.00", "", "0", "false", "Zwaan"});
  const auto table = write(ListFormat::Table, rows);
  EXPECT_TRUE(table.ends_with("\n2026-…   1.00  Élan\n2026-…   1.00  Zwaan\n"))
    << table.substr(table.size() - 80);
}

} // namespace
} // namespace mailroom::receivables
