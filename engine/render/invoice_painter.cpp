#include "invoice_painter.hpp"

#include "labels.hpp"
#include "page_geometry.hpp"
#include "wording.hpp"

#include <engine/job/format.hpp>
#include <engine/job/payment.hpp>

#include <algorithm>

namespace mailroom::render {

namespace {

constexpr double k_minimum_title_top = 240.0;
constexpr double k_gap_before_title = 28.0;
constexpr double k_gap_before_facts = 8.0;
constexpr double k_fact_width = 122.0;
constexpr double k_gap_before_table = 22.0;
constexpr double k_totals_pitch = 14.0;
constexpr double k_gap_before_total = 8.0;

} // namespace

InvoicePainter::InvoicePainter(Typesetter& typesetter, const job::Invoice& invoice,
                               const job::Creditor& creditor, job::Language language,
                               const LetterheadArt* letterhead)
  : m_typesetter(typesetter)
  , m_invoice(invoice)
  , m_creditor(creditor)
  , m_language(language)
  , m_letterhead(letterhead) {
  FlowHeights heights;
  heights.first_table_top = prepare_heading();
  prepare_continuation_heading();
  prepare_table();
  prepare_closing();
  heights.row_padding = geometry::k_row_padding;
  for (std::size_t index = 0; index < m_rows.size(); ++index) {
    const Row& row = m_rows[index];
    heights.rows.push_back(row.height);
    if (!row.description_lines.empty()) {
      std::vector<double>& lines = heights.splittable_rows[index];
      for (const LineBox& line : row.description_lines) {
        lines.push_back(line.height);
      }
    }
  }
  heights.totals = m_totals_height;
  heights.notice = m_notice.height();
  heights.payment = m_payment.height();
  for (const LineBox& line : m_note_lines) {
    heights.note_lines.push_back(line.height);
  }
  m_pages = plan_pages(heights);
  job::Money running;
  for (const PagePlan& page : m_pages) {
    for (const PlacedRow& placed : page.rows) {
      // A split row counts on the page that shows its amount: the page of its first part.
      if (!placed.lines || placed.lines->first == 0) {
        running += m_invoice.lines[placed.index].total;
      }
    }
    m_running_subtotals.push_back(running);
  }
}

double InvoicePainter::prepare_heading() {
  const Labels& labels = labels_for(m_language);
  AddressHeading heading = lay_out_address_heading(m_typesetter, m_creditor, m_invoice.debtor,
                                                   m_language, m_letterhead != nullptr);
  m_heading = std::move(heading.texts);
  m_masthead_rule = heading.masthead_rule;

  const double title_top = std::max(k_minimum_title_top, heading.bottom + k_gap_before_title);
  TextBlock title = m_typesetter.line(document_kind_word(m_invoice, m_language), Style::Title);
  double facts_top = title_top + title.height() + k_gap_before_facts;
  m_heading.push_back(
    PlacedText{std::move(title), geometry::k_left, title_top, Align::Left, k_ink});
  const bool credit_note = m_invoice.kind == job::DocumentKind::CreditNote;
  if (credit_note) {
    TextBlock credited = m_typesetter.paragraph(credited_invoice_line(m_invoice, m_language),
                                                Style::Strong, geometry::k_content_width);
    const double credited_top = facts_top - k_gap_before_facts + 2.0;
    facts_top = credited_top + credited.height() + k_gap_before_facts;
    m_heading.push_back(
      PlacedText{std::move(credited), geometry::k_left, credited_top, Align::Left, k_ink});
  }

  double facts_bottom = facts_top;
  double x = geometry::k_left;
  auto add_fact = [&](const char* label, std::string_view value) {
    TextBlock label_block = m_typesetter.line(label, Style::Small);
    const double value_top = facts_top + label_block.height() + 1.0;
    TextBlock value_block = m_typesetter.fitted(value, Style::Body, k_fact_width - 6.0);
    facts_bottom = std::max(facts_bottom, value_top + value_block.height());
    m_heading.push_back(PlacedText{std::move(label_block), x, facts_top, Align::Left, k_muted});
    m_heading.push_back(PlacedText{std::move(value_block), x, value_top, Align::Left, k_ink});
    x += k_fact_width;
  };
  add_fact(credit_note ? labels.credit_note_number : labels.invoice_number, m_invoice.number);
  add_fact(credit_note ? labels.credit_note_date : labels.invoice_date,
           job::format::date(m_invoice.date, m_language));
  // A credit note asks for nothing, so it has nothing due.
  if (!credit_note) {
    add_fact(labels.due_date, job::format::date(m_invoice.due_date, m_language));
  }
  if (!m_invoice.reference.empty()) {
    add_fact(labels.reference, m_invoice.reference);
  }
  return facts_bottom + k_gap_before_table;
}

void InvoicePainter::prepare_continuation_heading() {
  const Labels& labels = labels_for(m_language);
  const double top = geometry::k_continuation_heading_top;
  TextBlock title =
    m_typesetter.fitted(document_title(m_invoice, m_language) + " (" + labels.continued + ")",
                        Style::SmallBold, geometry::k_content_width / 2);
  m_continuation_heading.push_back(
    PlacedText{std::move(title), geometry::k_left, top, Align::Left, k_ink});
  TextBlock debtor =
    m_typesetter.fitted(m_invoice.debtor.name, Style::Small, geometry::k_content_width / 2 - 10.0);
  m_continuation_heading.push_back(
    PlacedText{std::move(debtor), geometry::k_right, top, Align::Right, k_muted});
}

void InvoicePainter::prepare_table() {
  namespace format = job::format;
  const Labels& labels = labels_for(m_language);
  m_table_header = {
    m_typesetter.line(labels.description, Style::SmallBold),
    m_typesetter.line(labels.quantity, Style::SmallBold),
    m_typesetter.line(labels.unit, Style::SmallBold),
    m_typesetter.line(labels.unit_price, Style::SmallBold),
    m_typesetter.line(labels.vat, Style::SmallBold),
    m_typesetter.line(labels.amount, Style::SmallBold),
  };
  m_carried_forward_label = m_typesetter.line(labels.carried_forward, Style::SmallBold);
  m_brought_forward_label = m_typesetter.line(labels.brought_forward, Style::SmallBold);
  // Under reverse charge the rate of a line is not charged: a dash says so better than "21%".
  const bool reverse_charged = m_invoice.vat_charge == job::VatCharge::ReverseCharged;
  m_rows.reserve(m_invoice.lines.size());
  for (const job::InvoiceLine& line : m_invoice.lines) {
    Row row{
      .description =
        m_typesetter.paragraph(line.description, Style::Body, geometry::k_description_width),
      .quantity = m_typesetter.line(format::decimal(line.quantity, m_language), Style::Body),
      .unit = m_typesetter.fitted(line.unit, Style::Body, geometry::k_unit_width),
      .unit_price = m_typesetter.line(unit_price_text(line.unit_price, m_language), Style::Body),
      .vat_rate = m_typesetter.line(
        reverse_charged ? std::string("—") : vat_rate_text(line.vat_rate, m_language), Style::Body),
      .amount = m_typesetter.line(format::amount(line.total, m_language), Style::Body),
    };
    row.height =
      std::max(row.description.height(), row.quantity.height()) + 2 * geometry::k_row_padding;
    if (row.height > page_room_for_a_row()) {
      row.description_lines = m_typesetter.lines(row.description);
    }
    m_rows.push_back(std::move(row));
  }
}

void InvoicePainter::prepare_closing() {
  namespace format = job::format;
  const Labels& labels = labels_for(m_language);
  const job::Totals& totals = m_invoice.totals;
  const std::string& currency = m_invoice.currency;
  m_totals_lines.push_back(TotalsLine{
    m_typesetter.line(labels.subtotal, Style::Body),
    m_typesetter.line(format::money(totals.subtotal, currency, m_language), Style::Body)});
  if (m_invoice.vat_charge == job::VatCharge::ReverseCharged) {
    // One line for the whole base: every group is charged 0, so a line per rate says nothing.
    m_totals_lines.push_back(TotalsLine{
      m_typesetter.line(reverse_charge_label(totals.subtotal, currency, m_language), Style::Body),
      m_typesetter.line(format::money(totals.vat_total, currency, m_language), Style::Body)});
  } else {
    for (const job::VatGroup& group : totals.vat) {
      m_totals_lines.push_back(
        TotalsLine{m_typesetter.line(vat_group_label(group, currency, m_language), Style::Body),
                   m_typesetter.line(format::money(group.vat, currency, m_language), Style::Body)});
    }
  }
  m_total =
    TotalsLine{m_typesetter.line(labels.total, Style::Total),
               m_typesetter.line(format::money(totals.total, currency, m_language), Style::Total)};
  m_totals_height = static_cast<double>(m_totals_lines.size()) * k_totals_pitch +
                    k_gap_before_total + m_total.amount.height();

  if (const std::string notice = reverse_charge_statement(m_invoice, m_language); !notice.empty()) {
    m_notice = m_typesetter.paragraph(notice, Style::Strong, geometry::k_content_width);
  }
  m_payment = PaymentBlock(m_typesetter, payment_instruction(m_invoice, m_creditor, m_language),
                           job::epc_qr_payload(m_invoice, m_creditor), m_language);
  if (!m_invoice.note.empty()) {
    m_note = m_typesetter.paragraph(m_invoice.note, Style::Body, geometry::k_content_width);
    m_note_lines = m_typesetter.lines(m_note);
  }
}

void InvoicePainter::paint(pdf::PdfWriter& writer, LetterheadDrawing drawing) {
  cairo_t* context = writer.context();
  for (std::size_t index = 0; index < m_pages.size(); ++index) {
    paint_page(context, m_pages[index], static_cast<int>(index), drawing);
    m_typesetter.draw_gathered_text(context);
    writer.end_page();
  }
}

void InvoicePainter::paint_page(cairo_t* context, const PagePlan& page, int index,
                                LetterheadDrawing drawing) {
  if (m_letterhead != nullptr && drawing == LetterheadDrawing::Paint) {
    m_letterhead->paint(context, index == 0 ? PageKind::First : PageKind::Continuation);
  }
  if (index == 0 && m_masthead_rule > 0) {
    draw_rule(context, geometry::k_left, geometry::k_right, m_masthead_rule, 0.6, k_rule);
  }
  draw_placed(m_typesetter, context, index == 0 ? m_heading : m_continuation_heading);
  if (page.has_table) {
    paint_table_header(context, page.table_top);
  }
  if (page.brought_forward_top && index > 0) {
    paint_running_subtotal(context, m_brought_forward_label, m_running_subtotals[index - 1],
                           *page.brought_forward_top);
  }
  const double rows_bottom = page.carried_forward_top.value_or(geometry::k_body_bottom);
  for (const PlacedRow& placed : page.rows) {
    paint_row(context, m_rows[placed.index], placed, rows_bottom);
  }
  if (page.carried_forward_top) {
    paint_running_subtotal(context, m_carried_forward_label, m_running_subtotals[index],
                           *page.carried_forward_top);
  }
  for (const PlacedPiece& piece : page.pieces) {
    switch (piece.kind) {
      case Piece::Totals:
        paint_totals(context, piece.top);
        break;
      case Piece::Notice:
        m_typesetter.draw(context, m_notice, geometry::k_left, piece.top, Align::Left, k_ink);
        break;
      case Piece::Payment:
        m_payment.paint(m_typesetter, context, piece.top);
        break;
      case Piece::NoteLine:
        m_typesetter.draw_line(context, m_note, static_cast<int>(piece.index), geometry::k_left,
                               piece.top, k_ink);
        break;
    }
  }
  paint_page_number(m_typesetter, context, index, page_count(), m_language);
}

void InvoicePainter::paint_table_header(cairo_t* context, double top) const {
  set_colour(context, k_header_fill);
  cairo_rectangle(context, geometry::k_left, top, geometry::k_content_width,
                  geometry::k_table_header_height);
  cairo_fill(context);
  const double text_top = top + (geometry::k_table_header_height - m_table_header[0].height()) / 2;
  const auto& header = m_table_header;
  m_typesetter.draw(context, header[0], geometry::k_description_left, text_top, Align::Left, k_ink);
  m_typesetter.draw(context, header[1], geometry::k_quantity_right, text_top, Align::Right, k_ink);
  m_typesetter.draw(context, header[2], geometry::k_unit_left, text_top, Align::Left, k_ink);
  m_typesetter.draw(context, header[3], geometry::k_unit_price_right, text_top, Align::Right,
                    k_ink);
  m_typesetter.draw(context, header[4], geometry::k_vat_rate_right, text_top, Align::Right, k_ink);
  m_typesetter.draw(context, header[5], geometry::k_amount_right, text_top, Align::Right, k_ink);
}

void InvoicePainter::paint_running_subtotal(cairo_t* context, const TextBlock& label,
                                            job::Money amount, double top) const {
  const TextBlock value =
    m_typesetter.line(job::format::amount(amount, m_language), Style::SmallBold);
  const double text_top = top + (geometry::k_carried_row_height - value.height()) / 2;
  m_typesetter.draw(context, label, geometry::k_description_left, text_top, Align::Left, k_muted);
  m_typesetter.draw(context, value, geometry::k_amount_right, text_top, Align::Right, k_ink);
  draw_rule(context, geometry::k_left, geometry::k_right, top + geometry::k_carried_row_height, 0.5,
            k_rule);
}

void InvoicePainter::paint_row(cairo_t* context, const Row& row, const PlacedRow& placed,
                               double bottom) const {
  const double top = placed.top;
  const double text_top = top + geometry::k_row_padding;
  const double height = placed.lines ? placed.lines->height : row.height;
  // Only a row that cannot be split (one line taller than a page) reaches past the page's
  // bottom, and only such a row is clipped there: under a clip, cairo copies the clip for every
  // text drawn, twice more as it writes the page, through a pool all threads share.
  const bool clipped = top + height > bottom;
  if (clipped) {
    // The text gathered so far is not to be clipped; what the row draws is.
    m_typesetter.draw_gathered_text(context);
    cairo_save(context);
    cairo_rectangle(context, 0, top, geometry::k_page_width, std::max(0.0, bottom - top));
    cairo_clip(context);
  }
  bool shows_amounts = true;
  bool ends_row = true;
  if (placed.lines) {
    const LineRange range = *placed.lines;
    m_typesetter.draw_lines(context, row.description, range.first, range.end,
                            geometry::k_description_left, text_top, k_ink);
    shows_amounts = range.first == 0;
    ends_row = range.end == row.description_lines.size();
  } else {
    m_typesetter.draw(context, row.description, geometry::k_description_left, text_top, Align::Left,
                      k_ink);
  }
  if (shows_amounts) {
    m_typesetter.draw(context, row.quantity, geometry::k_quantity_right, text_top, Align::Right,
                      k_ink);
    m_typesetter.draw(context, row.unit, geometry::k_unit_left, text_top, Align::Left, k_ink);
    m_typesetter.draw(context, row.unit_price, geometry::k_unit_price_right, text_top, Align::Right,
                      k_ink);
    m_typesetter.draw(context, row.vat_rate, geometry::k_vat_rate_right, text_top, Align::Right,
                      k_ink);
    m_typesetter.draw(context, row.amount, geometry::k_amount_right, text_top, Align::Right, k_ink);
  }
  if (clipped) {
    m_typesetter.draw_gathered_text(context);
    cairo_restore(context);
  }
  if (ends_row && !clipped) {
    draw_rule(context, geometry::k_left, geometry::k_right, top + height, 0.5, k_rule);
  }
}

void InvoicePainter::paint_totals(cairo_t* context, double top) const {
  double line_top = top;
  for (const TotalsLine& line : m_totals_lines) {
    m_typesetter.draw(context, line.label, geometry::k_totals_label_left, line_top, Align::Left,
                      k_ink);
    m_typesetter.draw(context, line.amount, geometry::k_amount_right, line_top, Align::Right,
                      k_ink);
    line_top += k_totals_pitch;
  }
  draw_rule(context, geometry::k_totals_label_left, geometry::k_right,
            line_top + k_gap_before_total / 2 - 1.0, 0.8, k_ink);
  line_top += k_gap_before_total;
  m_typesetter.draw(context, m_total.label, geometry::k_totals_label_left, line_top, Align::Left,
                    k_ink);
  m_typesetter.draw(context, m_total.amount, geometry::k_amount_right, line_top, Align::Right,
                    k_ink);
}

} // namespace mailroom::render
