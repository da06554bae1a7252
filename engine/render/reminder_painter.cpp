#include "reminder_painter.hpp"

#include "labels.hpp"
#include "wording.hpp"

#include <engine/job/format.hpp>
#include <engine/job/payment.hpp>

#include <algorithm>

namespace mailroom::render {

namespace {

constexpr double k_minimum_date_top = 220.0;
constexpr double k_gap_before_date = 28.0;
constexpr double k_gap_before_title = 10.0;
constexpr double k_gap_after_subtitle = 2.0;
constexpr double k_gap_before_opening = 14.0;
constexpr double k_gap_before_table = 14.0;
constexpr double k_gap_before_payment = 20.0;
// The table: labels at the left, values right-aligned on this edge.
constexpr double k_table_value_right = 380.0;
constexpr double k_table_rule_right = k_table_value_right + geometry::k_cell_padding;

} // namespace

ReminderPainter::ReminderPainter(Typesetter& typesetter, const job::Invoice& invoice,
                                 const job::Reminder& reminder, const job::Creditor& creditor,
                                 job::Language language, const LetterheadArt* letterhead)
  : m_typesetter(typesetter)
  , m_invoice(invoice)
  , m_reminder(reminder)
  , m_creditor(creditor)
  , m_language(language)
  , m_letterhead(letterhead) {
  AddressHeading heading = lay_out_address_heading(m_typesetter, m_creditor, m_invoice.debtor,
                                                   m_language, m_letterhead != nullptr);
  m_texts = std::move(heading.texts);
  m_masthead_rule = heading.masthead_rule;

  double top = prepare_title(std::max(k_minimum_date_top, heading.bottom + k_gap_before_date));
  TextBlock opening = m_typesetter.paragraph(reminder_opening(m_reminder, m_invoice, m_language),
                                             Style::Body, geometry::k_content_width);
  top += k_gap_before_opening;
  const double opening_height = opening.height();
  m_texts.push_back(PlacedText{std::move(opening), geometry::k_left, top, Align::Left, k_ink});
  top = prepare_table(top + opening_height + k_gap_before_table);

  m_payment = PaymentBlock(m_typesetter,
                           reminder_payment_details(m_reminder, m_invoice, m_creditor, m_language),
                           job::epc_qr_payload(m_reminder, m_invoice, m_creditor), m_language);
  m_payment_top = top + k_gap_before_payment;
  m_bottom = m_payment_top + m_payment.height();
}

double ReminderPainter::prepare_title(double top) {
  const Labels& labels = labels_for(m_language);
  auto add = [&](std::string_view text, Style style, Colour colour) {
    TextBlock block = m_typesetter.line(text, style);
    const double height = block.height();
    m_texts.push_back(PlacedText{std::move(block), geometry::k_left, top, Align::Left, colour});
    top += height;
  };
  add(std::string(labels.date) + " " + job::format::date(m_reminder.date, m_language), Style::Body,
      k_ink);
  top += k_gap_before_title;
  add(reminder_title(m_reminder, m_language), Style::Title, k_ink);
  // The last level's title says "final notice"; the line under it keeps "payment reminder" and
  // names the invoice, as every level's document title does.
  if (m_reminder.is_final()) {
    top += k_gap_after_subtitle;
    add(reminder_heading(m_reminder, m_invoice, m_language), Style::Strong, k_ink);
  }
  return top;
}

double ReminderPainter::prepare_table(double top) {
  namespace format = job::format;
  const Labels& labels = labels_for(m_language);
  const std::string& currency = m_invoice.currency;
  auto money = [&](job::Money amount) { return format::money(amount, currency, m_language); };
  top = add_row(labels.invoice_number, m_invoice.number, top);
  top = add_row(labels.invoice_date, format::date(m_invoice.date, m_language), top);
  top = add_row(labels.due_date, format::date(m_invoice.due_date, m_language), top);
  top = add_row(labels.invoice_total, money(m_reminder.total), top);
  if (m_reminder.credited.cents != 0) {
    top = add_row(labels.credited, money(m_reminder.credited), top);
  }
  top = add_row(labels.paid, money(m_reminder.paid), top);
  top = add_row(labels.outstanding, money(m_reminder.outstanding), top);
  if (m_reminder.fee.cents != 0) {
    top = add_row(labels.reminder_fee, money(m_reminder.fee), top);
  }
  // What is asked now stands out, shaded under a darker rule. It keeps the table's style: Poppler
  // (and so a reader's copy and paste) reads a row of another font as a column of its own.
  m_rules.back() = Rule{m_rules.back().y, 0.8, k_ink};
  m_asked_top = top;
  top = add_row(labels.amount_to_pay, money(m_reminder.asked), top);
  m_asked_bottom = top;
  return add_row(labels.pay_by, format::date(m_reminder.pay_by, m_language), top);
}

double ReminderPainter::add_row(const char* label, const std::string& value, double top) {
  TextBlock label_block = m_typesetter.line(label, Style::Body);
  TextBlock value_block = m_typesetter.line(value, Style::Body);
  const double text_top = top + geometry::k_row_padding;
  const double bottom =
    text_top + std::max(label_block.height(), value_block.height()) + geometry::k_row_padding;
  m_texts.push_back(
    PlacedText{std::move(label_block), geometry::k_description_left, text_top, Align::Left, k_ink});
  m_texts.push_back(
    PlacedText{std::move(value_block), k_table_value_right, text_top, Align::Right, k_ink});
  m_rules.push_back(Rule{bottom, 0.5, k_rule});
  return bottom;
}

void ReminderPainter::paint(pdf::PdfWriter& writer, LetterheadDrawing drawing) {
  cairo_t* context = writer.context();
  if (m_letterhead != nullptr && drawing == LetterheadDrawing::Paint) {
    m_letterhead->paint(context, PageKind::First);
  }
  if (m_masthead_rule > 0) {
    draw_rule(context, geometry::k_left, geometry::k_right, m_masthead_rule, 0.6, k_rule);
  }
  set_colour(context, k_header_fill);
  cairo_rectangle(context, geometry::k_left, m_asked_top, k_table_rule_right - geometry::k_left,
                  m_asked_bottom - m_asked_top);
  cairo_fill(context);
  for (const Rule& rule : m_rules) {
    draw_rule(context, geometry::k_left, k_table_rule_right, rule.y, rule.width, rule.colour);
  }
  draw_placed(m_typesetter, context, m_texts);
  m_payment.paint(m_typesetter, context, m_payment_top);
  paint_page_number(m_typesetter, context, 0, page_count(), m_language);
  m_typesetter.draw_gathered_text(context);
  writer.end_page();
}

} // namespace mailroom::render
