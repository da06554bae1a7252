#include <engine/pdf/pdf_syntax.hpp>

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace mailroom::pdf {
namespace {

std::vector<std::string> kinds_and_texts(std::string_view text) {
  std::vector<std::string> seen;
  Lexer lexer(text);
  for (Token token = lexer.next(); token.kind != TokenKind::End; token = lexer.next()) {
    const char* kind = "?";
    switch (token.kind) {
      case TokenKind::Number:
        kind = "number";
        break;
      case TokenKind::Name:
        kind = "name";
        break;
      case TokenKind::String:
        kind = "string";
        break;
      case TokenKind::DictionaryOpen:
      case TokenKind::DictionaryClose:
      case TokenKind::ArrayOpen:
      case TokenKind::ArrayClose:
        kind = "delimiter";
        break;
      case TokenKind::Keyword:
        kind = "keyword";
        break;
      case TokenKind::End:
        break;
    }
    seen.push_back(std::string(kind) + " " +
                   std::string(text.substr(token.begin, token.end - token.begin)));
  }
  return seen;
}

std::string_view value_of(std::string_view text, std::string_view key) {
  const auto span = dictionary_value(text, key);
  return span ? text.substr(span->begin, span->end - span->begin) : std::string_view("(none)");
}

TEST(PdfLexer, SplitsTheObjectsCairoWritesIntoTokens) {
  const std::string_view text = "<< /Type /Page % 1\n /MediaBox [ 0 0 595.276 841.89 ]\n"
                                " /Title (a (nested) \\) string) /Id <0A1b> /I true >>";
  const std::vector<std::string> expected = {
    "delimiter <<",  "name /Type",    "name /Page",  "name /MediaBox",
    "delimiter [",   "number 0",      "number 0",    "number 595.276",
    "number 841.89", "delimiter ]",   "name /Title", "string (a (nested) \\) string)",
    "name /Id",      "string <0A1b>", "name /I",     "keyword true",
    "delimiter >>",
  };
  EXPECT_EQ(kinds_and_texts(text), expected);
}

TEST(PdfLexer, StopsAtAnUnterminatedStringOrAStrayDelimiter) {
  EXPECT_EQ(kinds_and_texts("/A (never closed"), std::vector<std::string>{"name /A"});
  EXPECT_EQ(kinds_and_texts("/A > /B"), std::vector<std::string>{"name /A"});
  EXPECT_EQ(kinds_and_texts("/A ) /B"), std::vector<std::string>{"name /A"});
}

TEST(PdfReferences, AreFoundInDictionariesAndArraysButNotInStringsOrComments) {
  const std::string_view text = "<< /Contents 4 0 R /Kids [ 2 0 R 13 0 R ] /T (5 0 R) % 6 0 R\n"
                                " /W [ 1 0 0 ] >>";
  const auto found = references_in(text);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].number, 4u);
  EXPECT_EQ(text.substr(found[0].begin, found[0].end - found[0].begin), "4 0 R");
  EXPECT_EQ(found[1].number, 2u);
  EXPECT_EQ(found[2].number, 13u);
}

TEST(PdfReferences, NumbersTooLargeForAnObjectAreNoReferences) {
  EXPECT_TRUE(references_in("4294967300 0 R").empty());
  EXPECT_EQ(references_in("4294967295 0 R").size(), 1u);
  EXPECT_EQ(sole_reference("12 0 R"), 12u);
  EXPECT_FALSE(sole_reference("12 0 R 13 0 R").has_value());
  EXPECT_FALSE(sole_reference("[ 12 0 R ]").has_value());
}

TEST(PdfDictionary, GivesTheWholeValueOfATopLevelKey) {
  const std::string_view page = "<< /Type /Page % 1\n   /Parent 1 0 R\n"
                                "   /Group << /Type /Group /S /Transparency >>\n"
                                "   /MediaBox [ 0 0 595.276 841.89 ]\n   /Resources 3 0 R\n>>";
  EXPECT_EQ(value_of(page, "/Type"), "/Page");
  EXPECT_EQ(value_of(page, "/Parent"), "1 0 R");
  EXPECT_EQ(value_of(page, "/Group"), "<< /Type /Group /S /Transparency >>");
  EXPECT_EQ(value_of(page, "/MediaBox"), "[ 0 0 595.276 841.89 ]");
  EXPECT_EQ(value_of(page, "/Resources"), "3 0 R");
  // Keys of a nested dictionary are not the page's own.
  EXPECT_EQ(value_of(page, "/S"), "(none)");
  EXPECT_EQ(value_of(page, "/Contents"), "(none)");
  EXPECT_EQ(value_of("[ /Type /Page ]", "/Type"), "(none)");
  EXPECT_EQ(value_of("<< /Type /Page", "/Missing"), "(none)");
  const std::vector<std::string_view> keys = {"/Type", "/Parent", "/Group", "/MediaBox",
                                              "/Resources"};
  EXPECT_EQ(dictionary_keys(page), keys);
  EXPECT_TRUE(dictionary_keys("[ /Type ]").empty());
}

TEST(PdfObjects, EndWhereTheirLastTokenEnds) {
  const std::string_view text = "<< /A [ 1 << /B 2 >> ] >> trailing";
  EXPECT_EQ(end_of_object(text, 0), text.find(" trailing"));
  EXPECT_EQ(end_of_object("12 0 R 7", 0), 6u);
  EXPECT_EQ(end_of_object("12 7", 0), 2u);
  EXPECT_FALSE(end_of_object("<< /A [ 1 2 >>", 0).has_value());
  EXPECT_FALSE(end_of_object(">>", 0).has_value());
  EXPECT_FALSE(end_of_object("   ", 0).has_value());
}

TEST(PdfNumbers, OnlyWholeNonNegativeIntegersAreWholeNumbers) {
  EXPECT_EQ(whole_number("  1248\n"), 1248u);
  EXPECT_EQ(whole_number("0"), 0u);
  EXPECT_FALSE(whole_number("12.5").has_value());
  EXPECT_FALSE(whole_number("-3").has_value());
  EXPECT_FALSE(whole_number("12 0 R").has_value());
  EXPECT_FALSE(whole_number("").has_value());
}

} // namespace
} // namespace mailroom::pdf
