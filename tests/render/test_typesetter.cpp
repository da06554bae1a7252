#include <engine/render/typesetter.hpp>

#include <gtest/gtest.h>

#include <string>

namespace mailroom::render {
namespace {

TEST(Typesetter, FindsAGlyphForEveryScriptAnInvoiceMayHold) {
  Typesetter typesetter;
  for (const std::string text :
       {"Zażółć gęślą jaźń, Łódź", "İstanbul, Beyoğlu, ışık", "Ευχαριστούμε, Αθήνα",
        "Спасибо, Москва", "東京都の配送サービス", "北京市朝阳区", "한국어 설명"}) {
    for (const Style style : {Style::Body, Style::Strong, Style::Title}) {
      const TextBlock block = typesetter.paragraph(text, style, 300.0);
      EXPECT_EQ(block.unknown_glyph_count(), 0) << text;
      EXPECT_GT(block.width(), 0.0);
    }
  }
}

TEST(Typesetter, CountsCharactersNoFontHas) {
  Typesetter typesetter;
  // A private-use code point: no font has a glyph for it, so this check can fail.
  EXPECT_GT(typesetter.line("\xEE\x80\x80", Style::Body).unknown_glyph_count(), 0);
}

TEST(Typesetter, WrapsAParagraphWithoutCuttingIt) {
  Typesetter typesetter;
  std::string text;
  for (int index = 0; index < 40; ++index) {
    text += "woord ";
  }
  const TextBlock one_line = typesetter.line(text, Style::Body);
  const TextBlock wrapped = typesetter.paragraph(text, Style::Body, 100.0);
  EXPECT_LE(wrapped.width(), 100.0);
  EXPECT_GE(typesetter.lines(wrapped).size(), 5U);
  EXPECT_GT(wrapped.height(), 4 * one_line.height());
}

// Text every invoice repeats is laid out once for the whole run; text one invoice alone has is
// let go, so that a run of 100,000 invoices holds no more than a run of 1,000.
TEST(Typesetter, KeepsWhatRepeatsAndLetsGoWhatDoesNot) {
  Typesetter typesetter;
  const TextBlock label = typesetter.line("Factuurnummer", Style::Small);
  const TextBlock once = typesetter.line("2026-000001", Style::Body);
  for (int invoice = 2; invoice < 2000; ++invoice) {
    EXPECT_EQ(typesetter.line("Factuurnummer", Style::Small).layout(), label.layout());
    typesetter.line("2026-" + std::to_string(invoice), Style::Body);
  }
  // `once` still holds its layout, so a new one cannot reuse its address.
  EXPECT_NE(typesetter.line("2026-000001", Style::Body).layout(), once.layout());
}

} // namespace
} // namespace mailroom::render
