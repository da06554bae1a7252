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

} // namespace
} // namespace mailroom::render
