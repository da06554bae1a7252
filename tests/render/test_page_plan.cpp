#include <engine/render/page_geometry.hpp>
#include <engine/render/page_plan.hpp>

#include <gtest/gtest.h>

#include <algorithm>

namespace mailroom::render {
namespace {

int rows_on(const std::vector<PagePlan>& pages) {
  int count = 0;
  for (const auto& page : pages) {
    count += static_cast<int>(page.rows.size());
  }
  return count;
}

TEST(PagePlan, KeepsAShortInvoiceOnOnePage) {
  FlowHeights heights{.first_table_top = 320, .rows = {20, 20, 20}, .totals = 60, .payment = 30};
  const auto pages = plan_pages(heights);
  ASSERT_EQ(pages.size(), 1u);
  EXPECT_TRUE(pages[0].has_table);
  EXPECT_DOUBLE_EQ(pages[0].rows[0].top, 320 + geometry::k_table_header_height);
  EXPECT_DOUBLE_EQ(pages[0].rows[2].top, 320 + geometry::k_table_header_height + 40);
  ASSERT_EQ(pages[0].pieces.size(), 2u);
  EXPECT_EQ(pages[0].pieces[0].kind, Piece::Totals);
  EXPECT_GT(pages[0].pieces[0].top, pages[0].rows[2].top + 20);
  EXPECT_EQ(pages[0].pieces[1].kind, Piece::Payment);
}

TEST(PagePlan, StartsContinuationPagesBelowTheLetterhead) {
  FlowHeights heights{.first_table_top = 320, .totals = 60, .payment = 30};
  heights.rows.assign(60, 20.0);
  const auto pages = plan_pages(heights);
  ASSERT_GE(pages.size(), 2u);
  EXPECT_EQ(rows_on(pages), 60);
  for (std::size_t index = 1; index < pages.size(); ++index) {
    EXPECT_TRUE(pages[index].has_table);
    EXPECT_DOUBLE_EQ(pages[index].table_top, geometry::k_continuation_body_top);
  }
  for (const auto& page : pages) {
    for (const auto& row : page.rows) {
      EXPECT_LE(row.top + 20.0, geometry::k_body_bottom);
    }
    for (const auto& piece : page.pieces) {
      EXPECT_GE(piece.top, geometry::k_letterhead_top);
    }
  }
}

TEST(PagePlan, MovesTheLastRowWithTotalsThatDoNotFit) {
  // Rows that exactly fill the first page leave no room for the totals.
  const double first_top = 300;
  const double room = geometry::k_body_bottom - first_top - geometry::k_table_header_height;
  FlowHeights heights{.first_table_top = first_top, .totals = 60, .payment = 30};
  heights.rows.assign(static_cast<std::size_t>(room / 20.0), 20.0);
  const auto pages = plan_pages(heights);
  ASSERT_EQ(pages.size(), 2u);
  EXPECT_EQ(pages[1].rows.size(), 1u);
  EXPECT_EQ(pages[1].rows[0].index, heights.rows.size() - 1);
  EXPECT_TRUE(pages[0].pieces.empty());
  ASSERT_FALSE(pages[1].pieces.empty());
  EXPECT_EQ(pages[1].pieces[0].kind, Piece::Totals);
  EXPECT_EQ(rows_on(pages), static_cast<int>(heights.rows.size()));
}

TEST(PagePlan, CarriesTheRunningSubtotalFromPageToPage) {
  FlowHeights heights{.first_table_top = 320, .totals = 60, .notice = 12, .payment = 30};
  heights.rows.assign(120, 20.0);
  const auto pages = plan_pages(heights);
  ASSERT_GE(pages.size(), 3u);
  EXPECT_EQ(rows_on(pages), 120);
  for (std::size_t index = 0; index < pages.size(); ++index) {
    const auto& page = pages[index];
    // Only a table that goes on is carried: pieces after the totals may take a page of their own.
    const bool table_goes_on = index + 1 < pages.size() && pages[index + 1].has_table;
    EXPECT_EQ(page.carried_forward_top.has_value(), table_goes_on) << index;
    EXPECT_EQ(page.brought_forward_top.has_value(), index > 0 && page.has_table) << index;
    if (page.carried_forward_top) {
      // Under the last row, and inside the body.
      EXPECT_DOUBLE_EQ(*page.carried_forward_top, page.rows.back().top + 20.0);
      EXPECT_LE(*page.carried_forward_top + geometry::k_carried_row_height,
                geometry::k_body_bottom);
    }
    if (page.brought_forward_top) {
      EXPECT_DOUBLE_EQ(*page.brought_forward_top, page.table_top + geometry::k_table_header_height);
      EXPECT_DOUBLE_EQ(page.rows.front().top,
                       *page.brought_forward_top + geometry::k_carried_row_height);
    }
  }
  // The notice comes between the totals and the payment instruction.
  std::vector<Piece> kinds;
  for (const auto& page : pages) {
    for (const auto& piece : page.pieces) {
      kinds.push_back(piece.kind);
    }
  }
  EXPECT_EQ(kinds, (std::vector<Piece>{Piece::Totals, Piece::Notice, Piece::Payment}));
}

TEST(PagePlan, AOnePageInvoiceCarriesNothing) {
  FlowHeights heights{.first_table_top = 320, .rows = {20, 20}, .totals = 60, .payment = 30};
  const auto pages = plan_pages(heights);
  ASSERT_EQ(pages.size(), 1u);
  EXPECT_FALSE(pages[0].carried_forward_top.has_value());
  EXPECT_FALSE(pages[0].brought_forward_top.has_value());
}

TEST(PagePlan, SplitsTheNoteBetweenLines) {
  FlowHeights heights{.first_table_top = 320, .rows = {20}, .totals = 60, .payment = 30};
  heights.note_lines.assign(100, 11.0);
  const auto pages = plan_pages(heights);
  ASSERT_GE(pages.size(), 2u);
  EXPECT_FALSE(pages.back().has_table);
  std::size_t next_line = 0;
  for (const auto& page : pages) {
    for (const auto& piece : page.pieces) {
      if (piece.kind == Piece::NoteLine) {
        EXPECT_EQ(piece.index, next_line++);
        EXPECT_LE(piece.top + 11.0, geometry::k_body_bottom);
      }
    }
  }
  EXPECT_EQ(next_line, 100u);
}

TEST(PagePlan, SplitsARowTallerThanAPageBetweenItsLines) {
  FlowHeights heights{.first_table_top = 320, .totals = 60, .payment = 30};
  const std::vector<double> lines(200, 11.0); // 2,200 points: about four pages.
  heights.rows = {20, 200 * 11.0 + 8, 20};
  heights.splittable_rows[1] = lines;
  heights.row_padding = 4;
  const auto pages = plan_pages(heights);
  ASSERT_GE(pages.size(), 4u);
  std::size_t next_line = 0;
  std::vector<std::size_t> order;
  for (const auto& page : pages) {
    for (const auto& row : page.rows) {
      order.push_back(row.index);
      if (row.index != 1) {
        EXPECT_FALSE(row.lines.has_value());
        continue;
      }
      ASSERT_TRUE(row.lines.has_value());
      // The parts follow each other without a gap or an overlap, each within the body.
      EXPECT_EQ(row.lines->first, next_line);
      EXPECT_GT(row.lines->end, row.lines->first);
      next_line = row.lines->end;
      const double part_height = 11.0 * static_cast<double>(row.lines->end - row.lines->first) + 8;
      EXPECT_DOUBLE_EQ(row.lines->height, part_height);
      EXPECT_LE(row.top + part_height + geometry::k_carried_row_height, geometry::k_body_bottom);
    }
  }
  EXPECT_EQ(next_line, lines.size());
  EXPECT_EQ(order.front(), 0u);
  EXPECT_EQ(order.back(), 2u);
  EXPECT_TRUE(std::is_sorted(order.begin(), order.end()));
}

TEST(PagePlan, NeverSplitsARowThatFitsOnAPage) {
  FlowHeights heights{.first_table_top = 600, .totals = 60, .payment = 30};
  heights.rows = {20, 300, 20};
  heights.splittable_rows[1] = std::vector<double>(25, 11.0);
  heights.row_padding = 4;
  const auto pages = plan_pages(heights);
  ASSERT_EQ(pages.size(), 2u);
  ASSERT_EQ(pages[1].rows.size(), 2u) << "the tall row moves to the next page whole";
  EXPECT_EQ(pages[1].rows[0].index, 1u);
  EXPECT_FALSE(pages[1].rows[0].lines.has_value());
}

} // namespace
} // namespace mailroom::render
