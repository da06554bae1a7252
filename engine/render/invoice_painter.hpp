#pragma once

#include "letter_parts.hpp"
#include "letterhead.hpp"
#include "page_plan.hpp"
#include "typesetter.hpp"

#include <engine/job/model.hpp>
#include <engine/pdf/pdf_writer.hpp>

#include <array>
#include <optional>
#include <string>
#include <vector>

// Lays out one invoice: first every piece of text is measured, then the pieces are planned onto
// pages, then the pages are painted. Knowing the page count before painting gives
// "Pagina 1 van 2" on every page.

namespace mailroom::render {

class InvoicePainter {
public:
  // `letterhead` is null when the invoice goes out without one.
  InvoicePainter(Typesetter& typesetter, const job::Invoice& invoice, const job::Creditor& creditor,
                 job::Language language, const LetterheadArt* letterhead);

  int page_count() const { return static_cast<int>(m_pages.size()); }

  void paint(pdf::PdfWriter& writer, LetterheadDrawing drawing);

private:
  struct Row {
    TextBlock description;
    TextBlock quantity;
    TextBlock unit;
    TextBlock unit_price;
    TextBlock vat_rate;
    TextBlock amount;
    double height = 0;
    // Only for a row taller than a page, which is split between these lines.
    std::vector<LineBox> description_lines;
  };

  struct TotalsLine {
    TextBlock label;
    TextBlock amount;
  };

  // Returns where the table starts on the first page.
  double prepare_heading();
  void prepare_continuation_heading();
  void prepare_table();
  void prepare_closing();

  void paint_page(cairo_t* context, const PagePlan& page, int index, LetterheadDrawing drawing);
  void paint_table_header(cairo_t* context, double top) const;
  // Nothing of the row is drawn below `bottom`.
  void paint_row(cairo_t* context, const Row& row, const PlacedRow& placed, double bottom) const;
  void paint_totals(cairo_t* context, double top) const;
  void paint_running_subtotal(cairo_t* context, const TextBlock& label, job::Money amount,
                              double top) const;

  Typesetter& m_typesetter;
  const job::Invoice& m_invoice;
  const job::Creditor& m_creditor;
  job::Language m_language;
  const LetterheadArt* m_letterhead;

  std::vector<PlacedText> m_heading;              // First page, above the table.
  double m_masthead_rule = 0;                     // Under the masthead; 0 with a letterhead.
  std::vector<PlacedText> m_continuation_heading; // Other pages.

  // Table.
  std::array<TextBlock, 6> m_table_header;
  std::vector<Row> m_rows;
  TextBlock m_carried_forward_label;
  TextBlock m_brought_forward_label;
  // The sum of the line totals up to the end of each page, for the carried-forward lines.
  std::vector<job::Money> m_running_subtotals;

  // After the table.
  std::vector<TotalsLine> m_totals_lines; // Subtotal and VAT per rate.
  TotalsLine m_total;
  double m_totals_height = 0;
  TextBlock m_notice;     // The reverse-charge statement, when there is one.
  PaymentBlock m_payment; // With the EPC QR code, when the creditor asks for one.
  TextBlock m_note;
  std::vector<LineBox> m_note_lines;

  std::vector<PagePlan> m_pages;
};

} // namespace mailroom::render
