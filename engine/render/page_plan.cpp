#include "page_plan.hpp"

#include "page_geometry.hpp"

#include <algorithm>

namespace mailroom::render {

namespace {

constexpr double k_gap_before_totals = 10.0;
constexpr double k_gap_before_notice = 18.0;
constexpr double k_gap_before_payment = 24.0;
constexpr double k_gap_before_note = 12.0;

class Planner {
public:
  explicit Planner(double first_table_top) { start_page(first_table_top, Table::Yes); }

  void add_row(std::size_t index, double height) {
    if (!fits(height + geometry::k_carried_row_height) && !current().rows.empty()) {
      start_page(geometry::k_continuation_body_top, Table::Yes);
    }
    current().rows.push_back(PlacedRow{index, m_cursor, std::nullopt});
    m_cursor += height;
  }

  // A row taller than any page starts where it is and goes on over as many pages as it needs,
  // broken between description lines, each part under the table header.
  void add_split_row(std::size_t index, const std::vector<double>& line_heights, double padding) {
    std::size_t line = 0;
    while (line < line_heights.size()) {
      const double room =
        geometry::k_body_bottom - geometry::k_carried_row_height - m_cursor - 2 * padding;
      std::size_t end = line;
      double used = 0;
      while (end < line_heights.size() && used + line_heights[end] <= room) {
        used += line_heights[end++];
      }
      if (end == line) {
        if (!current().rows.empty()) {
          start_page(geometry::k_continuation_body_top, Table::Yes);
          continue;
        }
        // One line taller than a whole page (a font gone wild): it takes a page and is cut there.
        used = line_heights[end++];
      }
      const double height = used + 2 * padding;
      current().rows.push_back(PlacedRow{index, m_cursor, LineRange{line, end, height}});
      m_cursor += height;
      line = end;
      if (line < line_heights.size()) {
        start_page(geometry::k_continuation_body_top, Table::Yes);
      }
    }
  }

  void add_totals(double height) {
    if (!fits(k_gap_before_totals + height)) {
      PagePlan& page = current();
      if (page.rows.size() >= 2) {
        const PlacedRow last = page.rows.back();
        const double row_height = m_cursor - last.top;
        page.rows.pop_back();
        m_cursor = last.top; // The carried-forward line takes the row's place.
        start_page(geometry::k_continuation_body_top, Table::Yes);
        current().rows.push_back(PlacedRow{last.index, m_cursor});
        m_cursor += row_height;
      } else {
        start_page(geometry::k_continuation_body_top, Table::Yes);
      }
    }
    place(Piece::Totals, 0, k_gap_before_totals, height);
  }

  // Pieces after the table go on the next page when they do not fit, without a table header.
  void add_piece(Piece kind, std::size_t index, double gap, double height) {
    if (!fits(gap + height) && !m_at_page_top) {
      start_page(geometry::k_continuation_body_top, Table::No);
    }
    place(kind, index, m_at_page_top ? 0.0 : gap, height);
  }

  std::vector<PagePlan> take() { return std::move(m_pages); }

private:
  enum class Table { Yes, No };

  PagePlan& current() { return m_pages.back(); }

  bool fits(double height) const { return m_cursor + height <= geometry::k_body_bottom; }

  void start_page(double top, Table table) {
    PagePlan page;
    page.has_table = table == Table::Yes;
    page.table_top = top;
    const bool table_goes_on = page.has_table && !m_pages.empty() && current().has_table;
    if (table_goes_on) {
      // A row taller than the page ends below the body: the line then takes the page's foot.
      current().carried_forward_top =
        std::min(m_cursor, geometry::k_body_bottom - geometry::k_carried_row_height);
    }
    m_cursor = page.has_table ? top + geometry::k_table_header_height : top;
    if (table_goes_on) {
      page.brought_forward_top = m_cursor;
      m_cursor += geometry::k_carried_row_height;
    }
    m_at_page_top = !page.has_table;
    m_pages.push_back(std::move(page));
  }

  void place(Piece kind, std::size_t index, double gap, double height) {
    current().pieces.push_back(PlacedPiece{kind, index, m_cursor + gap});
    m_cursor += gap + height;
    m_at_page_top = false;
  }

  std::vector<PagePlan> m_pages;
  double m_cursor = 0;
  bool m_at_page_top = false;
};

} // namespace

double page_room_for_a_row() {
  return geometry::k_body_bottom - geometry::k_carried_row_height -
         (geometry::k_continuation_body_top + geometry::k_table_header_height +
          geometry::k_carried_row_height);
}

std::vector<PagePlan> plan_pages(const FlowHeights& heights) {
  Planner planner(heights.first_table_top);
  for (std::size_t index = 0; index < heights.rows.size(); ++index) {
    const auto splittable = heights.splittable_rows.find(index);
    if (splittable != heights.splittable_rows.end() &&
        heights.rows[index] > page_room_for_a_row()) {
      planner.add_split_row(index, splittable->second, heights.row_padding);
    } else {
      planner.add_row(index, heights.rows[index]);
    }
  }
  planner.add_totals(heights.totals);
  if (heights.notice > 0) {
    planner.add_piece(Piece::Notice, 0, k_gap_before_notice, heights.notice);
  }
  planner.add_piece(Piece::Payment, 0,
                    heights.notice > 0 ? k_gap_before_note : k_gap_before_payment, heights.payment);
  for (std::size_t index = 0; index < heights.note_lines.size(); ++index) {
    planner.add_piece(Piece::NoteLine, index, index == 0 ? k_gap_before_note : 0.0,
                      heights.note_lines[index]);
  }
  return planner.take();
}

} // namespace mailroom::render
