#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <vector>

// Splits an invoice over pages once every part has been measured: line rows under a repeated
// table header, then the totals, the reverse-charge notice, the payment instruction and the
// note. A page whose table goes on ends with the running subtotal ("Transport") and the next one
// starts with it ("Van vorige pagina"), so each page can be checked on its own.

namespace mailroom::render {

struct FlowHeights {
  double first_table_top = 0; // Where the table starts on the first page.
  std::vector<double> rows;   // Each line row, padding included.
  // The heights of the description lines of rows that may be split between pages, by row index.
  // A row without an entry is never split; one with an entry is split only when it is taller
  // than a whole page, between two of its lines. Each part is padded like a whole row.
  std::map<std::size_t, std::vector<double>> splittable_rows;
  double row_padding = 0; // Above and below the text of a row.
  double totals = 0;
  double notice = 0; // The reverse-charge statement; 0 when there is none.
  double payment = 0;
  std::vector<double> note_lines; // The note may be split between any two of its lines.
};

enum class Piece { Totals, Notice, Payment, NoteLine };

// The description lines [first, end) of a row split over pages, and the height of that part,
// padding included.
struct LineRange {
  std::size_t first = 0;
  std::size_t end = 0;
  double height = 0;
};

struct PlacedRow {
  std::size_t index = 0;
  double top = 0;
  std::optional<LineRange> lines; // Set for each part of a split row.
};

struct PlacedPiece {
  Piece kind = Piece::Totals;
  std::size_t index = 0; // For note lines.
  double top = 0;
};

struct PagePlan {
  bool has_table = false;
  double table_top = 0;
  // Where the running subtotal goes, when this page has one: brought forward under the header,
  // carried forward under the last row.
  std::optional<double> brought_forward_top;
  std::optional<double> carried_forward_top;
  std::vector<PlacedRow> rows;
  std::vector<PlacedPiece> pieces;
};

// The tallest row that fits on a continuation page of its own; taller rows are split.
double page_room_for_a_row();

// Never leaves the totals alone under a table header: when they do not fit after the last row,
// that row moves to the next page with them. Every page of rows keeps room for the carried-forward
// line at its foot.
std::vector<PagePlan> plan_pages(const FlowHeights& heights);

} // namespace mailroom::render
